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

type HessianSpec = Pick<CommitteeSpec, "a" | "b">;

export function kernelHessian(
  spec: HessianSpec,
  o: Overlaps,
  kernel: PairKernel,
  basis: RealisedWeights = realiseOverlaps(o),
): FlatHessian {
  const p = o.Q.length;
  const pStar = o.T.length;
  const n = p + pStar;
  const r = basis.rank;
  const size = p * r;
  const a = o.v ?? spec.a;
  const c = new Float64Array(n);
  for (let j = 0; j < p; j++) c[j] = a[j];
  for (let s = 0; s < pStar; s++) c[p + s] = -spec.b[s];
  const u = [...basis.students, ...basis.teachers].map((x) => Float64Array.from(x));
  const C = (x: number, y: number): number => {
    if (x < p) return y < p ? o.Q[x][y] : o.M[x][y - p];
    return y < p ? o.M[y][x - p] : o.T[x - p][y - p];
  };
  const H = new Float64Array(size * size);
  const perp = new Float64Array(p * p);

  /** Block (s,t) += A11 ua uaᵀ + A12 ua ubᵀ + A21 ub uaᵀ + A22 ub ubᵀ + I·diag. */
  const add = (
    s: number,
    t: number,
    ua: Float64Array,
    ub: Float64Array,
    A11: number,
    A12: number,
    A21: number,
    A22: number,
    diag: number,
  ) => {
    for (let i = 0; i < r; i++) {
      const x1 = A11 * ua[i] + A21 * ub[i];
      const x2 = A12 * ua[i] + A22 * ub[i];
      const row = (s * r + i) * size + t * r;
      for (let k = 0; k < r; k++) H[row + k] += x1 * ua[k] + x2 * ub[k];
      H[row + i] += diag;
    }
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
    const ux = u[x];
    const [, k1, k2] = kernel.diagonal(C(x, x));
    const half = 0.5 * c[x] * c[x];
    add(x, x, ux, ux, half * 4 * k2, 0, 0, 0, half * 2 * k1);
    for (let y = x + 1; y < n; y++) {
      const w = c[x] * c[y];
      if (w === 0) continue;
      const uy = u[y];
      kernel.pair(C(x, x), C(y, y), C(x, y), d);
      add(x, x, ux, uy, w * 4 * d.h11, w * 2 * d.h13, w * 2 * d.h13, w * d.h33, w * 2 * d.g1);
      if (y < p) {
        add(y, y, ux, uy, w * d.h33, w * 2 * d.h23, w * 2 * d.h23, w * 4 * d.h22, w * 2 * d.g2);
        add(x, y, ux, uy, w * 2 * d.h13, w * 4 * d.h12, w * d.h33, w * 2 * d.h23, w * d.g3);
        add(y, x, ux, uy, w * 2 * d.h13, w * d.h33, w * 4 * d.h12, w * 2 * d.h23, w * d.g3);
      }
    }
  }
  return { rank: r, p, size, inSpan: H, perpendicular: perp, basis };
}
