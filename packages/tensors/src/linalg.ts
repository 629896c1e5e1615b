// Small dense linear algebra through ml-matrix, number[][] in and out.
import {
  CholeskyDecomposition,
  EigenvalueDecomposition,
  Matrix,
  inverse as mlInverse,
  SingularValueDecomposition,
} from "ml-matrix";
import { type DenseMatrix, isSymmetric, shapeOf } from "./dense.js";

export interface SymmetricEigen {
  /** Eigenvalues in ascending order. */
  values: number[];
  /** Columns are the unit eigenvectors, in the order of `values`. */
  vectors: number[][];
}

function square(A: DenseMatrix, name: string): number {
  const [r, c] = shapeOf(A, name);
  if (r !== c) throw new Error(`${name}: expected a square matrix, got ${r}×${c}`);
  return r;
}

function symmetric(A: DenseMatrix, name: string): number {
  const n = square(A, name);
  if (!isSymmetric(A, 1e-10)) throw new Error(`${name}: expected a symmetric matrix`);
  return n;
}

/** Symmetric eigendecomposition A = V Λ Vᵀ (A is symmetrised as (A + Aᵀ)/2 first). */
export function symEig(A: DenseMatrix): SymmetricEigen {
  const n = symmetric(A, "matrix");
  const S = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) S.set(i, j, 0.5 * (A[i][j] + A[j][i]));
  const eig = new EigenvalueDecomposition(S, { assumeSymmetric: true });
  const values = eig.realEigenvalues;
  const V = eig.eigenvectorMatrix;
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  return {
    values: order.map((i) => values[i]),
    vectors: Array.from({ length: n }, (_, r) => order.map((i) => V.get(r, i))),
  };
}

/** Lower-triangular L with L Lᵀ = A; throws naming 'matrix' when A is not symmetric positive definite. */
export function cholesky(A: DenseMatrix): DenseMatrix {
  symmetric(A, "matrix");
  const chol = new CholeskyDecomposition(new Matrix(A));
  if (!chol.isPositiveDefinite()) throw new Error("matrix: expected a symmetric positive definite matrix");
  return chol.lowerTriangularMatrix.to2DArray();
}

/** A⁻¹; throws naming 'matrix' when A is singular (or numerically so). */
export function inverse(A: DenseMatrix): DenseMatrix {
  const n = square(A, "matrix");
  const inv = mlInverse(new Matrix(A));
  const out = inv.to2DArray();
  if (out.some((row) => row.some((v) => !Number.isFinite(v)))) {
    throw new Error("matrix: expected an invertible matrix (it is singular)");
  }
  // Guard against a numerically singular LU that still returned finite numbers.
  const residual = new Matrix(A).mmul(inv).sub(Matrix.eye(n)).norm("frobenius");
  if (!(residual < 1e-6 * Math.sqrt(n)))
    throw new Error("matrix: expected an invertible matrix (it is singular)");
  return out;
}

function spectralFunction(A: DenseMatrix, g: (lambda: number) => number): DenseMatrix {
  const { values, vectors } = symEig(A);
  const n = values.length;
  const gv = values.map(g);
  const out: DenseMatrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += vectors[i][k] * gv[k] * vectors[j][k];
      out[i][j] = s;
      out[j][i] = s;
    }
  }
  return out;
}

function spectralScale(values: number[]): number {
  return Math.max(1e-300, ...values.map(Math.abs));
}

/** Principal square root of a symmetric PSD matrix (eigenvalues down to −1e-10·‖A‖ are clipped to 0). */
export function sqrtm(A: DenseMatrix): DenseMatrix {
  const { values } = symEig(A);
  const tol = 1e-10 * spectralScale(values);
  if (values[0] < -tol)
    throw new Error(`matrix: expected positive semidefinite, smallest eigenvalue ${values[0]}`);
  return spectralFunction(A, (l) => Math.sqrt(Math.max(l, 0)));
}

/** A^{-1/2} of a symmetric positive definite matrix. */
export function invSqrtm(A: DenseMatrix): DenseMatrix {
  const { values } = symEig(A);
  if (!(values[0] > 1e-14 * spectralScale(values))) {
    throw new Error(`matrix: expected positive definite, smallest eigenvalue ${values[0]}`);
  }
  return spectralFunction(A, (l) => 1 / Math.sqrt(l));
}

/**
 * Polar factor Π(M) = M (MᵀM)^{-1/2} of a rows×cols matrix with rows ≥ cols and full column rank,
 * computed stably as U Vᵀ from the thin SVD M = U Σ Vᵀ. Its columns are orthonormal.
 */
export function polarFactor(M: DenseMatrix): DenseMatrix {
  const [rows, cols] = shapeOf(M, "matrix");
  if (rows < cols) throw new Error(`matrix: expected rows ≥ cols, got ${rows}×${cols}`);
  const svd = new SingularValueDecomposition(new Matrix(M), { autoTranspose: true });
  const s = svd.diagonal;
  const smax = Math.max(...s);
  if (!(Math.min(...s) > 1e-12 * smax))
    throw new Error("matrix: expected full column rank (MᵀM is singular)");
  const U = svd.leftSingularVectors;
  const V = svd.rightSingularVectors;
  return U.subMatrix(0, rows - 1, 0, cols - 1)
    .mmul(V.subMatrix(0, cols - 1, 0, cols - 1).transpose())
    .to2DArray();
}

/** Groups ascending (or any-order) eigenvalues that lie within tol of their group's first member. */
export function groupEigenvalues(values: number[], tol = 1e-8): { value: number; multiplicity: number }[] {
  if (!Array.isArray(values)) throw new Error("values: expected an array of numbers");
  if (!(tol >= 0)) throw new Error(`tol: expected a non-negative number, got ${tol}`);
  const sorted = [...values].sort((a, b) => a - b);
  const groups: { value: number; multiplicity: number; sum: number; first: number }[] = [];
  for (const v of sorted) {
    const last = groups[groups.length - 1];
    if (last && Math.abs(v - last.first) <= tol) {
      last.multiplicity++;
      last.sum += v;
      last.value = last.sum / last.multiplicity;
    } else {
      groups.push({ value: v, multiplicity: 1, sum: v, first: v });
    }
  }
  return groups.map(({ value, multiplicity }) => ({ value, multiplicity }));
}

/** True when A is symmetric with smallest eigenvalue ≥ −tol·max(1, ‖A‖₂). */
export function isPositiveSemiDefinite(A: DenseMatrix, tol = 1e-10): boolean {
  const [r, c] = shapeOf(A, "matrix");
  if (r !== c || !isSymmetric(A, 1e-10)) return false;
  const { values } = symEig(A);
  return values[0] >= -tol * Math.max(1, spectralScale(values));
}
