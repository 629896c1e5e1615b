import { describe, expect, it } from "vitest";
import { cholesky } from "./linalg.js";
import { GaussianQuadrature, gaussHermite, gaussianExpectation } from "./quadrature.js";
import { createRng } from "./rng.js";
import { erf } from "./special.js";

const doubleFactorial = (n: number): number => (n <= 0 ? 1 : n * doubleFactorial(n - 2));
const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));

describe("gaussHermite (probabilists')", () => {
  it("small rules have the textbook nodes and weights", () => {
    const r2 = gaussHermite(2); // roots of He₂ = x² − 1
    expect(Array.from(r2.nodes)).toEqual([-1, 1]);
    expect(r2.weights[0]).toBeCloseTo(0.5, 15);
    const r3 = gaussHermite(3); // roots of He₃ = x³ − 3x; weights 1/6, 2/3, 1/6
    expect(r3.nodes[2]).toBeCloseTo(Math.sqrt(3), 14);
    expect(r3.nodes[1]).toBe(0);
    expect(r3.weights[1]).toBeCloseTo(2 / 3, 14);
    expect(r3.weights[0]).toBeCloseTo(1 / 6, 14);
  });

  it("weights sum to 1 and E z^{2k} = (2k−1)!! exactly up to degree 2·order − 1", () => {
    for (const order of [1, 4, 7, 12, 20, 32]) {
      const { nodes, weights } = gaussHermite(order);
      for (let deg = 0; deg <= 2 * order - 1; deg++) {
        let q = 0;
        let magnitude = 0; // Σ w |x|^deg: the rounding scale of the sum (odd moments cancel between ±x)
        for (let i = 0; i < order; i++) {
          q += weights[i] * nodes[i] ** deg;
          magnitude += weights[i] * Math.abs(nodes[i]) ** deg;
        }
        const exact = deg % 2 === 1 ? 0 : doubleFactorial(deg - 1);
        expect(Math.abs(q - exact)).toBeLessThan(1e-13 * magnitude + 1e-15);
      }
    }
  });

  it("is not exact at degree 2·order: Σ w z^{2n} = (2n−1)!! − n! (He_n vanishes on the nodes, E He_n² = n!)", () => {
    for (const order of [2, 5, 9]) {
      const { nodes, weights } = gaussHermite(order);
      let q = 0;
      for (let i = 0; i < order; i++) q += weights[i] * nodes[i] ** (2 * order);
      const expected = doubleFactorial(2 * order - 1) - factorial(order);
      expect(Math.abs(q - expected)).toBeLessThan(1e-10 * doubleFactorial(2 * order - 1));
    }
  });

  it("returns fresh arrays and validates order", () => {
    const a = gaussHermite(5);
    a.nodes[0] = 99;
    expect(gaussHermite(5).nodes[0]).not.toBe(99);
    expect(() => gaussHermite(0)).toThrow(/order/);
    expect(() => gaussHermite(2.5)).toThrow(/order/);
  });
});

const rng = createRng("quadrature");
/** Random covariance G Gᵀ/d + 0.2 I. */
function randomCovariance(d: number): Float64Array {
  const G = rng.fillNormal(new Float64Array(d * d));
  const C = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += G[i * d + k] * G[j * d + k];
      C[i * d + j] = s / d + (i === j ? 0.2 : 0);
    }
  return C;
}

function checkMoments(q: GaussianQuadrature, C: ArrayLike<number>, d: number) {
  const c = (i: number, j: number) => C[i * d + j];
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) {
      expect(q.expect(C, (z) => z[i] * z[j])).toBeCloseTo(c(i, j), 12);
      expect(Math.abs(q.expect(C, (z) => z[i] * z[j] * z[j]))).toBeLessThan(1e-12); // odd moments vanish
      for (let k = 0; k < d; k++)
        for (let l = 0; l < d; l++) {
          const isserlis = c(i, j) * c(k, l) + c(i, k) * c(j, l) + c(i, l) * c(j, k);
          const value = q.expect(C, (z) => z[i] * z[j] * z[k] * z[l]);
          expect(Math.abs(value - isserlis)).toBeLessThan(1e-11 * (1 + Math.abs(isserlis)));
        }
    }
}

