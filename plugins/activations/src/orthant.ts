// Orthant probabilities P(u_j > 0 for every j in a set) of u ~ N(0, C), up to four coordinates, for any
// positive semi-definite C. Used by the ReLU-type I4 (truncated.ts). C is a small row-major n×n Float64Array
// and the set a bit mask over its coordinates.

import { orthant4 } from "./orthant4.js";

const TWO_PI = 2 * Math.PI;
/**
 * Two coordinates count as collinear (ρ = ±1) when 1 − ρ² ≤ this. Near ρ = ±1 the integrals behave like
 * √(1 − ρ²), so rounding the input to ρ = ±1 costs at most ~√(16ε)/2π ≈ 1e-8, the size of the error that
 * rounding in C itself already causes there.
 */
const COLLINEAR = 16 * Number.EPSILON;

export function entry(c: Float64Array, n: number, a: number, b: number): number {
  return c[a * n + b];
}

/** ρ_ab clamped to [−1, 1]. */
export function correlation(c: Float64Array, n: number, a: number, b: number): number {
  const r = c[a * n + b] / Math.sqrt(c[a * n + a] * c[b * n + b]);
  return Math.min(1, Math.max(-1, r));
}

/**
 * The same event with fewer coordinates, or −1 when it has probability 0. A coordinate with zero variance is
 * never > 0 (θ(0) = 0); of two with ρ = 1 one is redundant ({u_j > 0} = {u_l > 0} almost surely); two with
 * ρ = −1 are never both positive. After this every pair left has |ρ| < 1, so conditioning on one coordinate
 * never leaves another identically zero.
 */
export function reduceEvent(c: Float64Array, n: number, mask: number): number {
  let m = mask;
  for (let j = 0; j < n; j++) {
    if (!(m & (1 << j))) continue;
    const cjj = c[j * n + j];
    if (!(cjj > 0)) return -1;
    for (let l = j + 1; l < n; l++) {
      if (!(m & (1 << l))) continue;
      const cll = c[l * n + l];
      if (!(cll > 0)) return -1;
      const cjl = c[j * n + l];
      if (cjj * cll - cjl * cjl <= COLLINEAR * cjj * cll) {
        if (cjl < 0) return -1;
        m &= ~(1 << l);
      }
    }
  }
  return m;
}

/** The coordinates in a mask, in order, written into `out`; returns how many. */
export function members(mask: number, n: number, out: Int32Array): number {
  let d = 0;
  for (let j = 0; j < n; j++) if (mask & (1 << j)) out[d++] = j;
  return d;
}

const picked = new Int32Array(4);

/** P(u_j > 0 for every j in mask), u ~ N(0, C), at most four coordinates in the mask. */
export function orthantProbability(c: Float64Array, n: number, mask: number): number {
  const m = reduceEvent(c, n, mask);
  if (m < 0) return 0;
  const d = members(m, n, picked);
  const [p, q, r, s] = picked;
  switch (d) {
    case 0:
      return 1;
    case 1:
      return 0.5;
    case 2:
      return 0.25 + Math.asin(correlation(c, n, p, q)) / TWO_PI;
    case 3:
      return (
        0.125 +
        (Math.asin(correlation(c, n, p, q)) +
          Math.asin(correlation(c, n, p, r)) +
          Math.asin(correlation(c, n, q, r))) /
          (2 * TWO_PI)
      );
    case 4:
      return orthant4([
        correlation(c, n, p, q),
        correlation(c, n, p, r),
        correlation(c, n, p, s),
        correlation(c, n, q, r),
        correlation(c, n, q, s),
        correlation(c, n, r, s),
      ]);
    default:
      throw new Error(`orthantProbability: at most 4 coordinates, got ${d}`);
  }
}
