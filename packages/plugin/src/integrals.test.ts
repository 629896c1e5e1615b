import { createRng, type Rng } from "@pupil/tensors";
import { describe, expect, it } from "vitest";
import { defineActivation } from "./define.js";
import { type ResolvedIntegrals, resolveIntegrals } from "./integrals.js";
import type { ActivationPlugin, Covariance } from "./types.js";

// ---- An independent route: the erf soft-committee closed forms (Saad & Solla 1995), written out here. ----
// erf via its everywhere-positive series erf(x) = 2/√π e^{-x²} Σ 2ⁿ x^{2n+1}/(2n+1)!! (no cancellation).
function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax >= 6) return Math.sign(x); // erfc(6) ≈ 2e-17
  let term = ax;
  let sum = ax;
  for (let n = 1; term > 1e-17 * sum; n++) {
    term *= (2 * ax * ax) / (2 * n + 1);
    sum += term;
  }
  return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * Math.exp(-ax * ax) * sum;
}
const erfAct: ActivationPlugin = defineActivation({
  id: "test-erf",
  f: (z) => erf(z / Math.SQRT2),
  df: (z) => Math.sqrt(2 / Math.PI) * Math.exp(-0.5 * z * z),
  tf: (tf, x) => tf.erf(tf.div(x, Math.SQRT2)),
});
const at = (C: Covariance, i: number, j: number) => C.data[i * C.n + j];
const erfI2 = (C: Covariance, a: number, b: number) =>
  (2 / Math.PI) * Math.asin(at(C, a, b) / Math.sqrt((1 + at(C, a, a)) * (1 + at(C, b, b))));
const erfJ2 = (C: Covariance, a: number, b: number) =>
  2 / Math.PI / Math.sqrt((1 + at(C, a, a)) * (1 + at(C, b, b)) - at(C, a, b) ** 2);
function erfI3(C: Covariance, i: number, b: number, c: number): number {
  const L3 = (1 + at(C, i, i)) * (1 + at(C, c, c)) - at(C, i, c) ** 2;
  const num = at(C, b, c) * (1 + at(C, i, i)) - at(C, i, b) * at(C, i, c);
  return ((2 / Math.PI) * num) / Math.sqrt(L3) / (1 + at(C, i, i));
}
function erfI4(C: Covariance, i: number, k: number, a: number, b: number): number {
  const c = (x: number, y: number) => at(C, x, y);
  const L4 = (1 + c(i, i)) * (1 + c(k, k)) - c(i, k) ** 2;
  const L0 =
    L4 * c(a, b) -
    c(k, a) * c(k, b) * (1 + c(i, i)) -
    c(i, a) * c(i, b) * (1 + c(k, k)) +
    c(i, k) * c(i, a) * c(k, b) +
    c(i, k) * c(i, b) * c(k, a);
  const L = (x: number) =>
    L4 * (1 + c(x, x)) -
    c(k, x) ** 2 * (1 + c(i, i)) -
    c(i, x) ** 2 * (1 + c(k, k)) +
    2 * c(i, k) * c(i, x) * c(k, x);
  return (4 / Math.PI ** 2 / Math.sqrt(L4)) * Math.asin(L0 / Math.sqrt(L(a) * L(b)));
}

/**
 * A covariance with variances in [0.3, 1.5] (the size of overlaps Q, T) and the correlations of A Aᵀ + ridge·I
 * for a random n×m factor A (m < n and ridge = 0 give a singular C).
 */
function randomCovariance(rng: Rng, n: number, m = n, ridge = 0.05): Covariance {
  const A = new Float64Array(n * m);
  rng.fillNormal(A);
  const G = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = i === j ? ridge : 0;
      for (let t = 0; t < m; t++) s += A[i * m + t] * A[j * m + t];
      G[i * n + j] = s;
    }
  }
  const sd = Array.from({ length: n }, (_, i) => Math.sqrt(rng.uniform(0.3, 1.5) / G[i * n + i]));
  const data = G.map((g, k) => g * (sd[Math.floor(k / n)] * sd[k % n]));
  return { n, data };
}

