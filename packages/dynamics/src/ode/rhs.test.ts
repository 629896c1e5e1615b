import type { ActivationPlugin } from "@pupil/plugin";
import { erf, quadratic, relu, tanh } from "@pupil/plugin-activations";
import { describe, expect, it } from "vitest";
import { type CommitteeSpec, effectiveLr, populationLoss } from "../common/index.js";
import { monteCarlo, randomOverlaps } from "../common/mc.test-util.js";
import { makeSpec } from "../common/spec.test-util.js";
import { createOdeRhs } from "./create-rhs.js";
import { packState } from "./layout.js";

/**
 * The SGD increments averaged over x (MATH.md §1), per unit α, sampled directly:
 * dM_jr = −η a_j g'(λ_j) ν_r d − ηκM_jr, dQ_jk = −η[a_k g'(λ_k) λ_j + a_j g'(λ_j) λ_k] d + (η²/B) a_j a_k g'(λ_j)g'(λ_k) d² − 2ηκQ_jk,
 * dv_j = −η2 g(λ_j) d, with d = ŷ − y − σξ.
 */
function sampledIncrements(spec: CommitteeSpec, a: ArrayLike<number>) {
  const { p, pStar, activation: g, teacherActivation: gs, b } = spec;
  const eta = effectiveLr(spec);
  const noise = spec.noiseTerm ? (eta * eta) / spec.batch : 0;
  const sigma = spec.labelNoise;
  const d = (u: Float64Array, xi: number) => {
    let s = -sigma * xi;
    for (let j = 0; j < p; j++) s += a[j] * g.f(u[j]);
    for (let r = 0; r < pStar; r++) s -= b[r] * gs.f(u[p + r]);
    return s;
  };
  const fs: ((u: Float64Array, xi: number) => number)[] = [];
  const labels: { kind: "Q" | "M" | "v"; j: number; k: number }[] = [];
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < p; k++) {
      labels.push({ kind: "Q", j, k });
      fs.push((u, xi) => {
        const dd = d(u, xi);
        const gj = g.df(u[j]);
        const gk = g.df(u[k]);
        return -eta * (a[k] * gk * u[j] + a[j] * gj * u[k]) * dd + noise * a[j] * a[k] * gj * gk * dd * dd;
      });
    }
  }
  for (let j = 0; j < p; j++) {
    for (let r = 0; r < pStar; r++) {
      labels.push({ kind: "M", j, k: r });
      fs.push((u, xi) => -eta * a[j] * g.df(u[j]) * u[p + r] * d(u, xi));
    }
  }
  if (spec.secondLayerLr !== undefined) {
    const eta2 = spec.secondLayerLr;
    for (let j = 0; j < p; j++) {
      labels.push({ kind: "v", j, k: 0 });
      fs.push((u, xi) => -eta2 * g.f(u[j]) * d(u, xi));
    }
  }
  return { fs, labels };
}

function checkAgainstMonteCarlo(spec: CommitteeSpec, seed: number, samples: number): number {
  const o = randomOverlaps(spec.p, spec.pStar, seed, 1);
  const trained = spec.secondLayerLr !== undefined;
  const v = trained ? Array.from({ length: spec.p }, (_, j) => 0.5 + 0.3 * j) : undefined;
  const overlaps = v ? { ...o, v } : o;
  const a = v ?? spec.a;
  const rhs = createOdeRhs(spec, o.T.flat());
  const y = packState(rhs.layout, overlaps, spec.a);
  const dy = new Float64Array(rhs.dim);
  rhs.evaluate(y, dy);
  const { fs, labels } = sampledIncrements(spec, a);
  const mc = monteCarlo(overlaps, samples, seed + 100, fs);
  const kappa = spec.weightDecay * effectiveLr(spec);
  let worst = 0;
  labels.forEach((label, i) => {
    let value: number;
    let decay: number;
    if (label.kind === "Q") {
      value = dy[label.j * spec.p + label.k];
      decay = -2 * kappa * o.Q[label.j][label.k];
    } else if (label.kind === "M") {
      value = dy[rhs.layout.mOffset + label.j * spec.pStar + label.k];
      decay = -kappa * o.M[label.j][label.k];
    } else {
      value = dy[rhs.layout.vOffset + label.j];
      decay = 0;
    }
    const z = Math.abs(value - (mc[i].mean + decay)) / mc[i].se;
    worst = Math.max(worst, z);
  });
  // Also the loss the RHS reports is the population loss.
  expect(rhs.loss(y)).toBeCloseTo(populationLoss(spec, overlaps), 12);
  return worst;
}

