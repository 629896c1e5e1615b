// Every closed-form integral against Monte Carlo (fixed seed, 5 standard errors), at every index tuple
// (repeats included) of several covariances, singular ones among them. The conformance kit compares the same
// closed forms against quadrature; this is a second, independent route.
import type { ActivationPlugin, Covariance } from "@pupil/plugin";
import { describe, expect, it } from "vitest";
import { erf } from "./erf.js";
import { linear, quadratic } from "./polynomial.js";
import { leakyRelu, relu } from "./relu.js";
import { type Estimate, estimateIntegrals, indexTuples } from "./test-support/monte-carlo.js";

const SAMPLES = 60_000;
const SIGMAS = 5;

/** Mixing matrices A (u = A z, C = A Aᵀ), four coordinates each. */
const covariances: Record<string, number[][]> = {
  generic: [
    [1, 0, 0, 0],
    [0.6, 0.8, 0, 0],
    [-0.5, 0.35, 1.5, 0],
    [0.1, -0.5, 0.4, 0.7],
  ],
  "mixed scales": [
    [0.2, 0, 0, 0],
    [0.1, 1.9, 0, 0],
    [0.4, -0.3, 0.5, 0],
    [0, 0.6, -0.2, 1.1],
  ],
  // u1 = u0, u3 = −(4/3) u0, u2 ≡ 0: rank one, with equal, opposite and identically-zero coordinates.
  "singular (rank 1)": [
    [0.9, 0],
    [0.9, 0],
    [0, 0],
    [-1.2, 0],
  ],
  // u1 = −u0 (θ = π), the others in general position.
  "singular (rank 2)": [
    [1, 0],
    [-1, 0],
    [0.5, 0.8],
    [0.3, -0.6],
  ],
};

const cases: [string, ActivationPlugin][] = [
  ["linear", linear],
  ["quadratic", quadratic],
  ["erf", erf],
  ["relu", relu],
  ["leaky-relu (0.01)", leakyRelu],
  ["leaky-relu (0.3)", leakyRelu.configure!({ slope: 0.3 })],
  ["leaky-relu (-0.5)", leakyRelu.configure!({ slope: -0.5 })],
];

const arity = { I2: 2, J2: 2, I3: 3, I4: 4 } as const;
type Name = keyof typeof arity;

/** Each tuple where the closed form is more than 5 standard errors (+ rounding) from the estimate. */
function mismatches(
  name: Name,
  closedForm: (C: Covariance, ...indices: number[]) => number,
  C: Covariance,
  estimate: (...indices: number[]) => Estimate,
): string[] {
  const out: string[] = [];
  for (const t of indexTuples(C.n, arity[name])) {
    const value = closedForm(C, ...t);
    const { mean, stderr } = estimate(...t);
    const rounding = 1e-12 * (1 + Math.abs(mean));
    if (!(Math.abs(value - mean) <= SIGMAS * stderr + rounding)) {
      out.push(`${name}(${t}) closed form ${value} vs Monte Carlo ${mean} ± ${stderr}`);
    }
  }
  return out;
}

describe.each(cases)("%s: closed forms vs Monte Carlo", (_label, plugin) => {
  const names = Object.keys(plugin.integrals ?? {}) as Name[];
  it.each(Object.entries(covariances))("%s covariance", (_name, A) => {
    const estimates = estimateIntegrals(plugin, A, {
      samples: SAMPLES,
      seed: 20261123,
      withI4: names.includes("I4"),
    });
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const closedForm = plugin.integrals![name] as (C: Covariance, ...indices: number[]) => number;
      const estimate = estimates[name] as (...indices: number[]) => Estimate;
      expect(mismatches(name, closedForm, estimates.C, estimate)).toEqual([]);
    }
  });
});

describe("the Monte Carlo check can fail", () => {
  const A = covariances.generic;
  const cov = (C: Covariance, a: number, b: number) => C.data[a * C.n + b];

  it("rejects erf's I2 off by 5%", () => {
    const est = estimateIntegrals(erf, A, { samples: SAMPLES, seed: 7, withI4: false });
    const wrong = (C: Covariance, a: number, b: number) => 1.05 * erf.integrals!.I2!(C, a, b);
    // At least the four diagonal entries: |I2(a,a)| ≥ 0.3 there, so 5% is about eight standard errors.
    expect(mismatches("I2", wrong, est.C, est.I2).length).toBeGreaterThanOrEqual(4);
  });

  it("rejects relu's I3 without its Stein δ-term", () => {
    const est = estimateIntegrals(relu, A, { samples: SAMPLES, seed: 7, withI4: false });
    const wrong = (C: Covariance, i: number, b: number, c: number) => {
      const cii = cov(C, i, i);
      const ccc = cov(C, c, c);
      const theta = Math.acos(cov(C, i, c) / Math.sqrt(cii * ccc));
      return (cov(C, b, c) * (Math.PI - theta)) / (2 * Math.PI);
    };
    expect(mismatches("I3", wrong, est.C, est.I3).length).toBeGreaterThan(32);
  });
});
