// Gaussian expectations E[f(z)], z ~ N(0, C), by tensor-product Gauss–Hermite quadrature.
//
// 1-D rule: probabilists' Hermite (weight e^{-x²/2}/√(2π)), so Σ w_i f(x_i) ≈ E f(z) and the rule is exact for
// polynomials of degree ≤ 2·order − 1. Nodes from Golub–Welsch (eigenvalues of the Jacobi matrix with
// off-diagonal √k), polished by Newton on the orthonormal Hermite polynomial p_n; weights from the Christoffel
// function w_i = 1 / Σ_{k<n} p_k(x_i)².
// d-D: z = F g with F Fᵀ = C from a pivoted Cholesky factorisation that stops at the numerical rank r, so
// singular PSD covariances (repeated or dependent coordinates) are exact and NaN-free, and the grid has only
// order^r points. A covariance assembled from integrated overlaps is PSD only up to the integrator's error:
// near a singular point (a student that has learnt its teacher) its Schur complement can come out as
// −1e-8 instead of 0. The factorisation symmetrises C and treats a negative pivot within
// PSD_RELATIVE_TOLERANCE of the largest diagonal entry as the zero it should be (the residual block is
// dropped, i.e. clamped to 0); anything more negative is a real non-PSD input and is refused.
import { symEig } from "./linalg.js";

/** Negative pivots down to −PSD_RELATIVE_TOLERANCE × max_i C_ii are rounding, clamped to 0. */
export const PSD_RELATIVE_TOLERANCE = 1e-4;

export interface GaussHermiteRule {
  nodes: Float64Array;
  weights: Float64Array;
}

const MAX_ORDER = 200;
const ruleCache = new Map<number, GaussHermiteRule>();

function orthonormalHermite(n: number, x: number): { pn: number; pn1: number; christoffel: number } {
  // p_0 = 1, p_{k+1} = (x p_k − √k p_{k−1}) / √(k+1), orthonormal under N(0,1).
  let prev = 0;
  let cur = 1;
  let sumSquares = 0;
  for (let k = 0; k < n; k++) {
    sumSquares += cur * cur;
    const next = (x * cur - Math.sqrt(k) * prev) / Math.sqrt(k + 1);
    prev = cur;
    cur = next;
  }
  return { pn: cur, pn1: prev, christoffel: sumSquares };
}

function computeRule(order: number): GaussHermiteRule {
  const jacobi = Array.from({ length: order }, (_, i) =>
    Array.from({ length: order }, (_, j) => (Math.abs(i - j) === 1 ? Math.sqrt(Math.max(i, j)) : 0)),
  );
  const raw = order === 1 ? [0] : symEig(jacobi).values;
  const nodes = new Float64Array(order);
  const weights = new Float64Array(order);
  for (let i = 0; i < order; i++) {
    let x = raw[i];
    for (let it = 0; it < 8; it++) {
      const { pn, pn1 } = orthonormalHermite(order, x);
      const step = pn / (Math.sqrt(order) * pn1); // p_n' = √n p_{n−1}
      x -= step;
      if (Math.abs(step) <= 1e-16 * (1 + Math.abs(x))) break;
    }
    nodes[i] = x;
  }
  // Enforce the exact symmetry x_i = −x_{n−1−i} of the rule.
  for (let i = 0; i < order >> 1; i++) {
    const x = 0.5 * (nodes[order - 1 - i] - nodes[i]);
    nodes[i] = -x;
    nodes[order - 1 - i] = x;
  }
  if (order % 2 === 1) nodes[order >> 1] = 0;
  for (let i = 0; i < order; i++) weights[i] = 1 / orthonormalHermite(order, nodes[i]).christoffel;
  return { nodes, weights };
}

function checkOrder(order: number): void {
  if (!Number.isInteger(order) || order < 1 || order > MAX_ORDER) {
    throw new Error(`order: expected an integer in [1, ${MAX_ORDER}], got ${order}`);
  }
}

