// Extreme eigenvalues of a large symmetric operator by Lanczos with full reorthogonalisation: only
// products A·x are needed, so a structured or dense matrix of any size works. A single start vector finds
// each DISTINCT eigenvalue; a repeated one shows up once, or (from rounding) a few times, so multiplicities
// are not resolved (use the dense solver for those).
import { createRng } from "./rng.js";
import { tridiagonalEigen } from "./symmetric-eigen.js";

export interface LanczosOptions {
  /** How many of the lowest and of the highest eigenvalues must converge. Default 4. */
  count?: number;
  /** Krylov dimension cap. Default min(n, 400). */
  maxIterations?: number;
  /** Converged when the residual bound ≤ tol·‖A‖ (estimated as max |Ritz value|). Default 1e-10. */
  tol?: number;
  /** Seed of the random start vector. Default 1. */
  seed?: number;
}

export interface LanczosResult {
  /** The `count` lowest Ritz values, ascending. */
  lowest: number[];
  /** The `count` highest Ritz values, ascending. */
  highest: number[];
  /** Residual bounds ‖A y − θ y‖ of the values above, in the same order. */
  lowestResidual: number[];
  highestResidual: number[];
  iterations: number;
  /** Every reported value met tol (or the Krylov space became invariant: the values are then exact). */
  converged: boolean;
}

/** y ← A x for a symmetric A of size n. */
export type SymmetricOperator = (x: Float64Array, y: Float64Array) => void;

/** The dense row-major symmetric n×n matrix as an operator. */
export function denseOperator(A: Float64Array, n: number): SymmetricOperator {
  return (x, y) => {
    for (let i = 0; i < n; i++) {
      const row = i * n;
      let s = 0;
      for (let j = 0; j < n; j++) s += A[row + j] * x[j];
      y[i] = s;
    }
  };
}

export function lanczosExtremes(
  apply: SymmetricOperator,
  n: number,
  options: LanczosOptions = {},
): LanczosResult {
  if (!Number.isInteger(n) || n < 1) throw new Error(`n: expected an integer ≥ 1, got ${n}`);
  const count = options.count ?? 4;
  if (!Number.isInteger(count) || count < 1) throw new Error(`count: expected an integer ≥ 1, got ${count}`);
  const maxIt = Math.min(n, options.maxIterations ?? 400);
  if (!Number.isInteger(maxIt) || maxIt < 1)
    throw new Error(`maxIterations: expected an integer ≥ 1, got ${options.maxIterations}`);
  const tol = options.tol ?? 1e-10;
  if (!(tol > 0)) throw new Error(`tol: expected a number > 0, got ${tol}`);
  const rng = createRng(options.seed ?? 1);
  const basis = new Float64Array(maxIt * n);
  const alpha = new Float64Array(maxIt);
  const beta = new Float64Array(maxIt);
  const w = new Float64Array(n);
  let norm = 0;
  for (let i = 0; i < n; i++) {
    basis[i] = rng.normal();
    norm += basis[i] * basis[i];
  }
  norm = Math.sqrt(norm);
  for (let i = 0; i < n; i++) basis[i] /= norm;
  let m = 0;
  let invariant = false;
  let normEstimate = 1e-300;
  let result: LanczosResult | undefined;
  const check = 10;
  while (m < maxIt) {
    const v = basis.subarray(m * n, (m + 1) * n);
    apply(v, w);
    let a = 0;
    for (let i = 0; i < n; i++) a += w[i] * v[i];
    alpha[m] = a;
    // Three-term recurrence, then full reorthogonalisation against every basis vector so far; a second
    // pass only when the first removed most of what was left (Kahan–Parlett: "twice is enough").
    let before = 0;
    for (let i = 0; i < n; i++) {
      w[i] -= a * v[i];
      if (m > 0) w[i] -= beta[m - 1] * basis[(m - 1) * n + i];
      before += w[i] * w[i];
    }
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k <= m; k++) {
        const q = basis.subarray(k * n, (k + 1) * n);
        let dot = 0;
        for (let i = 0; i < n; i++) dot += w[i] * q[i];
        for (let i = 0; i < n; i++) w[i] -= dot * q[i];
      }
      let after = 0;
      for (let i = 0; i < n; i++) after += w[i] * w[i];
      if (after > 0.5 * before) break;
      before = after;
    }
    let b = 0;
    for (let i = 0; i < n; i++) b += w[i] * w[i];
    b = Math.sqrt(b);
    beta[m] = b;
    m++;
    normEstimate = Math.max(normEstimate, Math.abs(a) + b + (m > 1 ? beta[m - 2] : 0));
    invariant = b <= 1e-12 * normEstimate;
    if (invariant || m === maxIt || m % check === 0) {
      result = ritz(alpha, beta, m, count, tol, invariant);
      if (result.converged) break;
    }
    if (invariant || m === maxIt) break;
    const next = basis.subarray(m * n, (m + 1) * n);
    for (let i = 0; i < n; i++) next[i] = w[i] / b;
  }
  return result as LanczosResult;
}

/** Ritz values of T_m and their residual bounds β_m |z_{m−1,i}|. */
function ritz(
  alpha: Float64Array,
  beta: Float64Array,
  m: number,
  count: number,
  tol: number,
  invariant: boolean,
): LanczosResult {
  const d = alpha.slice(0, m);
  const e = new Float64Array(m);
  for (let i = 0; i + 1 < m; i++) e[i] = beta[i];
  const z = new Float64Array(m * m);
  for (let i = 0; i < m; i++) z[i * m + i] = 1;
  tridiagonalEigen(d, e, m, z);
  const bm = invariant ? 0 : beta[m - 1];
  const bound = (i: number) => Math.abs(bm * z[(m - 1) * m + i]);
  const scale = Math.max(Math.abs(d[0]), Math.abs(d[m - 1]), 1e-300);
  const k = Math.min(count, m);
  const lowIdx = Array.from({ length: k }, (_, i) => i);
  const highIdx = Array.from({ length: k }, (_, i) => m - k + i);
  const lowestResidual = lowIdx.map(bound);
  const highestResidual = highIdx.map(bound);
  const converged =
    invariant || (k === count && [...lowestResidual, ...highestResidual].every((r) => r <= tol * scale));
  return {
    lowest: lowIdx.map((i) => d[i]),
    highest: highIdx.map((i) => d[i]),
    lowestResidual,
    highestResidual,
    iterations: m,
    converged,
  };
}
