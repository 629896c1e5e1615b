// The right-hand side of the order-parameter ODEs (docs/math.md §2–3), one class per route, allocation-free.
import { type CommitteeIntegrals, type CommitteeSpec, effectiveLr, quadraticLoss } from "../common/index.js";
import { type StateLayout, stateLayout } from "./layout.js";

/** dy/dα = f(y) for the overlaps, plus the population loss of a state. */
export interface OdeRhs {
  readonly layout: StateLayout;
  readonly dim: number;
  /** Which route computes it: "quadratic" | "erf" closed forms, or "integrals" (plugin closed forms/quadrature). */
  readonly route: "quadratic" | "erf" | "integrals";
  evaluate(y: Float64Array, dy: Float64Array): void;
  loss(y: Float64Array): number;
}

/** What every route shares: rates, second layers, Ω and c = (−a, b) buffers. */
abstract class RhsBase implements OdeRhs {
  abstract readonly route: "quadratic" | "erf" | "integrals";
  readonly layout: StateLayout;
  readonly dim: number;
  protected readonly p: number;
  protected readonly pStar: number;
  protected readonly n: number;
  protected readonly eta: number;
  protected readonly eta2: number;
  /** η_eff²/B, or 0 without the noise term. */
  protected readonly eta2Noise: number;
  protected readonly sigma2: number;
  protected readonly decay: number;
  protected readonly aFixed: Float64Array;
  protected readonly b: Float64Array;
  protected readonly T: Float64Array;
  /** Ω row-major n×n, and a Covariance view of it. */
  protected readonly omega: Float64Array;
  protected readonly cov: { n: number; data: Float64Array };
  /** The current student second layer. */
  protected readonly a: Float64Array;

  constructor(spec: CommitteeSpec, T: ArrayLike<number>) {
    this.p = spec.p;
    this.pStar = spec.pStar;
    this.n = spec.p + spec.pStar;
    this.layout = stateLayout(spec.p, spec.pStar, spec.secondLayerLr !== undefined);
    this.dim = this.layout.dim;
    this.eta = effectiveLr(spec);
    this.eta2 = spec.secondLayerLr ?? 0;
    this.eta2Noise = spec.noiseTerm ? (this.eta * this.eta) / spec.batch : 0;
    this.sigma2 = spec.labelNoise * spec.labelNoise;
    this.decay = spec.weightDecay;
    this.aFixed = Float64Array.from(spec.a);
    this.b = Float64Array.from(spec.b);
    this.T = Float64Array.from(T);
    this.omega = new Float64Array(this.n * this.n);
    this.cov = { n: this.n, data: this.omega };
    this.a = new Float64Array(this.p);
  }

  /** Fills Ω and a from the state. */
  protected load(y: Float64Array): void {
    const { p, pStar, n, omega } = this;
    const mo = this.layout.mOffset;
    for (let j = 0; j < p; j++) {
      for (let k = 0; k < p; k++) omega[j * n + k] = y[j * p + k];
      for (let r = 0; r < pStar; r++) {
        const m = y[mo + j * pStar + r];
        omega[j * n + p + r] = m;
        omega[(p + r) * n + j] = m;
      }
    }
    for (let r = 0; r < pStar; r++) {
      for (let s = 0; s < pStar; s++) omega[(p + r) * n + p + s] = this.T[r * pStar + s];
    }
    if (this.layout.trained) for (let j = 0; j < p; j++) this.a[j] = y[this.layout.vOffset + j];
    else this.a.set(this.aFixed);
  }

  abstract evaluate(y: Float64Array, dy: Float64Array): void;
  abstract loss(y: Float64Array): number;
}

/**
 * Quadratic g = g* = z², closed form (docs/math.md §2). With C = diag(a, −b), t = Tr CΩ, P = ΩCΩ:
 *   E[d zzᵀ] = tΩ + 2P,  E[d² zzᵀ] = (t² + 2 Tr CΩCΩ + σ²)Ω + 4tP + 8PCΩ,
 *   dM = −2η a_j E[d λ_j ν_r] − ηκM,  dQ = −2η(a_j + a_k)E[d λ_j λ_k] + (4η²/B) a_j a_k E[d² λ_j λ_k] − 2ηκQ,
 *   dv_j = −η2 E[d λ_j²].
 */
