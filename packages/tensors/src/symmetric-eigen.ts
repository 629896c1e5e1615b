// Dense symmetric eigenproblems on row-major Float64Array: Householder tridiagonalisation, then implicit QL
// with Wilkinson shifts. Eigenvalues alone cost ~(4/3)n³ (lower triangle only, no accumulation); with
// eigenvectors the Householder reflections are accumulated (EISPACK tred2/tql2, as in JAMA).

const EPS = 2 ** -52;

function checkSquare(a: ArrayLike<number>, n: number, name: string): void {
  if (!Number.isInteger(n) || n < 0) throw new Error(`n: expected a non-negative integer, got ${n}`);
  if (a.length < n * n) throw new Error(`${name}: expected ${n}×${n} = ${n * n} entries, got ${a.length}`);
  for (let i = 0; i < n * n; i++) {
    if (!Number.isFinite(a[i])) throw new Error(`${name}[${i}]: expected a finite number, got ${a[i]}`);
  }
}

/**
 * Reduces the symmetric n×n matrix `a` (row-major; only the lower triangle is read, and it is overwritten)
 * to tridiagonal form: d gets the diagonal, e[i] the entry coupling i and i+1 (e[n−1] = 0).
 */
export function tridiagonalize(a: Float64Array, n: number, d: Float64Array, e: Float64Array): void {
  const v = new Float64Array(n);
  const p = new Float64Array(n);
  for (let k = 0; k + 2 < n; k++) {
    const lo = k + 1;
    let scale = 0;
    for (let i = lo; i < n; i++) scale = Math.max(scale, Math.abs(a[i * n + k]));
    d[k] = a[k * n + k];
    if (scale === 0) {
      e[k] = 0;
      continue;
    }
    let s2 = 0;
    for (let i = lo; i < n; i++) {
      const x = a[i * n + k] / scale;
      v[i] = x;
      s2 += x * x;
    }
    const x0 = v[lo];
    const alpha = x0 > 0 ? -Math.sqrt(s2) : Math.sqrt(s2);
    e[k] = alpha * scale;
    v[lo] = x0 - alpha;
    // β = 2/(vᵀv) with vᵀv = 2(s² − x0·α).
    const beta = 1 / (s2 - x0 * alpha);
    // p = β A₂₂ v from the lower triangle.
    p.fill(0, lo, n);
    for (let i = lo; i < n; i++) {
      const row = i * n;
      const vi = v[i];
      let sum = a[row + i] * vi;
      for (let j = lo; j < i; j++) {
        const aij = a[row + j];
        sum += aij * v[j];
        p[j] += aij * vi;
      }
      p[i] += sum;
    }
    let pv = 0;
    for (let i = lo; i < n; i++) {
      p[i] *= beta;
      pv += p[i] * v[i];
    }
    // w = p − (β/2)(pᵀv) v, then A₂₂ ← A₂₂ − v wᵀ − w vᵀ (stored in p).
    const half = 0.5 * beta * pv;
    for (let i = lo; i < n; i++) p[i] -= half * v[i];
    for (let i = lo; i < n; i++) {
      const row = i * n;
      const vi = v[i];
      const wi = p[i];
      for (let j = lo; j <= i; j++) a[row + j] -= vi * p[j] + wi * v[j];
    }
  }
  if (n >= 2) {
    d[n - 2] = a[(n - 2) * n + n - 2];
    e[n - 2] = a[(n - 1) * n + n - 2];
  }
  if (n >= 1) {
    d[n - 1] = a[(n - 1) * n + n - 1];
    e[n - 1] = 0;
  }
}

/**
 * Eigenvalues of the symmetric tridiagonal matrix (d, e) by implicit QL with Wilkinson shifts: e[i] couples
 * i and i+1. d is overwritten with the eigenvalues, ascending; e is destroyed. `z` (n×n row-major,
 * initialised by the caller — the identity, or tred2's accumulated reflections) gets the eigenvectors in its
 * columns when given.
 */
export function tridiagonalEigen(d: Float64Array, e: Float64Array, n: number, z?: Float64Array): void {
  if (n === 0) return;
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]) > EPS * tst1) m++;
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60)
          throw new Error("tridiagonalEigen: QL iteration did not converge (non-finite input?)");
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          if (z) {
            for (let k = 0; k < n; k++) {
              const row = k * n;
              const zh = z[row + i + 1];
              z[row + i + 1] = s * z[row + i] + c * zh;
              z[row + i] = c * z[row + i] - s * zh;
            }
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > EPS * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
  // Selection sort (n swaps of columns at most), ascending.
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    for (let j = i + 1; j < n; j++) if (d[j] < d[k]) k = j;
    if (k !== i) {
      const t = d[i];
      d[i] = d[k];
      d[k] = t;
      if (z) {
        for (let r = 0; r < n; r++) {
          const u = z[r * n + i];
          z[r * n + i] = z[r * n + k];
          z[r * n + k] = u;
        }
      }
    }
  }
}

/** Eigenvalues (ascending) of the symmetric n×n row-major matrix A; A is not modified. */
export function symmetricEigenvalues(A: ArrayLike<number>, n: number): Float64Array {
  checkSquare(A, n, "matrix");
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = 0.5 * (A[i * n + j] + A[j * n + i]);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tridiagonalize(a, n, d, e);
  tridiagonalEigen(d, e, n);
  return d;
}

export interface SymmetricEigenResult {
  /** Ascending. */
  values: Float64Array;
  /** n×n row-major; column k is the unit eigenvector of values[k]. */
  vectors: Float64Array;
}

/** Eigenvalues and eigenvectors of the symmetric n×n row-major matrix A (symmetrised as (A + Aᵀ)/2). */
export function symmetricEigen(A: ArrayLike<number>, n: number): SymmetricEigenResult {
  checkSquare(A, n, "matrix");
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) V[i * n + j] = 0.5 * (A[i * n + j] + A[j * n + i]);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  if (n > 0) tred2(V, n, d, e);
  // tred2 leaves e[i] coupling i−1 and i; the QL routine wants e[i] coupling i and i+1.
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  if (n > 0) e[n - 1] = 0;
  tridiagonalEigen(d, e, n, V);
  return { values: d, vectors: V };
}

/** Householder tridiagonalisation with accumulated transformations (EISPACK tred2 via JAMA). */
function tred2(V: Float64Array, n: number, d: Float64Array, e: Float64Array): void {
  for (let j = 0; j < n; j++) d[j] = V[(n - 1) * n + j];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = V[(i - 1) * n + j];
        V[i * n + j] = 0;
        V[j * n + i] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j];
        V[j * n + i] = f;
        g = e[j] + V[j * n + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += V[k * n + j] * d[k];
          e[k] += V[k * n + j] * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        for (let k = j; k <= i - 1; k++) V[k * n + j] -= f * e[k] + g * d[k];
        d[j] = V[(i - 1) * n + j];
        V[i * n + j] = 0;
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    V[(n - 1) * n + i] = V[i * n + i];
    V[i * n + i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = V[k * n + i + 1] / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += V[k * n + i + 1] * V[k * n + j];
        for (let k = 0; k <= i; k++) V[k * n + j] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) V[k * n + i + 1] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = V[(n - 1) * n + j];
    V[(n - 1) * n + j] = 0;
  }
  V[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}
