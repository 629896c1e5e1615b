// The population-loss Hessian from closed-form pair kernels, by the chain rule. With students x_j and
// teachers y_r realised in R^r (basis.ts) and u_a either, eg = Σ_a ½c_a² K(C_aa) + Σ_{a<b} c_a c_b K(C_aa,
// C_bb, C_ab), C_ab = u_a·u_b, c = (a, −b). First-order dC_aa = 2u_a·du_a, dC_ab = u_b·du_a + u_a·du_b;
// second-order d²C_aa = 2|du_a|², d²C_ab = 2 du_a·du_b. So each pair term adds, with w = c_a c_b,
//   block (a,a): w[4h11 u_a u_aᵀ + 2h13 (u_a u_bᵀ + u_b u_aᵀ) + h33 u_b u_bᵀ + 2g1 I]
//   block (b,b): w[h33 u_a u_aᵀ + 2h23 (u_a u_bᵀ + u_b u_aᵀ) + 4h22 u_b u_bᵀ + 2g2 I]   (b a student)
//   block (a,b): w[2h13 u_a u_aᵀ + 4h12 u_a u_bᵀ + h33 u_b u_aᵀ + 2h23 u_b u_bᵀ + g3 I] (b a student)
// and a direction orthogonal to the span moves no C to first order: the orthogonal block collects the
// identity coefficients alone.
import type { CommitteeSpec, Overlaps } from "@pupil/dynamics";
import { type RealisedWeights, realiseOverlaps } from "./basis.js";
import type { KernelDerivatives, PairKernel } from "./kernel.js";

export interface FlatHessian {
  rank: number;
  p: number;
  /** p·rank: the side of the in-span block. */
  size: number;
  /** size×size row-major, index j·rank + α (student j, span coordinate α). */
  inSpan: Float64Array;
  /** p×p row-major: the block for any unit direction orthogonal to the span (it repeats N − rank times). */
  perpendicular: Float64Array;
  basis: RealisedWeights;
}

/**
 * The in-span Hessian in factored form, H = P ⊗ I_r + Σ_terms coef · (e_s e_tᵀ) ⊗ (u_a u_bᵀ), P the
 * orthogonal block and u the realised unit vectors. A product H·v costs O((p + p*)·p·r + #terms) instead of
 * (p·r)², which is what Lanczos needs at large p.
 */
export interface StructuredHessian {
  rank: number;
  p: number;
  size: number;
  perpendicular: Float64Array;
  basis: RealisedWeights;
  /** Terms: block (s, t) of students, units (a, b), coefficient. */
  termS: Int32Array;
  termT: Int32Array;
  termA: Int32Array;
  termB: Int32Array;
  termCoef: Float64Array;
  /** Unit vectors (students, then teachers), n×r row-major. */
  units: Float64Array;
  /** y ← H v (allocation-free after creation). */
  apply(v: Float64Array, y: Float64Array): void;
  /** The dense size×size matrix. */
  dense(): Float64Array;
}

type HessianSpec = Pick<CommitteeSpec, "a" | "b">;

