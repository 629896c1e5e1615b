import { Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { axpy, crossGram, dot, gemv, gemvT, ger, gram, matmul, rankUpdate, scal } from "./kernels.js";
import { createRng } from "./rng.js";

// Naive references, written from the definitions with plain number[] loops.
const rng = createRng("kernels");
const rand = (n: number) => rng.fillNormal(new Float64Array(n));
const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-12) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(tol * (1 + Math.abs(b[i])));
};
const SIZES = [1, 2, 3, 4, 5, 7, 8, 13, 64, 101];

describe("level-1 kernels", () => {
  it("dot matches Σ x_i y_i, with offsets", () => {
    for (const n of SIZES) {
      const x = rand(n + 3);
      const y = rand(n + 5);
      let ref = 0;
      for (let i = 0; i < n; i++) ref += x[i + 3] * y[i + 1];
      expect(dot(n, x, y, 3, 1)).toBeCloseTo(ref, 12);
    }
    expect(dot(0, new Float64Array(0), new Float64Array(0))).toBe(0);
  });

  it("axpy adds αx to y only in its window; scal scales only its window", () => {
    for (const n of SIZES) {
      const x = rand(n + 2);
      const y = rand(n + 4);
      const ref = Array.from(y);
      for (let i = 0; i < n; i++) ref[i + 1] += 0.7 * x[i + 2];
      axpy(n, 0.7, x, y, 2, 1);
      close(y, ref);
      const z = rand(n + 2);
      const zr = Array.from(z).map((v, i) => (i >= 1 && i < n + 1 ? -1.5 * v : v));
      scal(n, -1.5, z, 1);
      close(z, zr);
    }
  });
});

describe("level-2 kernels", () => {
  it("gemv computes αAx + β out", () => {
    for (const [rows, cols] of [
      [1, 1],
      [3, 5],
      [8, 101],
      [5, 64],
    ]) {
      const A = rand(rows * cols);
      const x = rand(cols);
      const out = rand(rows);
      const ref = Array.from(out).map((o, r) => {
        let s = 0;
        for (let c = 0; c < cols; c++) s += A[r * cols + c] * x[c];
        return 2 * s + 0.5 * o;
      });
      gemv(rows, cols, A, x, out, 2, 0.5);
      close(out, ref);
      // β = 0 ignores out's previous content, even NaN.
      const fresh = new Float64Array(rows).fill(Number.NaN);
      gemv(rows, cols, A, x, fresh);
      for (let r = 0; r < rows; r++) {
        let s = 0;
        for (let c = 0; c < cols; c++) s += A[r * cols + c] * x[c];
        expect(fresh[r]).toBeCloseTo(s, 12);
      }
    }
  });

  it("gemvT computes αAᵀx + β out", () => {
    for (const [rows, cols] of [
      [1, 1],
      [3, 5],
      [8, 101],
    ]) {
      const A = rand(rows * cols);
      const x = rand(rows);
      for (const beta of [0, 1, -0.3]) {
        const out = rand(cols);
        const ref = Array.from(out).map((o, c) => {
          let s = 0;
          for (let r = 0; r < rows; r++) s += A[r * cols + c] * x[r];
          return -1.25 * s + (beta === 0 ? 0 : beta * o);
        });
        gemvT(rows, cols, A, x, out, -1.25, beta);
        close(out, ref);
      }
    }
  });

  it("ger adds α u xᵀ", () => {
    const [rows, cols] = [6, 37];
    const A = rand(rows * cols);
    const u = rand(rows);
    const x = rand(cols);
    const ref = Array.from(A).map((a, i) => a + 0.3 * u[Math.floor(i / cols)] * x[i % cols]);
    ger(rows, cols, 0.3, u, x, A);
    close(A, ref);
  });

  it("rankUpdate adds α U Xᵀ for k = 1..6", () => {
    for (const k of [1, 2, 3, 4, 5, 6]) {
      const [rows, cols] = [5, 23];
      const A = rand(rows * cols);
      const U = rand(rows * k);
      const X = rand(cols * k);
      const ref = Array.from(A);
      for (let r = 0; r < rows; r++)
        for (let c = 0; c < cols; c++)
          for (let t = 0; t < k; t++) ref[r * cols + c] += -0.4 * U[r * k + t] * X[c * k + t];
      rankUpdate(rows, cols, k, -0.4, U, X, A);
      close(A, ref);
    }
  });
});

describe("level-3 kernels", () => {
  it("gram is scale·AAᵀ (symmetric) and crossGram is scale·ABᵀ", () => {
    const [ra, rb, cols] = [4, 3, 50];
    const A = rand(ra * cols);
    const B = rand(rb * cols);
    const G = new Float64Array(ra * ra);
    const X = new Float64Array(ra * rb);
    gram(ra, cols, A, G, 1 / cols);
    crossGram(ra, rb, cols, A, B, X, 2);
    for (let i = 0; i < ra; i++) {
      for (let j = 0; j < ra; j++) {
        let s = 0;
        for (let c = 0; c < cols; c++) s += A[i * cols + c] * A[j * cols + c];
        expect(G[i * ra + j]).toBeCloseTo(s / cols, 12);
      }
      for (let j = 0; j < rb; j++) {
        let s = 0;
        for (let c = 0; c < cols; c++) s += A[i * cols + c] * B[j * cols + c];
        expect(X[i * rb + j]).toBeCloseTo(2 * s, 11);
      }
    }
  });

  it("matmul agrees with ml-matrix", () => {
    for (const [m, k, n] of [
      [1, 1, 1],
      [3, 4, 5],
      [7, 13, 2],
      [16, 9, 33],
    ]) {
      const A = rand(m * k);
      const B = rand(k * n);
      const out = new Float64Array(m * n).fill(Number.NaN);
      matmul(m, k, n, A, B, out);
      const ref = new Matrix(
        Array.from({ length: m }, (_, i) => Array.from(A.subarray(i * k, i * k + k))),
      ).mmul(new Matrix(Array.from({ length: k }, (_, i) => Array.from(B.subarray(i * n, i * n + n)))));
      close(out, ref.to1DArray());
    }
  });
});
