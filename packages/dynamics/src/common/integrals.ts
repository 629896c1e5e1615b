// Gaussian integrals over u = (λ, ν) ~ N(0, Ω) for a committee whose student and teacher activations may
// differ (docs/math.md §3). Index x < p is a student unit (function g), x ≥ p a teacher unit (function g*).
import type { ActivationPlugin, Covariance, GaussianIntegrals } from "@pupil/plugin";
import { resolveIntegrals } from "@pupil/plugin";
import { GaussianQuadrature } from "@pupil/tensors";
import { sameActivation } from "./activations.js";

export interface CommitteeIntegralsOptions {
  /** Gauss–Hermite order for quadrature (passed on to resolveIntegrals and used for mixed integrals). */
  order?: number;
}

/**
 * I2, J2, I3, I4 over the whole committee. When g = g* everything goes through resolveIntegrals(g)
 * (closed forms where the plugin gives them, quadrature otherwise). When they differ, integrals that
 * involve only one of the two functions still use that plugin's integrals; mixed ones are computed by
 * Gauss–Hermite quadrature on the (deduplicated) indices.
 */
export class CommitteeIntegrals {
  readonly p: number;
  readonly pStar: number;
  readonly student: GaussianIntegrals;
  readonly teacher: GaussianIntegrals;
  readonly same: boolean;
  private readonly g: ActivationPlugin;
  private readonly gStar: ActivationPlugin;
  private readonly quad: GaussianQuadrature[] = [];
  private readonly order?: number;
  private readonly sub = [
    new Float64Array(1),
    new Float64Array(4),
    new Float64Array(9),
    new Float64Array(16),
  ];
  private readonly uniq = new Int32Array(4);
  private readonly slot = new Int32Array(4);

  constructor(
    activation: ActivationPlugin,
    teacherActivation: ActivationPlugin,
    p: number,
    pStar: number,
    options: CommitteeIntegralsOptions = {},
  ) {
    this.p = p;
    this.pStar = pStar;
    this.g = activation;
    this.gStar = teacherActivation;
    this.order = options.order;
    const opts = options.order === undefined ? {} : { order: options.order };
    this.student = resolveIntegrals(activation, opts);
    this.same = sameActivation(activation, teacherActivation);
    this.teacher = this.same ? this.student : resolveIntegrals(teacherActivation, opts);
  }

  private fn(x: number): (z: number) => number {
    return x < this.p ? this.g.f : this.gStar.f;
  }

  /** E[Π_s h_s(u_{idx_s})] by quadrature over the distinct indices among idx. */
  private mixed(C: Covariance, idx: readonly number[], h: readonly ((z: number) => number)[]): number {
    let m = 0;
    for (let s = 0; s < idx.length; s++) {
      let at = -1;
      for (let u = 0; u < m; u++) if (this.uniq[u] === idx[s]) at = u;
      if (at < 0) {
        this.uniq[m] = idx[s];
        at = m++;
      }
      this.slot[s] = at;
    }
    const sub = this.sub[m - 1];
    const n = C.n;
    for (let u = 0; u < m; u++) {
      for (let w = 0; w < m; w++) sub[u * m + w] = C.data[this.uniq[u] * n + this.uniq[w]];
    }
    let quad = this.quad[m];
    if (!quad) {
      quad =
        this.order === undefined
          ? new GaussianQuadrature(m as 1 | 2 | 3 | 4)
          : new GaussianQuadrature(m as 1 | 2 | 3 | 4, this.order);
      this.quad[m] = quad;
    }
    const slot = this.slot;
    const k = idx.length;
    return quad.expect(sub, (z) => {
      let prod = 1;
      for (let s = 0; s < k; s++) prod *= h[s](z[slot[s]]);
      return prod;
    });
  }

  /** I2(x,y) = E[h_x(u_x) h_y(u_y)], h = g for students, g* for teachers. */
  I2(C: Covariance, x: number, y: number): number {
    const sx = x < this.p;
    const sy = y < this.p;
    if (this.same || (sx && sy)) return this.student.I2(C, x, y);
    if (!sx && !sy) return this.teacher.I2(C, x, y);
    return this.mixed(C, [x, y], [this.fn(x), this.fn(y)]);
  }

  /** J2(i,k) = E[g'(λ_i) g'(λ_k)], students only. */
  J2(C: Covariance, i: number, k: number): number {
    return this.student.J2(C, i, k);
  }

  /** I3(i,y,c) = E[g'(λ_i) u_y h_c(u_c)], i a student. */
  I3(C: Covariance, i: number, y: number, c: number): number {
    if (this.same || c < this.p) return this.student.I3(C, i, y, c);
    const identity = (z: number) => z;
    return this.mixed(C, [i, y, c], [this.g.df, identity, this.fn(c)]);
  }

  /** I4(i,k,x,y) = E[g'(λ_i) g'(λ_k) h_x(u_x) h_y(u_y)], i, k students. */
  I4(C: Covariance, i: number, k: number, x: number, y: number): number {
    if (this.same || (x < this.p && y < this.p)) return this.student.I4(C, i, k, x, y);
    return this.mixed(C, [i, k, x, y], [this.g.df, this.g.df, this.fn(x), this.fn(y)]);
  }
}