export function structuredKernelHessian(
  spec: HessianSpec,
  o: Overlaps,
  kernel: PairKernel,
  basis: RealisedWeights = realiseOverlaps(o),
): StructuredHessian {
  const p = o.Q.length;
  const pStar = o.T.length;
  const n = p + pStar;
  const r = basis.rank;
  const size = p * r;
  const a = o.v ?? spec.a;
  const c = new Float64Array(n);
  for (let j = 0; j < p; j++) c[j] = a[j];
  for (let s = 0; s < pStar; s++) c[p + s] = -spec.b[s];
  const units = new Float64Array(n * r);
  [...basis.students, ...basis.teachers].forEach((x, i) => {
    for (let k = 0; k < r; k++) units[i * r + k] = x[k];
  });
  const C = (x: number, y: number): number => {
    if (x < p) return y < p ? o.Q[x][y] : o.M[x][y - p];
    return y < p ? o.M[y][x - p] : o.T[x - p][y - p];
  };
  const perp = new Float64Array(p * p);
  const S: number[] = [];
  const T: number[] = [];
  const A: number[] = [];
  const B: number[] = [];
  const K: number[] = [];
  const term = (s: number, t: number, x: number, y: number, coef: number) => {
    if (coef === 0) return;
    S.push(s);
    T.push(t);
    A.push(x);
    B.push(y);
    K.push(coef);
  };
  /** Block (s,t) += A11 u_x u_xᵀ + A12 u_x u_yᵀ + A21 u_y u_xᵀ + A22 u_y u_yᵀ + I·diag. */
  const add = (
    s: number,
    t: number,
    x: number,
    y: number,
    A11: number,
    A12: number,
    A21: number,
    A22: number,
    diag: number,
  ) => {
    term(s, t, x, x, A11);
    term(s, t, x, y, A12);
    term(s, t, y, x, A21);
    term(s, t, y, y, A22);
    perp[s * p + t] += diag;
  };

  const d: KernelDerivatives = {
    value: 0,
    g1: 0,
    g2: 0,
    g3: 0,
    h11: 0,
    h22: 0,
    h33: 0,
    h12: 0,
    h13: 0,
    h23: 0,
  };
  for (let x = 0; x < p; x++) {
    const [, k1, k2] = kernel.diagonal(C(x, x));
    const half = 0.5 * c[x] * c[x];
    term(x, x, x, x, half * 4 * k2);
    perp[x * p + x] += half * 2 * k1;
    for (let y = x + 1; y < n; y++) {
      const w = c[x] * c[y];
      if (w === 0) continue;
      kernel.pair(C(x, x), C(y, y), C(x, y), d);
      add(x, x, x, y, w * 4 * d.h11, w * 2 * d.h13, w * 2 * d.h13, w * d.h33, w * 2 * d.g1);
      if (y < p) {
        add(y, y, x, y, w * d.h33, w * 2 * d.h23, w * 2 * d.h23, w * 4 * d.h22, w * 2 * d.g2);
        add(x, y, x, y, w * 2 * d.h13, w * 4 * d.h12, w * d.h33, w * 2 * d.h23, w * d.g3);
        add(y, x, x, y, w * 2 * d.h13, w * d.h33, w * 4 * d.h12, w * 2 * d.h23, w * d.g3);
      }
    }
  }
  const termS = Int32Array.from(S);
  const termT = Int32Array.from(T);
  const termA = Int32Array.from(A);
  const termB = Int32Array.from(B);
  const termCoef = Float64Array.from(K);
  const count = termCoef.length;
  // Scratch for apply: P[b·p + t] = u_b·v_t, Z[s·n + a] = Σ coef P.
  const P = new Float64Array(n * p);
  const Z = new Float64Array(p * n);
  return {
    rank: r,
    p,
    size,
    perpendicular: perp,
    basis,
    termS,
    termT,
    termA,
    termB,
    termCoef,
    units,
    apply(v, out) {
      for (let b = 0; b < n; b++) {
        const ub = b * r;
        for (let t = 0; t < p; t++) {
          const vt = t * r;
          let s = 0;
          for (let k = 0; k < r; k++) s += units[ub + k] * v[vt + k];
          P[b * p + t] = s;
        }
      }
      Z.fill(0);
      for (let i = 0; i < count; i++) Z[termS[i] * n + termA[i]] += termCoef[i] * P[termB[i] * p + termT[i]];
      for (let s = 0; s < p; s++) {
        const ys = s * r;
        for (let k = 0; k < r; k++) out[ys + k] = 0;
        for (let t = 0; t < p; t++) {
          const dst = perp[s * p + t];
          if (dst === 0) continue;
          const vt = t * r;
          for (let k = 0; k < r; k++) out[ys + k] += dst * v[vt + k];
        }
        for (let x = 0; x < n; x++) {
          const z = Z[s * n + x];
          if (z === 0) continue;
          const ux = x * r;
          for (let k = 0; k < r; k++) out[ys + k] += z * units[ux + k];
        }
      }
    },
    dense() {
      const H = new Float64Array(size * size);
      for (let s = 0; s < p; s++) {
        for (let t = 0; t < p; t++) {
          const dst = perp[s * p + t];
          if (dst === 0) continue;
          for (let k = 0; k < r; k++) H[(s * r + k) * size + t * r + k] += dst;
        }
      }
      for (let i = 0; i < count; i++) {
        const ua = termA[i] * r;
        const ub = termB[i] * r;
        const coef = termCoef[i];
        for (let k = 0; k < r; k++) {
          const x = coef * units[ua + k];
          const row = (termS[i] * r + k) * size + termT[i] * r;
          for (let l = 0; l < r; l++) H[row + l] += x * units[ub + l];
        }
      }
      return H;
    },
  };
}

/** The Hessian with its in-span block dense (see structuredKernelHessian for the factored form). */
export function kernelHessian(
  spec: HessianSpec,
  o: Overlaps,
  kernel: PairKernel,
  basis: RealisedWeights = realiseOverlaps(o),
): FlatHessian {
  const h = structuredKernelHessian(spec, o, kernel, basis);
  return { rank: h.rank, p: h.p, size: h.size, inSpan: h.dense(), perpendicular: h.perpendicular, basis };
}
