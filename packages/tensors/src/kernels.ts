// Allocation-free Float64Array kernels for the hot paths (online SGD: a p×N gemv, an N-vector of Gaussians, a
// rank-1 or rank-p update). Row-major storage, explicit sizes, no bounds checks beyond what the typed arrays
// give: callers pass consistent sizes (the sizes are the contract, as in BLAS). Outputs must not alias inputs
// unless stated.

/** Σ_i x[xOff+i] · y[yOff+i] for i < n. */
export function dot(n: number, x: Float64Array, y: Float64Array, xOff = 0, yOff = 0): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  const n4 = n - (n % 4);
  for (; i < n4; i += 4) {
    s0 += x[xOff + i] * y[yOff + i];
    s1 += x[xOff + i + 1] * y[yOff + i + 1];
    s2 += x[xOff + i + 2] * y[yOff + i + 2];
    s3 += x[xOff + i + 3] * y[yOff + i + 3];
  }
  for (; i < n; i++) s0 += x[xOff + i] * y[yOff + i];
  return s0 + s1 + (s2 + s3);
}

/** y[yOff..] += α · x[xOff..] over n entries. */
export function axpy(n: number, alpha: number, x: Float64Array, y: Float64Array, xOff = 0, yOff = 0): void {
  let i = 0;
  const n4 = n - (n % 4);
  for (; i < n4; i += 4) {
    y[yOff + i] += alpha * x[xOff + i];
    y[yOff + i + 1] += alpha * x[xOff + i + 1];
    y[yOff + i + 2] += alpha * x[xOff + i + 2];
    y[yOff + i + 3] += alpha * x[xOff + i + 3];
  }
  for (; i < n; i++) y[yOff + i] += alpha * x[xOff + i];
}

/** x[off..off+n) *= α. */
export function scal(n: number, alpha: number, x: Float64Array, off = 0): void {
  for (let i = off, end = off + n; i < end; i++) x[i] *= alpha;
}

/** out = α A x + β out, A rows×cols. With β = 0, out's previous content is ignored (NaN-safe). */
export function gemv(
  rows: number,
  cols: number,
  A: Float64Array,
  x: Float64Array,
  out: Float64Array,
  alpha = 1,
  beta = 0,
): void {
  for (let r = 0; r < rows; r++) {
    const v = alpha * dot(cols, A, x, r * cols, 0);
    out[r] = beta === 0 ? v : v + beta * out[r];
  }
}

/** out = α Aᵀ x + β out, A rows×cols (out has cols entries, x has rows). */
export function gemvT(
  rows: number,
  cols: number,
  A: Float64Array,
  x: Float64Array,
  out: Float64Array,
  alpha = 1,
  beta = 0,
): void {
  if (beta === 0) out.fill(0, 0, cols);
  else if (beta !== 1) scal(cols, beta, out, 0);
  for (let r = 0; r < rows; r++) {
    const coef = alpha * x[r];
    if (coef !== 0) axpy(cols, coef, A, out, r * cols, 0);
  }
}

/** A += α u xᵀ (rank-1 update), A rows×cols, u of length rows, x of length cols. */
export function ger(
  rows: number,
  cols: number,
  alpha: number,
  u: Float64Array,
  x: Float64Array,
  A: Float64Array,
): void {
  for (let r = 0; r < rows; r++) {
    const coef = alpha * u[r];
    if (coef !== 0) axpy(cols, coef, x, A, 0, r * cols);
  }
}

/**
 * A += α U Xᵀ (rank-k update): A rows×cols, U rows×k, X cols×k, all row-major.
 * A[r, c] += α Σ_t U[r, t] X[c, t]; for k ≤ 4 the inner sum is unrolled by hand.
 */
export function rankUpdate(
  rows: number,
  cols: number,
  k: number,
  alpha: number,
  U: Float64Array,
  X: Float64Array,
  A: Float64Array,
): void {
  if (k === 1) {
    ger(rows, cols, alpha, U, X, A);
    return;
  }
  for (let r = 0; r < rows; r++) {
    const ur = r * k;
    const ar = r * cols;
    if (k === 2) {
      const u0 = alpha * U[ur];
      const u1 = alpha * U[ur + 1];
      for (let c = 0, xc = 0; c < cols; c++, xc += 2) A[ar + c] += u0 * X[xc] + u1 * X[xc + 1];
    } else if (k === 3) {
      const u0 = alpha * U[ur];
      const u1 = alpha * U[ur + 1];
      const u2 = alpha * U[ur + 2];
      for (let c = 0, xc = 0; c < cols; c++, xc += 3) {
        A[ar + c] += u0 * X[xc] + u1 * X[xc + 1] + u2 * X[xc + 2];
      }
    } else if (k === 4) {
      const u0 = alpha * U[ur];
      const u1 = alpha * U[ur + 1];
      const u2 = alpha * U[ur + 2];
      const u3 = alpha * U[ur + 3];
      for (let c = 0, xc = 0; c < cols; c++, xc += 4) {
        A[ar + c] += u0 * X[xc] + u1 * X[xc + 1] + (u2 * X[xc + 2] + u3 * X[xc + 3]);
      }
    } else {
      for (let c = 0; c < cols; c++) A[ar + c] += alpha * dot(k, U, X, ur, c * k);
    }
  }
}

/** out (rows×rows) = scale · A Aᵀ for A rows×cols; computes the upper triangle and mirrors it. */
export function gram(rows: number, cols: number, A: Float64Array, out: Float64Array, scale = 1): void {
  for (let i = 0; i < rows; i++) {
    for (let j = i; j < rows; j++) {
      const v = scale * dot(cols, A, A, i * cols, j * cols);
      out[i * rows + j] = v;
      out[j * rows + i] = v;
    }
  }
}

/** out (ra×rb) = scale · A Bᵀ for A ra×cols, B rb×cols. */
export function crossGram(
  ra: number,
  rb: number,
  cols: number,
  A: Float64Array,
  B: Float64Array,
  out: Float64Array,
  scale = 1,
): void {
  for (let i = 0; i < ra; i++) {
    for (let j = 0; j < rb; j++) out[i * rb + j] = scale * dot(cols, A, B, i * cols, j * cols);
  }
}

/** out (m×n) = A B for A m×k, B k×n (i-k-j order: unit stride through B and out). out must not alias A or B. */
export function matmul(
  m: number,
  k: number,
  n: number,
  A: Float64Array,
  B: Float64Array,
  out: Float64Array,
): void {
  out.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    const oi = i * n;
    for (let t = 0; t < k; t++) {
      const a = A[i * k + t];
      if (a !== 0) axpy(n, a, B, out, t * n, oi);
    }
  }
}