describe("GaussianQuadrature", () => {
  it("reproduces E[z_i z_j] = C_ij and Isserlis' fourth moments in dimensions 1–4", () => {
    for (const d of [1, 2, 3, 4] as const) checkMoments(new GaussianQuadrature(d), randomCovariance(d), d);
  });

  it("matches the erf closed form E[erf(z₁/√2) erf(z₂/√2)] = (2/π) asin(C₁₂/√((1+C₁₁)(1+C₂₂)))", () => {
    const g = (x: number) => erf(x / Math.SQRT2);
    const f = (z: Float64Array) => g(z[0]) * g(z[1]);
    // [C₁₁, C₁₂, C₂₂]; the first three are unit-scale (overlaps near the identity), the last has variances 3–4.
    const cases = [
      [1, 0.3, 1],
      [0.5, -0.4, 1.5],
      [1.2, 1.0, 0.9],
      [4, 3, 3],
    ];
    const fine = new GaussianQuadrature(2, 100);
    const standard = new GaussianQuadrature(2);
    for (const [c11, c12, c22] of cases) {
      const C = [c11, c12, c12, c22];
      const closed = (2 / Math.PI) * Math.asin(c12 / Math.sqrt((1 + c11) * (1 + c22)));
      expect(Math.abs(fine.expect(C, f) - closed)).toBeLessThan(1e-10);
      // The default order (24) resolves unit-scale covariances to 1e-8; the error grows with the variance.
      if (Math.max(c11, c22) <= 1.5) expect(Math.abs(standard.expect(C, f) - closed)).toBeLessThan(1e-8);
    }
  });

  it("agrees with Monte Carlo on E[tanh(z₁) tanh(z₂) relu(z₃)] within 5 standard errors", () => {
    const C = Float64Array.from([1, 0.6, 0.3, 0.6, 1.5, -0.4, 0.3, -0.4, 0.8]);
    const f = (z: ArrayLike<number>) => Math.tanh(z[0]) * Math.tanh(z[1]) * Math.max(0, z[2]);
    const quad = new GaussianQuadrature(3, 24).expect(C, f);
    const L = cholesky([
      [1, 0.6, 0.3],
      [0.6, 1.5, -0.4],
      [0.3, -0.4, 0.8],
    ]);
    const mc = createRng("mc");
    const n = 200_000;
    const g = new Float64Array(3);
    const z = new Float64Array(3);
    let s = 0;
    let s2 = 0;
    for (let t = 0; t < n; t++) {
      mc.fillNormal(g);
      for (let a = 0; a < 3; a++) z[a] = L[a][0] * g[0] + L[a][1] * g[1] + L[a][2] * g[2];
      const v = f(z);
      s += v;
      s2 += v * v;
    }
    const mean = s / n;
    const se = Math.sqrt((s2 / n - mean * mean) / n);
    expect(Math.abs(quad - mean)).toBeLessThan(5 * se);
    expect(Math.abs(quad)).toBeGreaterThan(10 * se); // the test can see a wrong sign or a dropped term
  });

  it("is exact and NaN-free for singular covariances (repeated and dependent coordinates)", () => {
    // z₁ = z₂ (identical coordinates): E[z₁² z₂²] = E z⁴ = 3 C₁₁², E[(z₁ − z₂)²] = 0.
    const q2 = new GaussianQuadrature(2);
    const same = [0.7, 0.7, 0.7, 0.7];
    expect(q2.expect(same, (z) => z[0] * z[0] * z[1] * z[1])).toBeCloseTo(3 * 0.49, 13);
    expect(q2.expect(same, (z) => (z[0] - z[1]) ** 2)).toBeLessThan(1e-28);
    const g = (x: number) => erf(x / Math.SQRT2);
    const closed = (2 / Math.PI) * Math.asin(0.7 / 1.7);
    expect(q2.expect(same, (z) => g(z[0]) * g(z[1]))).toBeCloseTo(closed, 10);
    // z₃ = z₁ + z₂ and z₄ = z₁: rank 2 in dimension 4; Isserlis still holds.
    const base = randomCovariance(2);
    const A = [
      [1, 0],
      [0, 1],
      [1, 1],
      [1, 0],
    ];
    const C4 = new Float64Array(16);
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 4; j++)
        for (let a = 0; a < 2; a++)
          for (let b = 0; b < 2; b++) C4[i * 4 + j] += A[i][a] * base[a * 2 + b] * A[j][b];
    checkMoments(new GaussianQuadrature(4), C4, 4);
    // The zero covariance gives f(0).
    expect(q2.expect([0, 0, 0, 0], (z) => Math.cos(z[0]) + z[1])).toBe(1);
  });

  it("names bad input", () => {
    expect(() => new GaussianQuadrature(5 as 4)).toThrow(/dim/);
    expect(() => new GaussianQuadrature(2, 0)).toThrow(/order/);
    const q = new GaussianQuadrature(2);
    expect(() => q.expect([1, 2], () => 1)).toThrow(/C: expected 2×2/);
    expect(() => q.expect([1, 2, 0, 1], () => 1)).toThrow(/C: expected a symmetric/);
    expect(() => q.expect([1, 2, 2, 1], () => 1)).toThrow(/C: expected a positive semidefinite/);
    expect(() => q.expect([0, 1, 1, 0], () => 1)).toThrow(/C: expected a positive semidefinite/);
    expect(() => q.expect([1, Number.NaN, Number.NaN, 1], () => 1)).toThrow(/C\[1\]/);
  });

  it("gaussianExpectation wraps a one-off rule", () => {
    expect(gaussianExpectation((z) => z[0] ** 4, [2], 1)).toBeCloseTo(12, 12);
    expect(gaussianExpectation((z) => z[0] * z[1], [1, 0.3, 0.3, 2], 2, 3)).toBeCloseTo(0.3, 14);
  });
});
