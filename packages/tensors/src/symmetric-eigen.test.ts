import { describe, expect, it } from "vitest";
import { denseOperator, lanczosExtremes } from "./lanczos.js";
import { symEig } from "./linalg.js";
import { createRng } from "./rng.js";
import { symmetricEigen, symmetricEigenvalues } from "./symmetric-eigen.js";

const rng = createRng("symmetric-eigen");

function randomSymmetric(n: number): Float64Array {
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const x = rng.normal();
      A[i * n + j] = x;
      A[j * n + i] = x;
    }
  }
  return A;
}

/** Q diag(values) Qᵀ with Q a random orthogonal matrix (product of Householder reflections). */
function withSpectrum(values: number[]): Float64Array {
  const n = values.length;
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) A[i * n + i] = values[i];
  const v = new Float64Array(n);
  const Av = new Float64Array(n);
  for (let reflection = 0; reflection < 3; reflection++) {
    let norm = 0;
    for (let i = 0; i < n; i++) {
      v[i] = rng.normal();
      norm += v[i] * v[i];
    }
    for (let i = 0; i < n; i++) v[i] /= Math.sqrt(norm);
    // A ← H A H with H = I − 2vvᵀ: A − 2v(Av)ᵀ − 2(Av)vᵀ + 4(vᵀAv)vvᵀ.
    let vAv = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += A[i * n + j] * v[j];
      Av[i] = s;
      vAv += v[i] * s;
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        A[i * n + j] += -2 * v[i] * Av[j] - 2 * Av[i] * v[j] + 4 * vAv * v[i] * v[j];
      }
    }
  }
  return A;
}

const rows = (A: Float64Array, n: number) =>
  Array.from({ length: n }, (_, i) => Array.from(A.subarray(i * n, (i + 1) * n)));

const maxAbsDiff = (x: ArrayLike<number>, y: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
};

describe("symmetricEigenvalues / symmetricEigen: against ml-matrix's EVD", () => {
  for (const n of [1, 2, 3, 7, 20, 61]) {
    it(`random symmetric ${n}×${n}`, () => {
      const A = randomSymmetric(n);
      const reference = symEig(rows(A, n)).values;
      const values = symmetricEigenvalues(A, n);
      const scale = Math.max(1, ...reference.map(Math.abs));
      expect(maxAbsDiff(values, reference)).toBeLessThan(1e-12 * scale * n);
      const full = symmetricEigen(A, n);
      expect(maxAbsDiff(full.values, reference)).toBeLessThan(1e-12 * scale * n);
      // A v_k = λ_k v_k and VᵀV = I.
      const V = full.vectors;
      for (let k = 0; k < n; k++) {
        let norm = 0;
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (let j = 0; j < n; j++) s += A[i * n + j] * V[j * n + k];
          expect(Math.abs(s - full.values[k] * V[i * n + k])).toBeLessThan(1e-11 * scale * n);
          norm += V[i * n + k] * V[i * n + k];
        }
        expect(Math.abs(norm - 1)).toBeLessThan(1e-12 * n);
        for (let l = 0; l < k; l++) {
          let dot = 0;
          for (let i = 0; i < n; i++) dot += V[i * n + k] * V[i * n + l];
          expect(Math.abs(dot)).toBeLessThan(1e-12 * n);
        }
      }
    });
  }
});

describe("known spectra, degenerate included", () => {
  it("recovers a prescribed spectrum with repeated eigenvalues (3 × −2, 5 × 0, 4 × 1.5, 1 × 7)", () => {
    const values = [-2, -2, -2, 0, 0, 0, 0, 0, 1.5, 1.5, 1.5, 1.5, 7];
    const A = withSpectrum(values);
    const got = symmetricEigenvalues(A, values.length);
    expect(maxAbsDiff(got, values)).toBeLessThan(1e-13 * 7 * values.length);
    const full = symmetricEigen(A, values.length);
    expect(maxAbsDiff(full.values, values)).toBeLessThan(1e-13 * 7 * values.length);
  });

  it("diagonal, zero and already-tridiagonal inputs", () => {
    const diag = new Float64Array([3, 0, 0, 0, -1, 0, 0, 0, 2]);
    expect(Array.from(symmetricEigenvalues(diag, 3))).toEqual([-1, 2, 3]);
    expect(Array.from(symmetricEigenvalues(new Float64Array(16), 4))).toEqual([0, 0, 0, 0]);
    // The path graph's Laplacian-like tridiagonal(−1, 2, −1): λ_k = 2 − 2cos(kπ/(n+1)).
    const n = 12;
    const T = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      T[i * n + i] = 2;
      if (i + 1 < n) {
        T[i * n + i + 1] = -1;
        T[(i + 1) * n + i] = -1;
      }
    }
    const exact = Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1)));
    expect(maxAbsDiff(symmetricEigenvalues(T, n), exact)).toBeLessThan(1e-14 * n * 4);
  });

  it("rejects non-finite entries and short arrays, naming the argument", () => {
    expect(() => symmetricEigenvalues(new Float64Array([1, Number.NaN, Number.NaN, 1]), 2)).toThrow(
      /matrix\[1\]/,
    );
    expect(() => symmetricEigen(new Float64Array(3), 2)).toThrow(/matrix/);
  });
});

describe("lanczosExtremes", () => {
  it("finds the extremes of a random 300×300 matrix as the dense solver does", () => {
    const n = 300;
    const A = randomSymmetric(n);
    const dense = symmetricEigenvalues(A, n);
    const r = lanczosExtremes(denseOperator(A, n), n, { count: 3 });
    expect(r.converged).toBe(true);
    const scale = Math.max(-dense[0], dense[n - 1]);
    expect(maxAbsDiff(r.lowest, dense.subarray(0, 3))).toBeLessThan(1e-8 * scale);
    expect(maxAbsDiff(r.highest, dense.subarray(n - 3))).toBeLessThan(1e-8 * scale);
  });

  it("a degenerate spectrum: the extreme values exactly, every Ritz value a true eigenvalue", () => {
    const values = [
      ...new Array(20).fill(-1),
      ...Array.from({ length: 100 }, (_, i) => 0.01 * i),
      ...new Array(30).fill(5),
    ];
    const A = withSpectrum(values);
    const r = lanczosExtremes(denseOperator(A, values.length), values.length, { count: 2 });
    expect(r.converged).toBe(true);
    expect(Math.abs(r.lowest[0] + 1)).toBeLessThan(1e-9);
    expect(Math.abs(r.highest[1] - 5)).toBeLessThan(1e-9);
    // Repeated values may appear once or (by rounding) more often; none is spurious.
    for (const x of [...r.lowest, ...r.highest]) {
      expect(Math.min(...values.map((v) => Math.abs(v - x)))).toBeLessThan(1e-9);
    }
  });

  it("an operator with few distinct eigenvalues stops early on an invariant Krylov space", () => {
    const values = [...new Array(50).fill(2), ...new Array(50).fill(-3), 1];
    const A = withSpectrum(values);
    const r = lanczosExtremes(denseOperator(A, values.length), values.length, { count: 1 });
    expect(r.iterations).toBeLessThanOrEqual(4);
    expect(Math.abs(r.lowest[0] + 3)).toBeLessThan(1e-12);
    expect(Math.abs(r.highest[0] - 2)).toBeLessThan(1e-12);
  });
});