export class QuadraticRhs extends RhsBase {
  readonly route = "quadratic" as const;
  private readonly c: Float64Array;
  private readonly P: Float64Array;
  private readonly OC: Float64Array;

  constructor(spec: CommitteeSpec, T: ArrayLike<number>) {
    super(spec, T);
    this.c = new Float64Array(this.n);
    this.P = new Float64Array(this.p * this.n);
    this.OC = new Float64Array(this.n);
  }

  private loadC(y: Float64Array): void {
    this.load(y);
    for (let j = 0; j < this.p; j++) this.c[j] = this.a[j];
    for (let r = 0; r < this.pStar; r++) this.c[this.p + r] = -this.b[r];
  }

  loss(y: Float64Array): number {
    this.loadC(y);
    return quadraticLoss(this.n, this.c, this.omega);
  }

  evaluate(y: Float64Array, dy: Float64Array): void {
    this.loadC(y);
    const { p, pStar, n, omega: O, c, P, OC, a } = this;
    let t = 0;
    let s2 = 0;
    for (let x = 0; x < n; x++) {
      t += c[x] * O[x * n + x];
      for (let z = 0; z < n; z++) {
        const o = O[x * n + z];
        s2 += c[x] * c[z] * o * o;
      }
    }
    // Student rows of P = ΩCΩ.
    for (let j = 0; j < p; j++) {
      for (let z = 0; z < n; z++) OC[z] = O[j * n + z] * c[z];
      for (let x = 0; x < n; x++) {
        let s = 0;
        for (let z = 0; z < n; z++) s += OC[z] * O[z * n + x];
        P[j * n + x] = s;
      }
    }
    const eta = this.eta;
    const noise = this.eta2Noise;
    const ed2 = t * t + 2 * s2 + this.sigma2;
    const kappa = this.decay;
    const mo = this.layout.mOffset;
    for (let j = 0; j < p; j++) {
      for (let r = 0; r < pStar; r++) {
        const x = p + r;
        const edlv = t * O[j * n + x] + 2 * P[j * n + x];
        dy[mo + j * pStar + r] = -2 * eta * a[j] * edlv - eta * kappa * O[j * n + x];
      }
      for (let k = j; k < p; k++) {
        const q = O[j * n + k];
        const edll = t * q + 2 * P[j * n + k];
        let d = -2 * eta * (a[j] + a[k]) * edll - 2 * eta * kappa * q;
        if (noise !== 0) {
          // (PCΩ)_jk = Σ_z P_jz c_z Ω_zk
          let pco = 0;
          for (let z = 0; z < n; z++) pco += P[j * n + z] * c[z] * O[z * n + k];
          d += 4 * noise * a[j] * a[k] * (ed2 * q + 4 * t * P[j * n + k] + 8 * pco);
        }
        dy[j * p + k] = d;
        dy[k * p + j] = d;
      }
    }
    if (this.layout.trained) {
      const vo = this.layout.vOffset;
      for (let j = 0; j < p; j++) dy[vo + j] = -this.eta2 * (t * O[j * n + j] + 2 * P[j * n + j]);
    }
  }
}

/**
 * The Saad–Solla ODEs (docs/math.md §3) with c = (−a, b):
 *   dM_jr = η a_j Σ_x c_x I3(j, r, x) − ηκM,
 *   dQ_jk = η[a_j Σ_x c_x I3(j,k,x) + a_k Σ_x c_x I3(k,j,x)] + (η²/B) a_j a_k [Σ_xy c_x c_y I4(j,k,x,y) + σ² J2(j,k)] − 2ηκQ,
 *   dv_j = η2 Σ_x c_x I2(j, x).
 * Subclasses supply F_jx = Σ_y c_y I3(j, x, y), the I4 sum, J2 and I2.
 */
