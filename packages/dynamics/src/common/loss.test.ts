import { erf, quadratic, relu, tanh } from "@pupil/plugin-activations";
import { createRng } from "@pupil/tensors";
import { describe, expect, it } from "vitest";
import { CommitteeIntegrals } from "./integrals.js";
import { populationLoss } from "./loss.js";
import { monteCarlo, randomOverlaps } from "./mc.test-util.js";
import { overlapsOf } from "./overlaps.js";
import { makeSpec } from "./spec.test-util.js";

const SAMPLES = 200_000;

/** ½(ŷ − y)² for u = (λ, ν). */
function halfSquaredError(
  p: number,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  g: (z: number) => number,
  gs: (z: number) => number,
) {
  return (u: Float64Array) => {
    let d = 0;
    for (let j = 0; j < p; j++) d += a[j] * g(u[j]);
    for (let r = 0; r < b.length; r++) d -= b[r] * gs(u[p + r]);
    return 0.5 * d * d;
  };
}

describe("populationLoss against Monte Carlo over (λ, ν) ~ N(0, Ω)", () => {
  const cases = [
    {
      name: "quadratic, random a and b",
      g: quadratic,
      gs: quadratic,
      p: 3,
      pStar: 2,
      a: [0.7, -0.2, 0.4],
      b: [0.5, 0.9],
    },
    { name: "erf, a = b = 1", g: erf, gs: erf, p: 2, pStar: 3, a: [1, 1], b: [1, 1, 1] },
    {
      name: "relu student, tanh teacher (mixed quadrature)",
      g: relu,
      gs: tanh,
      p: 2,
      pStar: 2,
      a: [0.8, 0.3],
      b: [1, -0.6],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const spec = makeSpec(c.g, {
        p: c.p,
        pStar: c.pStar,
        teacherActivation: c.gs,
        a: Float64Array.from(c.a),
        b: Float64Array.from(c.b),
      });
      const o = randomOverlaps(c.p, c.pStar, 11, 1.2);
      const eg = populationLoss(spec, o);
      const [mc] = monteCarlo(o, SAMPLES, 5, [halfSquaredError(c.p, c.a, c.b, c.g.f, c.gs.f)]);
      expect(Math.abs(eg - mc.mean)).toBeLessThan(5 * mc.se);
      expect(mc.se).toBeLessThan(0.02 * eg);
    });
  }

  it("uses overlaps.v as the (trained) student second layer, and a reused CommitteeIntegrals gives the same", () => {
    const spec = makeSpec(erf, { p: 2, pStar: 2 });
    const o = { ...randomOverlaps(2, 2, 3), v: [0.3, 1.7] };
    const I = new CommitteeIntegrals(erf, erf, 2, 2);
    const eg = populationLoss(spec, o, I);
    expect(populationLoss(spec, o)).toBe(eg);
    const [mc] = monteCarlo(o, SAMPLES, 6, [halfSquaredError(2, o.v, spec.b, erf.f, erf.f)]);
    expect(Math.abs(eg - mc.mean)).toBeLessThan(5 * mc.se);
  });
});

describe("overlapsOf", () => {
  it("matches Q = WWᵀ/N, M = WW*ᵀ/N, T = W*W*ᵀ/N entry by entry", () => {
    const N = 50;
    const rng = createRng(1);
    const W = new Float64Array(2 * N);
    const Ws = new Float64Array(3 * N);
    rng.fillNormal(W);
    rng.fillNormal(Ws);
    const o = overlapsOf(W, Ws, N, 2, 3);
    let m12 = 0;
    for (let x = 0; x < N; x++) m12 += W[N + x] * Ws[2 * N + x];
    expect(o.M[1][2]).toBeCloseTo(m12 / N, 14);
    expect(o.Q[0][1]).toBe(o.Q[1][0]);
    expect(o.T.length).toBe(3);
    expect(() => overlapsOf(W, Ws, N, 3, 3)).toThrow(/W: expected p·N/);
  });
});
