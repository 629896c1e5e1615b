// The plateau: the ODE's fixed point on the unspecialised invariant subspace reached from a run's start.
import {
  type CommitteeSpec,
  createOdeRhs,
  createStepper,
  type Overlaps,
  packState,
  type RhsOptions,
  unpackState,
  validateCommitteeSpec,
  validateOverlaps,
} from "@pupil/dynamics";

export type Parity = "even" | "odd";

export interface PlateauOptions {
  /** Which subspace: "even" M = 0, "odd" every M entry equal. Default: the student activation's parity. */
  parity?: Parity;
  /** Stop integrating when max |dθ/dα| < tol (before Newton polishing). Default 1e-10. */
  tol?: number;
  /** Give up integrating after this α. Default 1e5. */
  alphaMax?: number;
  /** Newton-polish the fixed point (finite-difference Jacobian). Default true. */
  newton?: boolean;
  rhs?: RhsOptions;
}

export interface PlateauPoint {
  parity: Parity;
  overlaps: Overlaps;
  /** The plateau level eg. */
  eg: number;
  /** max |dy/dα| of the FULL ODE at the point: ~0 when the subspace really is invariant for this spec. */
  residual: number;
  /** α integrated inside the subspace before convergence. */
  alpha: number;
}

/** Coordinates θ of the subspace: embed(θ) → full state, reduce(dy) → dθ. */
interface Subspace {
  dim: number;
  embed(theta: Float64Array, y: Float64Array): void;
  reduce(dy: Float64Array, out: Float64Array): void;
  start(y0: Float64Array, theta: Float64Array): void;
}

function evenSubspace(p: number, pStar: number, trained: boolean): Subspace {
  const mOff = p * p;
  const vOff = mOff + p * pStar;
  const nq = (p * (p + 1)) / 2;
  const dim = nq + (trained ? p : 0);
  return {
    dim,
    embed(theta, y) {
      y.fill(0);
      let i = 0;
      for (let j = 0; j < p; j++) {
        for (let k = j; k < p; k++, i++) {
          y[j * p + k] = theta[i];
          y[k * p + j] = theta[i];
        }
      }
      if (trained) for (let j = 0; j < p; j++) y[vOff + j] = theta[nq + j];
    },
    reduce(dy, out) {
      let i = 0;
      for (let j = 0; j < p; j++) for (let k = j; k < p; k++, i++) out[i] = dy[j * p + k];
      if (trained) for (let j = 0; j < p; j++) out[nq + j] = dy[vOff + j];
    },
    start(y0, theta) {
      let i = 0;
      for (let j = 0; j < p; j++)
        for (let k = j; k < p; k++, i++) theta[i] = 0.5 * (y0[j * p + k] + y0[k * p + j]);
      if (trained) for (let j = 0; j < p; j++) theta[nq + j] = y0[vOff + j];
    },
  };
}

/** θ = (mean diag Q, mean off-diagonal Q, mean M[, mean v]): the permutation-symmetric subspace. */
function oddSubspace(p: number, pStar: number, trained: boolean): Subspace {
  const mOff = p * p;
  const vOff = mOff + p * pStar;
  const hasOff = p > 1;
  const dim = 2 + (hasOff ? 1 : 0) + (trained ? 1 : 0);
  const iM = hasOff ? 2 : 1;
  const iV = iM + 1;
  const average = (y: Float64Array, out: Float64Array) => {
    let diag = 0;
    let off = 0;
    let m = 0;
    let v = 0;
    for (let j = 0; j < p; j++) {
      for (let k = 0; k < p; k++) {
        if (j === k) diag += y[j * p + k];
        else off += y[j * p + k];
      }
      for (let r = 0; r < pStar; r++) m += y[mOff + j * pStar + r];
      if (trained) v += y[vOff + j];
    }
    out[0] = diag / p;
    if (hasOff) out[1] = off / (p * (p - 1));
    out[iM] = m / (p * pStar);
    if (trained) out[iV] = v / p;
  };
  return {
    dim,
    embed(theta, y) {
      for (let j = 0; j < p; j++) {
        for (let k = 0; k < p; k++) y[j * p + k] = j === k ? theta[0] : theta[1];
        for (let r = 0; r < pStar; r++) y[mOff + j * pStar + r] = theta[iM];
        if (trained) y[vOff + j] = theta[iV];
      }
    },
    reduce: average,
    start: average,
  };
}

