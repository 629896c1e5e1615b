import { type CommitteeSpec, createOdeRhs, packState } from "@pupil/dynamics";
import type { ActivationPlugin } from "@pupil/plugin";
import { erf, quadratic, tanh } from "@pupil/plugin-activations";
import { describe, expect, it } from "vitest";
import { plateauPoint } from "./fixed-point.js";
import { createSymmetricRhs, isSymmetricSpec, symmetricLayout } from "./symmetric-rhs.js";
import { eye, smallStart, spec } from "./test-spec.test-util.js";

/** The reduced velocity against the FULL ODE's entries (dynamics' own right-hand side, every unit). */
function compare(
  s: CommitteeSpec,
  odd: boolean,
  theta: { qd: number; qo: number; m: number; v: number },
  T: number[][],
  tol: number,
) {
  const { p, pStar } = s;
  const trained = s.secondLayerLr !== undefined;
  const layout = symmetricLayout(p, odd, trained);
  const th = new Float64Array(layout.dim);
  th[0] = theta.qd;
  if (layout.iOff >= 0) th[layout.iOff] = theta.qo;
  if (layout.iM >= 0) th[layout.iM] = theta.m;
  if (layout.iV >= 0) th[layout.iV] = theta.v;
  const reduced = new Float64Array(layout.dim);
  createSymmetricRhs(s, T, layout)(th, reduced);

  const rhs = createOdeRhs(s, T.flat());
  const overlaps = {
    Q: Array.from({ length: p }, (_, j) =>
      Array.from({ length: p }, (_, k) => (j === k ? theta.qd : theta.qo)),
    ),
    M: Array.from({ length: p }, () => new Array<number>(pStar).fill(odd ? theta.m : 0)),
    T,
    ...(trained ? { v: new Array<number>(p).fill(theta.v) } : {}),
  };
  const y = packState(rhs.layout, overlaps, s.a);
  const dy = new Float64Array(rhs.dim);
  rhs.evaluate(y, dy);
  const mo = rhs.layout.mOffset;
  // Every entry of a class moves alike (the subspace is invariant), and equals the reduced velocity.
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < p; k++) {
      const expected = j === k ? reduced[0] : reduced[layout.iOff];
      expect(Math.abs(dy[j * p + k] - expected)).toBeLessThan(tol);
    }
    for (let r = 0; r < pStar; r++) {
      const expected = odd ? reduced[layout.iM] : 0;
      expect(Math.abs(dy[mo + j * pStar + r] - expected)).toBeLessThan(tol);
    }
    if (trained) expect(Math.abs(dy[rhs.layout.vOffset + j] - reduced[layout.iV])).toBeLessThan(tol);
  }
  expect(Math.max(...Array.from(reduced, Math.abs))).toBeGreaterThan(1e-4);
}

const uniform = (act: ActivationPlugin, p: number, pStar: number, extra: Partial<CommitteeSpec> = {}) =>
  spec(act, p, pStar, { a: new Float64Array(p).fill(0.8), b: new Float64Array(pStar).fill(1.1), ...extra });

describe("symmetric-subspace right-hand side: class sums against the full ODE", () => {
  it("erf, p = 5, p* = 3, η² term, label noise, weight decay, trained second layer, T = 1.2I + 0.3(11ᵀ − I)", () => {
    const T = [
      [1.2, 0.3, 0.3],
      [0.3, 1.2, 0.3],
      [0.3, 0.3, 1.2],
    ];
    const s = uniform(erf, 5, 3, { noiseTerm: true, labelNoise: 0.3, weightDecay: 0.05, secondLayerLr: 0.7 });
    compare(s, true, { qd: 0.9, qo: 0.25, m: 0.31, v: 0.6 }, T, 1e-13);
  });

  it("erf at p = 1, 2, 3 and p* = 1, 2 (classes with one member or none)", () => {
    for (const [p, pStar] of [
      [1, 1],
      [2, 1],
      [3, 2],
      [2, 2],
    ]) {
      const s = uniform(erf, p, pStar, { noiseTerm: true });
      compare(s, true, { qd: 0.7, qo: 0.1, m: 0.2, v: 0 }, eye(pStar), 1e-13);
    }
  });

  it("quadratic (even: M = 0), p = 6, p* = 2, η² term", () => {
    const s = spec(quadratic, 6, 2, { noiseTerm: true, lr: 0.3 });
    compare(s, false, { qd: 0.8, qo: 0.05, m: 0, v: 0 }, eye(2), 1e-12);
  });

  it("tanh (quadrature integrals), p = 3, p* = 2", () => {
    // The class sums take the 4-D integrals' arguments in another order than the full sum; Gauss–Hermite
    // after a Cholesky of the permuted covariance differs at its own accuracy (~1e-6 for 4-D at order 12).
    const s = uniform(tanh, 3, 2, { noiseTerm: true });
    compare(s, true, { qd: 0.6, qo: 0.15, m: 0.25, v: 0 }, eye(2), 1e-5);
  });

  it("isSymmetricSpec: unequal a, unequal b or a T that is not permutation-invariant → false", () => {
    expect(isSymmetricSpec(uniform(erf, 3, 2), eye(2))).toBe(true);
    expect(isSymmetricSpec(spec(erf, 3, 2, { a: Float64Array.from([1, 1, 0.5]) }), eye(2))).toBe(false);
    expect(isSymmetricSpec(spec(erf, 3, 2, { b: Float64Array.from([1, 0.5]) }), eye(2))).toBe(false);
    expect(
      isSymmetricSpec(uniform(erf, 3, 2), [
        [1, 0],
        [0, 2],
      ]),
    ).toBe(false);
  });
});

describe("plateauPoint: symmetric route against the general route (full right-hand side)", () => {
  const cases: [string, CommitteeSpec][] = [
    ["erf K = 3, M = 2, η = 0.5 with the η² term", uniform(erf, 3, 2, { noiseTerm: true })],
    ["erf K = 4, M = 2, trained second layer", uniform(erf, 4, 2, { secondLayerLr: 0.3 })],
    ["quadratic p = 5, p* = 2, η² term", spec(quadratic, 5, 2, { noiseTerm: true, lr: 0.2 })],
  ];
  for (const [name, s] of cases) {
    it(name, () => {
      const start = smallStart(s.p, s.pStar, 0.5, 0.05, 7);
      const fast = plateauPoint(s, start);
      const general = plateauPoint(s, start, { symmetric: false });
      expect(fast.residual).toBeLessThan(1e-10);
      expect(general.residual).toBeLessThan(1e-10);
      expect(Math.abs(fast.eg - general.eg)).toBeLessThan(1e-10 * Math.max(1, general.eg));
      for (let j = 0; j < s.p; j++) {
        for (let k = 0; k < s.p; k++) {
          expect(Math.abs(fast.overlaps.Q[j][k] - general.overlaps.Q[j][k])).toBeLessThan(1e-8);
        }
        for (let r = 0; r < s.pStar; r++) {
          expect(Math.abs(fast.overlaps.M[j][r] - general.overlaps.M[j][r])).toBeLessThan(1e-8);
        }
      }
    });
  }
});