function cachedRule(order: number): GaussHermiteRule {
  let rule = ruleCache.get(order);
  if (!rule) {
    rule = computeRule(order);
    ruleCache.set(order, rule);
  }
  return rule;
}

/** Probabilists' Gauss–Hermite rule: Σ w_i f(x_i) ≈ E f(z), z ~ N(0,1); exact up to degree 2·order − 1. */
export function gaussHermite(order: number): GaussHermiteRule {
  checkOrder(order);
  const rule = cachedRule(order);
  return { nodes: rule.nodes.slice(), weights: rule.weights.slice() };
}

interface ProductGrid {
  /** points × rank standard-normal nodes, row-major. */
  nodes: Float64Array;
  weights: Float64Array;
  points: number;
}

// Grids per (order, rank), built on first use and shared read-only by all GaussianQuadrature instances.
const gridCache = new Map<string, ProductGrid>();

function productGrid(order: number, rank: number): ProductGrid {
  const key = `${order}:${rank}`;
  let grid = gridCache.get(key);
  if (grid) return grid;
  const rule = cachedRule(order);
  const points = order ** rank;
  const nodes = new Float64Array(points * rank);
  const weights = new Float64Array(points);
  for (let p = 0; p < points; p++) {
    let rest = p;
    let w = 1;
    for (let d = rank - 1; d >= 0; d--) {
      const i = rest % order;
      rest = (rest - i) / order;
      nodes[p * rank + d] = rule.nodes[i];
      w *= rule.weights[i];
    }
    weights[p] = w;
  }
  grid = { nodes, weights, points };
  gridCache.set(key, grid);
  return grid;
}

const DEFAULT_ORDER = { 1: 24, 2: 24, 3: 16, 4: 12 } as const;

/** Reusable E[f(z)] for z ~ N(0, C) in dimension 1..4; expect() allocates nothing after its first call at each rank. */
export class GaussianQuadrature {
  readonly dim: 1 | 2 | 3 | 4;
  readonly order: number;
  /** z = F g, F (dim×dim, row-major) with F Fᵀ = C; columns ≥ rank are zero. */
  readonly #factor: Float64Array;
  readonly #work: Float64Array;
  readonly #perm: Int32Array;
  readonly #z: Float64Array;
  /** Product grids by rank (1..dim), looked up once per rank so expect() allocates nothing. */
  readonly #grids: (ProductGrid | undefined)[];

  constructor(dim: 1 | 2 | 3 | 4, order?: number) {
    if (dim !== 1 && dim !== 2 && dim !== 3 && dim !== 4)
      throw new Error(`dim: expected 1, 2, 3 or 4, got ${dim}`);
    const o = order ?? DEFAULT_ORDER[dim];
    checkOrder(o);
    this.dim = dim;
    this.order = o;
    this.#factor = new Float64Array(dim * dim);
    this.#work = new Float64Array(dim * dim);
    this.#perm = new Int32Array(dim);
    this.#z = new Float64Array(dim);
    this.#grids = new Array(dim + 1).fill(undefined);
  }

  /**
   * E[f(z)], z ~ N(0, C), C dim×dim row-major symmetric PSD (singular allowed). f receives one reused
   * Float64Array buffer: read it, do not keep it.
   */
  expect(C: ArrayLike<number>, f: (z: Float64Array) => number): number {
    const rank = this.#factorise(C);
    const d = this.dim;
    const F = this.#factor;
    const z = this.#z;
    if (rank === 0) {
      z.fill(0);
      return f(z);
    }
    let grid = this.#grids[rank];
    if (grid === undefined) {
      grid = productGrid(this.order, rank);
      this.#grids[rank] = grid;
    }
    const g = grid.nodes;
    const w = grid.weights;
    let sum = 0;
    for (let p = 0, gp = 0; p < grid.points; p++, gp += rank) {
      for (let a = 0; a < d; a++) {
        let v = 0;
        for (let j = 0; j < rank; j++) v += F[a * d + j] * g[gp + j];
        z[a] = v;
      }
      sum += w[p] * f(z);
    }
    return sum;
  }