// Index patterns with repeats and distinct indices, into a 5×5 covariance.
const I2_IDX: [number, number][] = [
  [0, 0],
  [0, 3],
  [4, 1],
];
const I3_IDX: [number, number, number][] = [
  [0, 0, 0],
  [0, 1, 0],
  [0, 0, 2],
  [1, 2, 3],
  [2, 4, 4],
  [3, 1, 1],
];
const I4_IDX: [number, number, number, number][] = [
  [0, 0, 0, 0],
  [0, 0, 1, 1],
  [0, 1, 2, 3],
  [1, 1, 2, 4],
  [2, 3, 2, 3],
  [0, 1, 4, 4],
  [3, 0, 3, 2],
];

// Bounds: the worst error seen over 40 seeded covariances, rounded up about 3× (the error is heavy-tailed: it
// grows with the largest variance and the strongest correlation). Values are O(0.01–1).
describe("resolveIntegrals by quadrature vs the erf closed forms of Saad & Solla", () => {
  const quad = resolveIntegrals(erfAct);
  const fine = resolveIntegrals(erfAct, { order: { 3: 32, 4: 20 } });
  const rng = createRng("integrals-erf");
  const covs = [0, 1, 2].map(() => randomCovariance(rng, 5));
  const maxError = (q: ResolvedIntegrals, name: "I2" | "J2" | "I3" | "I4", C: Covariance) => {
    const [patterns, exact] =
      name === "I2"
        ? [I2_IDX, erfI2]
        : name === "J2"
          ? [I2_IDX, erfJ2]
          : name === "I3"
            ? [I3_IDX, erfI3]
            : [I4_IDX, erfI4];
    let worst = 0;
    for (const idx of patterns as number[][]) {
      const got = (q[name] as (C: Covariance, ...i: number[]) => number)(C, ...idx);
      worst = Math.max(
        worst,
        Math.abs(got - (exact as (C: Covariance, ...i: number[]) => number)(C, ...idx)),
      );
    }
    return worst;
  };

  it("I2 and J2 (1-D and 2-D Gaussians) to 1e-12 at the default orders", () => {
    for (const C of covs) {
      expect(maxError(quad, "I2", C)).toBeLessThan(1e-12);
      expect(maxError(quad, "J2", C)).toBeLessThan(1e-12);
    }
  });
  it("I3 with repeated and distinct indices: 1e-6 at the default orders, 1e-9 at order 32", () => {
    for (const C of covs) {
      expect(maxError(quad, "I3", C)).toBeLessThan(1e-6);
      expect(maxError(fine, "I3", C)).toBeLessThan(1e-9);
    }
  });
  it("I4 with repeated and distinct indices (1-D to 4-D): 1e-3 at the default orders, 1e-5 at order 20", () => {
    for (const C of covs) {
      expect(maxError(quad, "I4", C)).toBeLessThan(1e-3);
      expect(maxError(fine, "I4", C)).toBeLessThan(1e-5);
    }
  });
  it("singular covariances: rank-2 C in 5 dimensions, a copied unit and a zero variance", () => {
    const C = randomCovariance(rng, 5, 2, 0);
    expect(maxError(quad, "I4", C)).toBeLessThan(1e-3);
    expect(maxError(quad, "I3", C)).toBeLessThan(1e-6);
    expect(maxError(quad, "J2", C)).toBeLessThan(1e-12);
    // Rank 2: the grid spans only the rank, so 48 nodes per axis cost 48² points even in 4-D. (The I4 closed form
    // itself is ill-conditioned here: its asin argument sits near ±1, so rounding costs it ~1e-8.)
    const rank2 = resolveIntegrals(erfAct, { order: 48 });
    expect(maxError(rank2, "I4", C)).toBeLessThan(1e-6);
    expect(maxError(rank2, "I3", C)).toBeLessThan(1e-10);
    // u_1 = u_0 exactly, u_2 ≡ 0.
    const v = 0.8;
    const D: Covariance = { n: 3, data: [v, v, 0, v, v, 0, 0, 0, 0] };
    expect(quad.I2(D, 0, 1)).toBeCloseTo(erfI2(D, 0, 0), 12);
    expect(quad.I2(D, 0, 2)).toBe(0);
    expect(quad.J2(D, 2, 2)).toBeCloseTo(2 / Math.PI, 12);
    expect(quad.I4(D, 0, 1, 0, 1)).toBeCloseTo(erfI4(D, 0, 1, 0, 1), 10);
    expect(quad.I4(D, 0, 2, 1, 2)).toBe(0);
  });
  it("gives the same number again after other dimensions used the shared buffers", () => {
    const C = covs[0];
    const first = quad.I4(C, 0, 1, 2, 3);
    quad.I2(C, 1, 1);
    quad.I3(C, 4, 2, 2);
    expect(quad.I4(C, 0, 1, 2, 3)).toBe(first);
  });
});

