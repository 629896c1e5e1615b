// The cone decomposition behind RayQuadrature's route for kinked integrands (reference.ts). With u = F g and F
// invertible, the 2^d sign patterns s split R^d into the simplicial cones {s_a u_a ≥ 0} = {g = W t, t ≥ 0},
// W = F⁻¹ diag(s); inside one no u_a changes sign, so an integrand whose kinks sit at u_a = 0 is smooth there.

/** One simplicial cone: unit generators (rows) and |det| of the matrix they form. */
export interface ConeCell {
  readonly generators: readonly (readonly number[])[];
  readonly volume: number;
}

/** Cells are bisected until every two generators are at most this far apart (radians). */
export const CONE_MAX_ANGLE = Math.PI / 2;
const MIN_COSINE = Math.cos(CONE_MAX_ANGLE) - 1e-12;

/** Surface area of the unit sphere S^{d−1} in R^d. */
export function sphereArea(d: number): number {
  return d === 2 ? 2 * Math.PI : d === 3 ? 4 * Math.PI : d === 4 ? 2 * Math.PI ** 2 : Number.NaN;
}

function normalised(v: number[]): number[] {
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

/**
 * Appends the cone spanned by unit generators, bisected along its widest edge (the two generators at the
 * widest angle, split at their normalised sum) until every angle is at most CONE_MAX_ANGLE. On a narrow cell
 * |Wτ| ≥ 1/√d on the simplex, so the sphere-measure density |Wτ|^{-d} is smooth and Gauss–Legendre converges fast.
 */
function bisectCone(generators: number[][], out: ConeCell[], depth: number): void {
  let worst = MIN_COSINE;
  let pair: [number, number] | undefined;
  for (let i = 0; i < generators.length; i++) {
    for (let j = i + 1; j < generators.length; j++) {
      let c = 0;
      for (let k = 0; k < generators.length; k++) c += generators[i][k] * generators[j][k];
      if (c < worst) [worst, pair] = [c, [i, j]];
    }
  }
  if (!pair || depth >= 24) {
    out.push({ generators, volume: Math.abs(determinant(generators)) });
    return;
  }
  const [i, j] = pair;
  const middle = normalised(generators[i].map((x, k) => x + generators[j][k]));
  bisectCone(
    generators.map((g, k) => (k === i ? middle : g)),
    out,
    depth + 1,
  );
  bisectCone(
    generators.map((g, k) => (k === j ? middle : g)),
    out,
    depth + 1,
  );
}

/** The narrow cells of all 2^d sign cones of u = F g (F lower triangular with a positive diagonal). */
export function coneCells(F: readonly (readonly number[])[]): ConeCell[] {
  const d = F.length;
  const inverse = invertLower(F);
  const cells: ConeCell[] = [];
  for (let pattern = 0; pattern < 1 << d; pattern++) {
    const generators = Array.from({ length: d }, (_, k) => {
      const sign = (pattern >> k) & 1 ? -1 : 1;
      return normalised(inverse.map((row) => sign * row[k]));
    });
    bisectCone(generators, cells, 0);
  }
  return cells;
}

/**
 * A product rule on the standard simplex {τ ≥ 0, Σ τ = 1} of R^d (d − 1 dimensional) by the collapsed (Duffy)
 * map τ_k = x_k Π_{j<k} (1 − x_j), last τ = Π (1 − x_j), x ∈ [0, 1]^{d−1}, Jacobian Π_k Π_{j<k} (1 − x_j),
 * with an n-point rule (x, w) on [0, 1] in every x_k. Points are rows of `tau` (d per point).
 */
export function simplexRule(d: number, x: readonly number[], w: readonly number[]) {
  const n = x.length;
  const count = n ** (d - 1);
  const tau = new Float64Array(count * d);
  const weight = new Float64Array(count);
  const at = new Int32Array(d - 1);
  for (let p = 0; p < count; p++) {
    let rest = 1;
    let wt = 1;
    for (let k = 0; k < d - 1; k++) {
      tau[p * d + k] = rest * x[at[k]];
      wt *= w[at[k]] * rest;
      rest *= 1 - x[at[k]];
    }
    tau[p * d + d - 1] = rest;
    weight[p] = wt;
    for (let k = 0; k < d - 1 && ++at[k] === n; k++) at[k] = 0;
  }
  return { tau, weight, count };
}

/** Determinant of a small square matrix by Gaussian elimination with partial pivoting. */
export function determinant(M: readonly (readonly number[])[]): number {
  const A = M.map((row) => [...row]);
  const d = A.length;
  let det = 1;
  for (let c = 0; c < d; c++) {
    let p = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(A[r][c]) > Math.abs(A[p][c])) p = r;
    if (A[p][c] === 0) return 0;
    if (p !== c) {
      [A[p], A[c]] = [A[c], A[p]];
      det = -det;
    }
    det *= A[c][c];
    for (let r = c + 1; r < d; r++) {
      const f = A[r][c] / A[c][c];
      for (let k = c; k < d; k++) A[r][k] -= f * A[c][k];
    }
  }
  return det;
}

/** Inverse of a lower-triangular matrix with a nonzero diagonal (forward substitution). */
export function invertLower(L: readonly (readonly number[])[]): number[][] {
  const d = L.length;
  const X = L.map(() => new Array<number>(d).fill(0));
  for (let c = 0; c < d; c++) {
    for (let r = c; r < d; r++) {
      let s = r === c ? 1 : 0;
      for (let k = c; k < r; k++) s -= L[r][k] * X[k][c];
      X[r][c] = s / L[r][r];
    }
  }
  return X;
}