/** Solves A x = b (small, dense, partial pivoting) in place; returns false when singular. */
function solve(n: number, A: Float64Array, b: Float64Array): boolean {
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r * n + c]) > Math.abs(A[piv * n + c])) piv = r;
    if (Math.abs(A[piv * n + c]) < 1e-300) return false;
    if (piv !== c) {
      for (let k = 0; k < n; k++) [A[c * n + k], A[piv * n + k]] = [A[piv * n + k], A[c * n + k]];
      [b[c], b[piv]] = [b[piv], b[c]];
    }
    for (let r = c + 1; r < n; r++) {
      const f = A[r * n + c] / A[c * n + c];
      if (f === 0) continue;
      for (let k = c; k < n; k++) A[r * n + k] -= f * A[c * n + k];
      b[r] -= f * b[c];
    }
  }
  for (let c = n - 1; c >= 0; c--) {
    let s = b[c];
    for (let k = c + 1; k < n; k++) s -= A[c * n + k] * b[k];
    b[c] = s / A[c * n + c];
  }
  return true;
}

const maxAbs = (v: Float64Array) => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

/**
 * The plateau reached from `init`: project the start onto the unspecialised invariant subspace (even
 * activations: M = 0, the quadratic case; odd ones: Q = q_d I + q_o(11ᵀ − I), every M entry = mean(M0), v =
 * mean(v0), the Saad–Solla case with Q0 = qI), integrate the ODE restricted to it until it stops moving, then
 * Newton-polish. The subspace is invariant when the spec is symmetric (equal a's, equal b's, T ∝ I for odd);
 * `residual` (the FULL ODE's max |dy/dα| there) tells whether it was.
 */
export function plateauPoint(
  spec: CommitteeSpec,
  init: Overlaps,
  options: PlateauOptions = {},
): PlateauPoint {
  validateCommitteeSpec(spec);
  validateOverlaps(init, spec.p, spec.pStar, "init");
  const parity = options.parity ?? spec.activation.parity;
  if (parity !== "even" && parity !== "odd") {
    throw new Error(
      `parity: the plateau subspace needs an even or odd activation (got ${JSON.stringify(parity)}); pass options.parity`,
    );
  }
  const tol = options.tol ?? 1e-10;
  const alphaMax = options.alphaMax ?? 1e5;
  const T = init.T.flat();
  const rhs = createOdeRhs(spec, T, options.rhs);
  const { p, pStar, trained } = rhs.layout;
  const sub = parity === "even" ? evenSubspace(p, pStar, trained) : oddSubspace(p, pStar, trained);
  const y = new Float64Array(rhs.dim);
  const dy = new Float64Array(rhs.dim);
  const theta = new Float64Array(sub.dim);
  sub.start(packState(rhs.layout, init, spec.a), theta);
  const F = (th: Float64Array, out: Float64Array) => {
    sub.embed(th, y);
    rhs.evaluate(y, dy);
    sub.reduce(dy, out);
  };
  const stepper = createStepper({ method: "rk45", rtol: 1e-10, atol: 1e-12 }, F, theta);
  const dtheta = new Float64Array(sub.dim);
  let alpha = 0;
  let horizon = 1;
  for (;;) {
    F(stepper.y, dtheta);
    if (maxAbs(dtheta) < tol || alpha >= alphaMax) break;
    alpha = Math.min(alpha + horizon, alphaMax);
    stepper.advanceTo(alpha);
    horizon *= 1.5;
  }
  theta.set(stepper.y);
  if (options.newton ?? true) newtonPolish(sub.dim, F, theta);
  sub.embed(theta, y);
  rhs.evaluate(y, dy);
  const overlaps = unpackState(rhs.layout, y, T);
  return { parity, overlaps, eg: rhs.loss(y), residual: maxAbs(dy), alpha };
}

/** A few Newton steps on F(θ) = 0 with a central-difference Jacobian; keeps only steps that reduce |F|. */
function newtonPolish(n: number, F: (t: Float64Array, out: Float64Array) => void, theta: Float64Array): void {
  const f0 = new Float64Array(n);
  const fp = new Float64Array(n);
  const fm = new Float64Array(n);
  const J = new Float64Array(n * n);
  const trial = new Float64Array(n);
  for (let iter = 0; iter < 8; iter++) {
    F(theta, f0);
    const r0 = maxAbs(f0);
    if (r0 === 0) return;
    for (let c = 0; c < n; c++) {
      const h = 1e-6 * Math.max(1, Math.abs(theta[c]));
      const keep = theta[c];
      theta[c] = keep + h;
      F(theta, fp);
      theta[c] = keep - h;
      F(theta, fm);
      theta[c] = keep;
      for (let r = 0; r < n; r++) J[r * n + c] = (fp[r] - fm[r]) / (2 * h);
    }
    const step = Float64Array.from(f0);
    if (!solve(n, J, step)) return;
    for (let i = 0; i < n; i++) trial[i] = theta[i] - step[i];
    F(trial, fp);
    if (!(maxAbs(fp) < r0)) return;
    theta.set(trial);
  }
}
