// Small dense matrices as number[][] (rows of numbers): overlaps Q, M, T, Hessian blocks, covariances.
// Every helper validates its arguments and names the one that is wrong; results are fresh arrays.

export type DenseMatrix = number[][];

/** Checks that `A` is a non-empty rectangular number[][] of finite-or-not numbers; returns [rows, cols]. */
export function shapeOf(A: DenseMatrix, name = "A"): [number, number] {
  if (!Array.isArray(A) || A.length === 0) throw new Error(`${name}: expected a non-empty array of rows`);
  const first = A[0];
  if (!Array.isArray(first) || first.length === 0) throw new Error(`${name}[0]: expected a non-empty row`);
  const cols = first.length;
  for (let i = 0; i < A.length; i++) {
    const row = A[i];
    if (!Array.isArray(row) || row.length !== cols) {
      throw new Error(`${name}[${i}]: expected a row of ${cols} numbers (rows must have equal length)`);
    }
    for (let j = 0; j < cols; j++) {
      if (typeof row[j] !== "number") throw new Error(`${name}[${i}][${j}]: expected a number`);
    }
  }
  return [A.length, cols];
}

function checkSize(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name}: expected a non-negative integer, got ${value}`);
}

function sameShape(A: DenseMatrix, B: DenseMatrix): [number, number] {
  const [r, c] = shapeOf(A, "A");
  const [rb, cb] = shapeOf(B, "B");
  if (r !== rb || c !== cb) throw new Error(`B: expected shape ${r}×${c} (the shape of A), got ${rb}×${cb}`);
  return [r, c];
}

export function zeros(rows: number, cols: number = rows): DenseMatrix {
  checkSize(rows, "rows");
  checkSize(cols, "cols");
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
}

export function eye(n: number): DenseMatrix {
  const I = zeros(n, n);
  for (let i = 0; i < n; i++) I[i][i] = 1;
  return I;
}

export function transpose(A: DenseMatrix): DenseMatrix {
  const [r, c] = shapeOf(A, "A");
  const T = zeros(c, r);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) T[j][i] = A[i][j];
  return T;
}

export function matMul(A: DenseMatrix, B: DenseMatrix): DenseMatrix {
  const [m, k] = shapeOf(A, "A");
  const [kb, n] = shapeOf(B, "B");
  if (kb !== k) throw new Error(`B: expected ${k} rows (the columns of A), got ${kb}`);
  const C = zeros(m, n);
  for (let i = 0; i < m; i++) {
    const Ci = C[i];
    for (let t = 0; t < k; t++) {
      const a = A[i][t];
      const Bt = B[t];
      for (let j = 0; j < n; j++) Ci[j] += a * Bt[j];
    }
  }
  return C;
}

export function add(A: DenseMatrix, B: DenseMatrix): DenseMatrix {
  const [r, c] = sameShape(A, B);
  const C = zeros(r, c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) C[i][j] = A[i][j] + B[i][j];
  return C;
}

export function sub(A: DenseMatrix, B: DenseMatrix): DenseMatrix {
  const [r, c] = sameShape(A, B);
  const C = zeros(r, c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) C[i][j] = A[i][j] - B[i][j];
  return C;
}

export function scale(A: DenseMatrix, alpha: number): DenseMatrix {
  const [r, c] = shapeOf(A, "A");
  if (typeof alpha !== "number") throw new Error("alpha: expected a number");
  const C = zeros(r, c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) C[i][j] = alpha * A[i][j];
  return C;
}

/** Frobenius norm ‖A‖_F = √(Σ A_ij²). */
export function frobenius(A: DenseMatrix): number {
  const [r, c] = shapeOf(A, "A");
  let s = 0;
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) s += A[i][j] * A[i][j];
  return Math.sqrt(s);
}

export function trace(A: DenseMatrix): number {
  const [r, c] = shapeOf(A, "A");
  if (r !== c) throw new Error(`A: expected a square matrix, got ${r}×${c}`);
  let s = 0;
  for (let i = 0; i < r; i++) s += A[i][i];
  return s;
}

/** [A, B] = AB − BA (both square, same size). */
export function commutator(A: DenseMatrix, B: DenseMatrix): DenseMatrix {
  const [r, c] = sameShape(A, B);
  if (r !== c) throw new Error(`A: expected a square matrix, got ${r}×${c}`);
  return sub(matMul(A, B), matMul(B, A));
}

/** Row-major flat data → rows×cols number[][]. */
export function toRows(data: ArrayLike<number>, rows: number, cols: number): DenseMatrix {
  checkSize(rows, "rows");
  checkSize(cols, "cols");
  if (data == null || typeof data.length !== "number" || data.length < rows * cols) {
    throw new Error(`data: expected at least rows·cols = ${rows * cols} entries, got ${data?.length}`);
  }
  const A = zeros(rows, cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) A[i][j] = data[i * cols + j];
  return A;
}

/** number[][] → row-major Float64Array. */
export function fromRows(rows: DenseMatrix): Float64Array {
  const [r, c] = shapeOf(rows, "rows");
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[i * c + j] = rows[i][j];
  return out;
}

/** True when A is square and |A_ij − A_ji| ≤ tol·(1 + max|A|). */
export function isSymmetric(A: DenseMatrix, tol = 1e-12): boolean {
  const [r, c] = shapeOf(A, "A");
  if (r !== c) return false;
  let maxAbs = 0;
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) maxAbs = Math.max(maxAbs, Math.abs(A[i][j]));
  const bound = tol * (1 + maxAbs);
  for (let i = 0; i < r; i++)
    for (let j = i + 1; j < c; j++) if (!(Math.abs(A[i][j] - A[j][i]) <= bound)) return false;
  return true;
}