abstract class SaadSollaRhs extends RhsBase {
  protected readonly c: Float64Array;
  /** F (p×n): F_jx = Σ_y c_y I3(j, x, y). */
  protected readonly F: Float64Array;

  constructor(spec: CommitteeSpec, T: ArrayLike<number>) {
    super(spec, T);
    this.c = new Float64Array(this.n);
    this.F = new Float64Array(this.p * this.n);
  }

  protected loadC(y: Float64Array): void {
    this.load(y);
    for (let j = 0; j < this.p; j++) this.c[j] = -this.a[j];
    for (let r = 0; r < this.pStar; r++) this.c[this.p + r] = this.b[r];
  }

  protected abstract fillF(): void;
  protected abstract i4Sum(j: number, k: number): number;
  protected abstract j2(j: number, k: number): number;
  protected abstract i2(x: number, z: number): number;

  loss(y: Float64Array): number {
    this.loadC(y);
    const { n, c } = this;
    let eg = 0;
    for (let x = 0; x < n; x++) {
      eg += 0.5 * c[x] * c[x] * this.i2(x, x);
      for (let z = x + 1; z < n; z++) eg += c[x] * c[z] * this.i2(x, z);
    }
    return eg;
  }

  evaluate(y: Float64Array, dy: Float64Array): void {
    this.loadC(y);
    this.fillF();
    const { p, pStar, n, F, a, omega: O, c } = this;
    const eta = this.eta;
    const kappa = this.decay;
    const noise = this.eta2Noise;
    const mo = this.layout.mOffset;
    for (let j = 0; j < p; j++) {
      for (let r = 0; r < pStar; r++) {
        dy[mo + j * pStar + r] = eta * a[j] * F[j * n + p + r] - eta * kappa * O[j * n + p + r];
      }
      for (let k = j; k < p; k++) {
        let d = eta * (a[j] * F[j * n + k] + a[k] * F[k * n + j]) - 2 * eta * kappa * O[j * n + k];
        if (noise !== 0) {
          let inner = this.i4Sum(j, k);
          if (this.sigma2 !== 0) inner += this.sigma2 * this.j2(j, k);
          d += noise * a[j] * a[k] * inner;
        }
        dy[j * p + k] = d;
        dy[k * p + j] = d;
      }
    }
    if (this.layout.trained) {
      const vo = this.layout.vOffset;
      for (let j = 0; j < p; j++) {
        let s = 0;
        for (let x = 0; x < n; x++) s += c[x] * this.i2(j, x);
        dy[vo + j] = this.eta2 * s;
      }
    }
  }
}

const TWO_OVER_PI = 2 / Math.PI;
const FOUR_OVER_PI2 = 4 / (Math.PI * Math.PI);

function clampedAsin(x: number): number {
  return Math.asin(x > 1 ? 1 : Math.max(x, -1));
}

/** g = g* = erf(z/√2): the closed forms of docs/math.md §3 with per-evaluation precomputation. */
export class ErfRhs extends SaadSollaRhs {
  readonly route = "erf" as const;
  /** d_x = 1 + Ω_xx */
  private readonly d: Float64Array;
  /** w_jx = c_x (2/π) / (d_j √(d_j d_x − Ω_jx²)) */
  private readonly w: Float64Array;
  private readonly l1: Float64Array;

  constructor(spec: CommitteeSpec, T: ArrayLike<number>) {
    super(spec, T);
    this.d = new Float64Array(this.n);
    this.w = new Float64Array(this.p * this.n);
    this.l1 = new Float64Array(this.n);
  }

  protected override loadC(y: Float64Array): void {
    super.loadC(y);
    const { n, d, omega: O } = this;
    for (let x = 0; x < n; x++) d[x] = 1 + O[x * n + x];
  }