describe("resolveIntegrals by quadrature vs Monte Carlo (tanh, no closed form)", () => {
  it("agrees within 5 standard errors for every integral", () => {
    const tanh = defineActivation({
      id: "test-tanh",
      f: Math.tanh,
      df: (z) => 1 - Math.tanh(z) ** 2,
      tf: (tf, x) => tf.tanh(x),
    });
    const quad = resolveIntegrals(tanh);
    const rng = createRng("integrals-mc");
    const C = randomCovariance(rng, 4);
    // Cholesky of C (C is positive definite: ridge 0.05) to sample u = L z.
    const n = 4;
    const L = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let s = C.data[i * n + j];
        for (let t = 0; t < j; t++) s -= L[i * n + t] * L[j * n + t];
        L[i * n + j] = i === j ? Math.sqrt(s) : s / L[j * n + j];
      }
    }
    const samples = 200_000;
    const z = new Float64Array(n);
    const u = new Float64Array(n);
    type Case = { value: number; f: (u: Float64Array) => number; sum: number; sum2: number };
    const g = Math.tanh;
    const dg = (x: number) => 1 - Math.tanh(x) ** 2;
    const cases: Case[] = [
      { value: quad.I2(C, 0, 0), f: (u) => g(u[0]) ** 2, sum: 0, sum2: 0 },
      { value: quad.I2(C, 1, 2), f: (u) => g(u[1]) * g(u[2]), sum: 0, sum2: 0 },
      { value: quad.J2(C, 0, 3), f: (u) => dg(u[0]) * dg(u[3]), sum: 0, sum2: 0 },
      { value: quad.I3(C, 0, 1, 2), f: (u) => dg(u[0]) * u[1] * g(u[2]), sum: 0, sum2: 0 },
      { value: quad.I3(C, 3, 3, 1), f: (u) => dg(u[3]) * u[3] * g(u[1]), sum: 0, sum2: 0 },
      { value: quad.I4(C, 0, 1, 2, 3), f: (u) => dg(u[0]) * dg(u[1]) * g(u[2]) * g(u[3]), sum: 0, sum2: 0 },
      { value: quad.I4(C, 2, 2, 0, 0), f: (u) => dg(u[2]) ** 2 * g(u[0]) ** 2, sum: 0, sum2: 0 },
    ];
    for (let s = 0; s < samples; s++) {
      rng.fillNormal(z);
      for (let i = 0; i < n; i++) {
        let acc = 0;
        for (let t = 0; t <= i; t++) acc += L[i * n + t] * z[t];
        u[i] = acc;
      }
      for (const c of cases) {
        const y = c.f(u);
        c.sum += y;
        c.sum2 += y * y;
      }
    }
    for (const c of cases) {
      const mean = c.sum / samples;
      const stderr = Math.sqrt((c.sum2 / samples - mean * mean) / samples);
      expect(stderr).toBeGreaterThan(0);
      expect(Math.abs(c.value - mean)).toBeLessThan(5 * stderr);
    }
  });
});