describe("ODE right-hand side against Monte Carlo averages of the SGD increment", () => {
  it("quadratic closed form: random a, b, label noise, η² term, weight decay", () => {
    const spec = makeSpec(quadratic, {
      p: 3,
      pStar: 2,
      a: Float64Array.from([0.5, -0.3, 0.8]),
      b: Float64Array.from([0.6, 0.4]),
      lr: 0.7,
      labelNoise: 0.3,
      weightDecay: 0.05,
    });
    expect(createOdeRhs(spec, [1, 0, 0, 1]).route).toBe("quadratic");
    expect(checkAgainstMonteCarlo(spec, 1, 200_000)).toBeLessThan(5);
  });

  it("quadratic, trained second layer, batch 4, η·p scaling", () => {
    const spec = makeSpec(quadratic, {
      p: 2,
      pStar: 2,
      secondLayerLr: 0.4,
      batch: 4,
      lrScaling: "eta*p",
      lr: 0.2,
    });
    expect(checkAgainstMonteCarlo(spec, 2, 200_000)).toBeLessThan(5);
  });

  it("erf closed form with a trained second layer and label noise", () => {
    const spec = makeSpec(erf, {
      p: 2,
      pStar: 3,
      a: Float64Array.from([1, 1]),
      b: Float64Array.from([1, 0.5, 1]),
      secondLayerLr: 0.3,
      labelNoise: 0.2,
    });
    expect(createOdeRhs(spec, [1, 0, 0, 0, 1, 0, 0, 0, 1]).route).toBe("erf");
    expect(checkAgainstMonteCarlo(spec, 3, 200_000)).toBeLessThan(5);
  });

  it("different activations (tanh student, erf teacher) through the mixed-quadrature route", () => {
    const spec = makeSpec(tanh, {
      p: 2,
      pStar: 2,
      teacherActivation: erf,
      a: Float64Array.from([1, 0.7]),
      b: Float64Array.from([1, 1]),
      labelNoise: 0.1,
    });
    expect(createOdeRhs(spec, [1, 0, 0, 1]).route).toBe("integrals");
    expect(checkAgainstMonteCarlo(spec, 4, 100_000)).toBeLessThan(5);
  });
});

// ReLU's plugin gives I2, I3 and J2 in closed form but no I4, whose Gauss–Hermite value is off by ~10% (g' is a
// step): the gradient-flow ODE (no η² term) is exact, the η² term is not. Reported; tested without it.
describe("ReLU through the integrals route (closed-form I2, I3)", () => {
  it("gradient-flow RHS against Monte Carlo", () => {
    const spec = makeSpec(relu, {
      p: 2,
      pStar: 2,
      a: Float64Array.from([1, 0.6]),
      b: Float64Array.from([1, 1]),
      lr: 0.8,
      noiseTerm: false,
      weightDecay: 0.1,
    });
    expect(checkAgainstMonteCarlo(spec, 8, 200_000)).toBeLessThan(5);
  });
});

describe("closed-form routes against the generic integrals route", () => {
  function compare(spec: CommitteeSpec, seed: number, tol: number, strip: boolean, order?: number) {
    const o = randomOverlaps(spec.p, spec.pStar, seed, 1);
    const fast = createOdeRhs(spec, o.T.flat());
    let generic = createOdeRhs(spec, o.T.flat(), { route: "integrals" });
    if (strip) {
      const g: ActivationPlugin = {
        ...spec.activation,
        id: `${spec.activation.id}-numeric`,
        family: undefined,
        integrals: undefined,
      };
      generic = createOdeRhs(
        { ...spec, activation: g, teacherActivation: g },
        o.T.flat(),
        order ? { order } : {},
      );
    }
    expect(fast.route).not.toBe("integrals");
    expect(generic.route).toBe("integrals");
    const y = packState(fast.layout, o, spec.a);
    const d1 = new Float64Array(fast.dim);
    const d2 = new Float64Array(fast.dim);
    fast.evaluate(y, d1);
    generic.evaluate(y, d2);
    let scale = 0;
    for (const x of d1) scale = Math.max(scale, Math.abs(x));
    for (let i = 0; i < d1.length; i++) expect(Math.abs(d1[i] - d2[i])).toBeLessThan(tol * scale);
    expect(Math.abs(fast.loss(y) - generic.loss(y))).toBeLessThan(tol * fast.loss(y));
  }

  it("erf: inline closed forms = the plugin's closed forms", () =>
    compare(makeSpec(erf, { p: 3, pStar: 2, labelNoise: 0.2 }), 5, 1e-12, false));
  // Gauss–Hermite error on erf at unit variances falls exponentially with the order (I4: 1e-4 at 12 nodes
  // per dimension, 3e-7 at 24, 6e-9 at 32; slower when indices repeat); at 32 the worst RHS component is
  // off by ~3e-7 absolute, 2e-5 relative. A wrong formula would show at the 1e-2 level.
  it("erf: closed forms = Gauss–Hermite quadrature (closed forms stripped, 32 nodes)", () =>
    compare(makeSpec(erf, { p: 2, pStar: 2 }), 6, 5e-5, true, 32));
  it("quadratic: Isserlis closed form = Gauss–Hermite quadrature (exact for polynomials)", () =>
    compare(
      makeSpec(quadratic, { p: 3, pStar: 2, a: Float64Array.from([0.2, 0.5, -0.4]), labelNoise: 0.4 }),
      7,
      1e-9,
      true,
    ));
});