  protected fillF(): void {
    const { p, n, d, w, c, F, omega: O } = this;
    // I3(j,x,y) = (2/π)(Ω_xy d_j − Ω_jx Ω_jy) / (d_j √(d_j d_y − Ω_jy²)), so
    // F_jx = d_j Σ_y w_jy Ω_xy − Ω_jx Σ_y w_jy Ω_jy.
    for (let j = 0; j < p; j++) {
      const dj = d[j];
      let u = 0;
      for (let y = 0; y < n; y++) {
        const ojy = O[j * n + y];
        const wjy = (c[y] * TWO_OVER_PI) / (dj * Math.sqrt(dj * d[y] - ojy * ojy));
        w[j * n + y] = wjy;
        u += wjy * ojy;
      }
      for (let x = 0; x < n; x++) {
        let s = 0;
        for (let y = 0; y < n; y++) s += w[j * n + y] * O[x * n + y];
        F[j * n + x] = dj * s - O[j * n + x] * u;
      }
    }
  }

  protected i4Sum(j: number, k: number): number {
    const { n, d, c, l1, omega: O } = this;
    const dj = d[j];
    const dk = d[k];
    const ojk = O[j * n + k];
    const lambda4 = dj * dk - ojk * ojk;
    for (let x = 0; x < n; x++) {
      const ojx = O[j * n + x];
      const okx = O[k * n + x];
      const l = lambda4 * d[x] - okx * okx * dj - ojx * ojx * dk + 2 * ojk * ojx * okx;
      l1[x] = 1 / Math.sqrt(l);
    }
    let sum = 0;
    for (let x = 0; x < n; x++) {
      const ojx = O[j * n + x];
      const okx = O[k * n + x];
      let row = 0;
      for (let y = x; y < n; y++) {
        const ojy = O[j * n + y];
        const oky = O[k * n + y];
        const lambda0 =
          lambda4 * O[x * n + y] - okx * oky * dj - ojx * ojy * dk + ojk * (ojx * oky + ojy * okx);
        const term = c[y] * clampedAsin(lambda0 * l1[x] * l1[y]);
        row += y === x ? term : 2 * term;
      }
      sum += c[x] * row;
    }
    return (FOUR_OVER_PI2 / Math.sqrt(lambda4)) * sum;
  }

  protected j2(j: number, k: number): number {
    const o = this.omega[j * this.n + k];
    return TWO_OVER_PI / Math.sqrt(this.d[j] * this.d[k] - o * o);
  }

  protected i2(x: number, z: number): number {
    return TWO_OVER_PI * clampedAsin(this.omega[x * this.n + z] / Math.sqrt(this.d[x] * this.d[z]));
  }
}

/** Any activations, through CommitteeIntegrals (plugin closed forms, else quadrature; mixed g ≠ g*). */
export class IntegralsRhs extends SaadSollaRhs {
  readonly route = "integrals" as const;
  private readonly integrals: CommitteeIntegrals;

  constructor(spec: CommitteeSpec, T: ArrayLike<number>, integrals: CommitteeIntegrals) {
    super(spec, T);
    this.integrals = integrals;
  }

  protected fillF(): void {
    const { p, n, c, F, cov, integrals } = this;
    for (let j = 0; j < p; j++) {
      for (let x = 0; x < n; x++) {
        let s = 0;
        for (let y = 0; y < n; y++) if (c[y] !== 0) s += c[y] * integrals.I3(cov, j, x, y);
        F[j * n + x] = s;
      }
    }
  }

  protected i4Sum(j: number, k: number): number {
    const { n, c, cov, integrals } = this;
    let sum = 0;
    for (let x = 0; x < n; x++) {
      if (c[x] === 0) continue;
      sum += c[x] * c[x] * integrals.I4(cov, j, k, x, x);
      for (let y = x + 1; y < n; y++) if (c[y] !== 0) sum += 2 * c[x] * c[y] * integrals.I4(cov, j, k, x, y);
    }
    return sum;
  }

  protected j2(j: number, k: number): number {
    return this.integrals.J2(this.cov, j, k);
  }

  protected i2(x: number, z: number): number {
    return this.integrals.I2(this.cov, x, z);
  }
}