describe("resolveIntegrals dispatch and input checks", () => {
  it("uses the plugin's closed forms where given and quadrature for the rest", () => {
    let calls = 0;
    const withI2 = defineActivation({
      ...erfAct,
      integrals: {
        I2: (C, a, b) => {
          calls++;
          return erfI2(C, a, b);
        },
      },
    });
    const r = resolveIntegrals(withI2);
    expect(r.closedForm).toEqual({ I2: true, J2: false, I3: false, I4: false });
    const C: Covariance = { n: 2, data: [1, 0.3, 0.3, 0.7] };
    r.I2(C, 0, 1);
    expect(calls).toBe(1);
    const q = resolveIntegrals(withI2, { closedForms: false });
    expect(q.closedForm.I2).toBe(false);
    expect(q.I2(C, 0, 1)).toBeCloseTo(erfI2(C, 0, 1), 10);
    expect(calls).toBe(1);
  });
  it("integrates over the distinct indices only: I2(a,a) uses the 1-D rule, I4(i,i,a,b) the 3-D one", () => {
    const C: Covariance = {
      n: 4,
      data: [1, 0.3, 0.2, -0.1, 0.3, 1.2, 0.1, 0.25, 0.2, 0.1, 0.8, 0.3, -0.1, 0.25, 0.3, 0.9],
    };
    // A deliberately poor rule in one dimension shows which dimension each call used.
    const poor1 = resolveIntegrals(erfAct, { order: { 1: 3, 2: 48, 3: 24, 4: 16 } });
    expect(Math.abs(poor1.I2(C, 1, 1) - erfI2(C, 1, 1))).toBeGreaterThan(1e-4);
    expect(poor1.I2(C, 0, 1)).toBeCloseTo(erfI2(C, 0, 1), 12);
    const poor3 = resolveIntegrals(erfAct, { order: { 1: 64, 2: 48, 3: 3, 4: 16 } });
    expect(Math.abs(poor3.I4(C, 0, 0, 1, 2) - erfI4(C, 0, 0, 1, 2))).toBeGreaterThan(1e-4);
    expect(Math.abs(poor3.I4(C, 0, 1, 2, 3) - erfI4(C, 0, 1, 2, 3))).toBeLessThan(1e-5);
  });
  it("a higher order reaches the same number", () => {
    const C: Covariance = { n: 3, data: [1, 0.2, -0.1, 0.2, 0.9, 0.4, -0.1, 0.4, 1.3] };
    const lo = resolveIntegrals(erfAct, { order: { 3: 6 } });
    const hi = resolveIntegrals(erfAct, { order: 24 });
    expect(Math.abs(lo.I3(C, 0, 1, 2) - erfI3(C, 0, 1, 2))).toBeGreaterThan(1e-6);
    expect(hi.I3(C, 0, 1, 2)).toBeCloseTo(erfI3(C, 0, 1, 2), 9);
  });
  it("names the bad argument", () => {
    const r = resolveIntegrals(erfAct);
    const C: Covariance = { n: 2, data: [1, 0, 0, 1] };
    expect(() => r.I2(C, 0, 2)).toThrow(/I2: index argument 2 must be an integer in \[0, 2\); got 2/);
    expect(() => r.I4(C, 0, 0.5, 1, 1)).toThrow(/I4: index argument 2/);
    expect(() => r.J2({ n: 2, data: [1, 0, 0] }, 0, 1)).toThrow(/J2: "C" must be a covariance/);
    expect(() => resolveIntegrals(erfAct, { order: 0 })).toThrow(/"order" must be a positive integer/);
    expect(() => resolveIntegrals({} as never)).toThrow(/"activation" must be an activation plugin/);
  });
});