  /** Pivoted outer-product Cholesky of C into this.#factor (F = P L); returns the numerical rank. */
  #factorise(C: ArrayLike<number>): number {
    const d = this.dim;
    if (C == null || typeof C.length !== "number" || C.length < d * d) {
      throw new Error(`C: expected ${d}×${d} = ${d * d} row-major entries, got ${C?.length}`);
    }
    const W = this.#work;
    const F = this.#factor;
    const perm = this.#perm;
    let scale = 0;
    let maxDiag = 0;
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        const v = C[i * d + j];
        if (!Number.isFinite(v)) throw new Error(`C[${i * d + j}]: expected a finite number, got ${v}`);
        scale = Math.max(scale, Math.abs(v));
      }
      maxDiag = Math.max(maxDiag, C[i * d + i]);
    }
    // How far below zero a pivot (or a leftover entry) may be and still count as rounding.
    const clampNegative = PSD_RELATIVE_TOLERANCE * maxDiag + 1e-12 * (1 + scale);
    for (let i = 0; i < d; i++) {
      perm[i] = i;
      for (let j = 0; j < d; j++) {
        if (Math.abs(C[i * d + j] - C[j * d + i]) > 1e-10 * (1 + scale)) {
          throw new Error(`C: expected a symmetric matrix (C[${i}][${j}] ≠ C[${j}][${i}])`);
        }
        W[i * d + j] = 0.5 * (C[i * d + j] + C[j * d + i]);
      }
    }
    F.fill(0);
    const zeroPivot = 1e-13 * scale;
    let rank = 0;
    for (let k = 0; k < d; k++) {
      // Largest remaining diagonal entry of the Schur complement as pivot.
      let best = k;
      for (let i = k + 1; i < d; i++) if (W[perm[i] * d + perm[i]] > W[perm[best] * d + perm[best]]) best = i;
      const swap = perm[k];
      perm[k] = perm[best];
      perm[best] = swap;
      const pk = perm[k];
      const pivot = W[pk * d + pk];
      if (pivot <= zeroPivot) {
        if (pivot < -clampNegative) {
          throw new Error(
            `C: expected a positive semidefinite covariance (negative pivot ${pivot}, beyond the rounding bound −${clampNegative.toPrecision(2)})`,
          );
        }
        break;
      }
      const root = Math.sqrt(pivot);
      F[pk * d + k] = root;
      for (let i = k + 1; i < d; i++) F[perm[i] * d + k] = W[perm[i] * d + pk] / root;
      for (let i = k + 1; i < d; i++) {
        const pi = perm[i];
        for (let j = k + 1; j < d; j++) {
          const pj = perm[j];
          W[pi * d + pj] -= F[pi * d + k] * F[pj * d + k];
        }
      }
      rank++;
    }
    // The Schur complement left over must be ≈ 0 for a PSD matrix (|W_ij| ≤ √(W_ii W_jj) ≈ 0), e.g. [[0,1],[1,0]].
    for (let i = rank; i < d; i++) {
      for (let j = rank; j < d; j++) {
        const v = W[perm[i] * d + perm[j]];
        if (i === j ? v < -clampNegative : Math.abs(v) > Math.max(clampNegative, 1e-8 * (1 + scale))) {
          throw new Error("C: expected a positive semidefinite covariance");
        }
      }
    }
    return rank;
  }
}

/** One-off E[f(z)], z ~ N(0, C) (dim×dim row-major). Reuse a GaussianQuadrature in loops. */
export function gaussianExpectation(
  f: (z: Float64Array) => number,
  C: ArrayLike<number>,
  dim: 1 | 2 | 3 | 4,
  order?: number,
): number {
  return new GaussianQuadrature(dim, order).expect(C, f);
}
