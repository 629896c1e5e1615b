// Order parameters Q, M, T (docs/math.md §1) and the covariance Ω of (λ, ν) built from them.
import { crossGram, gram, isPositiveSemiDefinite } from "@pupil/tensors";

/** Q (p×p), M (p×p*), T (p*×p*); v the student second layer when it is trained. */
export interface Overlaps {
  Q: number[][];
  M: number[][];
  T: number[][];
  v?: number[];
}

/**
 * The overlaps of weights W (p×N) and W* (p*×N), row-major: Q = WWᵀ/N, M = WW*ᵀ/N, T = W*W*ᵀ/N.
 */
export function overlapsOf(
  W: ArrayLike<number>,
  Wstar: ArrayLike<number>,
  N: number,
  p: number,
  pStar: number,
): Overlaps {
  if (W.length !== p * N) throw new Error(`W: expected p·N = ${p * N} entries, got ${W.length}`);
  if (Wstar.length !== pStar * N)
    throw new Error(`Wstar: expected p*·N = ${pStar * N} entries, got ${Wstar.length}`);
  const w = W instanceof Float64Array ? W : Float64Array.from(W);
  const ws = Wstar instanceof Float64Array ? Wstar : Float64Array.from(Wstar);
  const Q = new Float64Array(p * p);
  const M = new Float64Array(p * pStar);
  const T = new Float64Array(pStar * pStar);
  gram(p, N, w, Q, 1 / N);
  crossGram(p, pStar, N, w, ws, M, 1 / N);
  gram(pStar, N, ws, T, 1 / N);
  const rows = (a: Float64Array, r: number, c: number) =>
    Array.from({ length: r }, (_, i) => Array.from(a.subarray(i * c, (i + 1) * c)));
  return { Q: rows(Q, p, p), M: rows(M, p, pStar), T: rows(T, pStar, pStar) };
}

/**
 * Ω = [[Q, M], [Mᵀ, T]], the covariance of u = (λ, ν), as a row-major (p+p*)² Float64Array in the
 * Covariance shape the integrals take. Writes into `out` when given (no allocation).
 */
export function buildOmega(overlaps: Overlaps, out?: Float64Array): { n: number; data: Float64Array } {
  const p = overlaps.Q.length;
  const pStar = overlaps.T.length;
  const n = p + pStar;
  const data = out ?? new Float64Array(n * n);
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < p; k++) data[j * n + k] = overlaps.Q[j][k];
    for (let r = 0; r < pStar; r++) {
      const m = overlaps.M[j][r];
      data[j * n + p + r] = m;
      data[(p + r) * n + j] = m;
    }
  }
  for (let r = 0; r < pStar; r++) {
    for (let s = 0; s < pStar; s++) data[(p + r) * n + p + s] = overlaps.T[r][s];
  }
  return { n, data };
}

function matrixCheck(A: unknown, rows: number, cols: number, field: string): void {
  if (!Array.isArray(A) || A.length !== rows) {
    throw new Error(`${field}: expected a ${rows}×${cols} matrix (array of ${rows} rows)`);
  }
  for (let i = 0; i < rows; i++) {
    const row = A[i];
    if (!Array.isArray(row) || row.length !== cols) {
      throw new Error(`${field}[${i}]: expected a row of ${cols} numbers`);
    }
    for (let j = 0; j < cols; j++) {
      if (typeof row[j] !== "number" || !Number.isFinite(row[j])) {
        throw new Error(`${field}[${i}][${j}]: expected a finite number, got ${String(row[j])}`);
      }
    }
  }
}

/**
 * Checks shapes (Q p×p, M p×p*, T p*×p*, v length p), symmetry of Q and T, and that Ω is positive
 * semi-definite (the overlaps of some weights). Throws naming the field (`${field}.Q`, ...).
 */
export function validateOverlaps(overlaps: Overlaps, p: number, pStar: number, field = "overlaps"): Overlaps {
  if (!overlaps || typeof overlaps !== "object") throw new Error(`${field}: expected { Q, M, T }`);
  matrixCheck(overlaps.Q, p, p, `${field}.Q`);
  matrixCheck(overlaps.M, p, pStar, `${field}.M`);
  matrixCheck(overlaps.T, pStar, pStar, `${field}.T`);
  if (overlaps.v !== undefined) {
    if (!Array.isArray(overlaps.v) || overlaps.v.length !== p || !overlaps.v.every(Number.isFinite)) {
      throw new Error(`${field}.v: expected ${p} finite numbers (the student second layer)`);
    }
  }
  for (const [name, A] of [
    ["Q", overlaps.Q],
    ["T", overlaps.T],
  ] as const) {
    for (let i = 0; i < A.length; i++) {
      for (let j = 0; j < i; j++) {
        const tol = 1e-10 * (1 + Math.abs(A[i][j]));
        if (Math.abs(A[i][j] - A[j][i]) > tol) {
          throw new Error(`${field}.${name}: expected a symmetric matrix ([${i}][${j}] ≠ [${j}][${i}])`);
        }
      }
    }
  }
  const { n, data } = buildOmega(overlaps);
  const rows: number[][] = [];
  let scale = 0;
  for (let i = 0; i < n; i++) {
    rows.push(Array.from(data.subarray(i * n, (i + 1) * n)));
    scale = Math.max(scale, Math.abs(data[i * n + i]));
  }
  if (!isPositiveSemiDefinite(rows, 1e-9 * Math.max(1, scale))) {
    throw new Error(
      `${field}: Ω = [[Q, M], [Mᵀ, T]] is not positive semi-definite (no weights have these overlaps)`,
    );
  }
  return overlaps;
}

/** A deep copy (snapshots must not alias the integrator's state). */
export function cloneOverlaps(o: Overlaps): Overlaps {
  const copy: Overlaps = {
    Q: o.Q.map((r) => r.slice()),
    M: o.M.map((r) => r.slice()),
    T: o.T.map((r) => r.slice()),
  };
  if (o.v) copy.v = o.v.slice();
  return copy;
}
