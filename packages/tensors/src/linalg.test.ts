import { describe, expect, it } from "vitest";
import { eye, frobenius, matMul, sub, transpose } from "./dense.js";
import {
  cholesky,
  groupEigenvalues,
  inverse,
  invSqrtm,
  isPositiveSemiDefinite,
  polarFactor,
  sqrtm,
  symEig,
} from "./linalg.js";
import { createRng } from "./rng.js";

const rng = createRng("linalg");
const randomMatrix = (r: number, c: number) =>
  Array.from({ length: r }, () => Array.from({ length: c }, () => rng.normal()));
/** G Gᵀ + shift·I: symmetric positive definite. */
const randomSpd = (n: number, shift = 0.1) => {
  const G = randomMatrix(n, n);
  const S = matMul(G, transpose(G));
  for (let i = 0; i < n; i++) S[i][i] += shift;
  return S;
};
const diag = (v: number[]) => v.map((x, i) => v.map((_, j) => (i === j ? x : 0)));
const near = (X: number[][], Y: number[][], tol: number) => expect(frobenius(sub(X, Y))).toBeLessThan(tol);

describe("symEig", () => {
  it("reconstructs A = V Λ Vᵀ with orthonormal V and ascending values", () => {
    for (const n of [1, 2, 5, 9]) {
      const A = sub(randomSpd(n), diag(new Array(n).fill(3))); // indefinite
      const { values, vectors } = symEig(A);
      for (let i = 1; i < n; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
      near(matMul(matMul(vectors, diag(values)), transpose(vectors)), A, 1e-10 * n);
      near(matMul(transpose(vectors), vectors), eye(n), 1e-12 * n);
    }
  });

  it("finds known spectra: [[2,1],[1,2]] → 1, 3", () => {
    const { values } = symEig([
      [2, 1],
      [1, 2],
    ]);
    expect(values[0]).toBeCloseTo(1, 14);
    expect(values[1]).toBeCloseTo(3, 14);
  });
});

describe("factorisations", () => {
  it("cholesky: L lower triangular with L Lᵀ = A; throws naming matrix when not PD", () => {
    const A = randomSpd(6);
    const L = cholesky(A);
    for (let i = 0; i < 6; i++) for (let j = i + 1; j < 6; j++) expect(L[i][j]).toBe(0);
    near(matMul(L, transpose(L)), A, 1e-10);
    expect(() =>
      cholesky([
        [1, 2],
        [2, 1],
      ]),
    ).toThrow(/matrix/);
  });

  it("inverse: A A⁻¹ = I; singular matrices throw", () => {
    const A = sub(randomSpd(5), diag([2, 2, 2, 2, 2]));
    near(matMul(A, inverse(A)), eye(5), 1e-9);
    expect(() =>
      inverse([
        [1, 2],
        [2, 4],
      ]),
    ).toThrow(/matrix.*singular/);
  });

  it("sqrtm² = A and invSqrtm · A · invSqrtm = I; PSD singular matrices have a square root", () => {
    const A = randomSpd(5);
    const S = sqrtm(A);
    near(matMul(S, S), A, 1e-9);
    near(matMul(matMul(invSqrtm(A), A), invSqrtm(A)), eye(5), 1e-9);
    const v = [1, -2, 0.5];
    const rank1 = v.map((a) => v.map((b) => a * b));
    const R = sqrtm(rank1);
    near(matMul(R, R), rank1, 1e-10);
    expect(() => invSqrtm(rank1)).toThrow(/matrix: expected positive definite/);
    expect(() => sqrtm(diag([1, -1]))).toThrow(/matrix: expected positive semidefinite/);
  });

  it("polarFactor: orthonormal columns and M = Π (MᵀM)^½", () => {
    for (const [r, c] of [
      [4, 4],
      [6, 2],
      [5, 1],
    ]) {
      const M = randomMatrix(r, c);
      const P = polarFactor(M);
      near(matMul(transpose(P), P), eye(c), 1e-12);
      near(matMul(P, sqrtm(matMul(transpose(M), M))), M, 1e-10);
    }
    // For p* = 1 the polar factor is the direction of the vector.
    const m = [[3], [4]];
    near(polarFactor(m), [[0.6], [0.8]], 1e-14);
    expect(() => polarFactor(randomMatrix(2, 3))).toThrow(/rows ≥ cols/);
  });
});

describe("spectral utilities", () => {
  it("groupEigenvalues counts multiplicities within tol", () => {
    expect(groupEigenvalues([3, -1, 1e-12, 0, 3 + 1e-10, 2], 1e-8)).toEqual([
      { value: -1, multiplicity: 1 },
      { value: 5e-13, multiplicity: 2 },
      { value: 2, multiplicity: 1 },
      { value: 3 + 5e-11, multiplicity: 2 },
    ]);
    // Eigenvalues of I₃ ⊕ 2·I₂ from a rotated matrix.
    const Q = symEig(randomSpd(5)).vectors;
    const A = matMul(matMul(Q, diag([1, 1, 1, 2, 2])), transpose(Q));
    const groups = groupEigenvalues(symEig(A).values, 1e-9);
    expect(groups.map((g) => g.multiplicity)).toEqual([3, 2]);
    expect(groups[0].value).toBeCloseTo(1, 12);
  });

  it("isPositiveSemiDefinite", () => {
    expect(isPositiveSemiDefinite(randomSpd(4))).toBe(true);
    expect(
      isPositiveSemiDefinite([
        [1, 1],
        [1, 1],
      ]),
    ).toBe(true);
    expect(
      isPositiveSemiDefinite([
        [1, 2],
        [2, 1],
      ]),
    ).toBe(false);
    expect(
      isPositiveSemiDefinite([
        [1, 0],
        [1, 1],
      ]),
    ).toBe(false); // not symmetric
  });
});
