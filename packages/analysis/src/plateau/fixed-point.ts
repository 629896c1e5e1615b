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
import { createSymmetricRhs, isSymmetricSpec, symmetricLayout } from "./symmetric-rhs.js";

export type Parity = "even" | "odd";

export interface PlateauOptions {
  /** Which subspace: "even" M = 0, "odd" every M entry equal. Default: the student activation's parity. */
  parity?: Parity;
  /** The fixed point is reached when max |dθ/dα| < tol (by integrating, or Newton from near it). Default 1e-10. */
  tol?: number;
  /** Try Newton once the flow's max |dθ/dα| is below this (kept only if it reaches tol). Default 1e-4. */
  newtonFrom?: number;
  /** Give up integrating after this α. Default 1e5. */
  alphaMax?: number;
  /**
   * With a symmetric spec (equal a's, equal b's, permutation-invariant T), solve on the permutation-symmetric
   * subspace with a right-hand side whose cost does not grow with p (even parity included: Q0 is then
   * projected onto q_d I + q_o(11ᵀ − I)). false forces the general route. Default true.
   */
  symmetric?: boolean;
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
  /** α integrated inside the subspace before convergence (or before Newton took over). */
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

/** The symmetric subspace of symmetric-rhs.ts: Q = q_d I + q_o(11ᵀ − I), M = m 11ᵀ (m = 0 when even), v 1. */
function symmetricSubspace(
  p: number,
  pStar: number,
  trained: boolean,
  layout: ReturnType<typeof symmetricLayout>,
): Subspace {
  const odd = oddSubspace(p, pStar, trained);
  const full = new Float64Array(odd.dim);
  const oddM = p > 1 ? 2 : 1;
  const toOdd = (theta: Float64Array) => {
    full[0] = theta[0];
    if (layout.iOff >= 0) full[1] = theta[layout.iOff];
    full[oddM] = layout.iM >= 0 ? theta[layout.iM] : 0;
    if (layout.iV >= 0) full[oddM + 1] = theta[layout.iV];
  };
  const fromOdd = (theta: Float64Array) => {
    theta[0] = full[0];
    if (layout.iOff >= 0) theta[layout.iOff] = full[1];
    if (layout.iM >= 0) theta[layout.iM] = full[oddM];
    if (layout.iV >= 0) theta[layout.iV] = full[oddM + 1];
  };
  return {
    dim: layout.dim,
    embed(theta, y) {
      toOdd(theta);
      odd.embed(full, y);
    },
    reduce(dy, out) {
      odd.reduce(dy, full);
      fromOdd(out);
    },
    start(y0, theta) {
      odd.start(y0, full);
      fromOdd(theta);
    },
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
  const y = new Float64Array(rhs.dim);
  const dy = new Float64Array(rhs.dim);
  const y0 = packState(rhs.layout, init, spec.a);
  let sub: Subspace;
  let F: (th: Float64Array, out: Float64Array) => void;
  if ((options.symmetric ?? true) && isSymmetricSpec(spec, init.T)) {
    // Every unit alike: a few order parameters, and a right-hand side whose cost does not grow with p.
    const layout = symmetricLayout(p, parity === "odd", trained);
    sub = symmetricSubspace(p, pStar, trained, layout);
    F = createSymmetricRhs(spec, init.T, layout, { order: options.rhs?.order });
  } else {
    sub = parity === "even" ? evenSubspace(p, pStar, trained) : oddSubspace(p, pStar, trained);
    F = (th, out) => {
      sub.embed(th, y);
      rhs.evaluate(y, dy);
      sub.reduce(dy, out);
    };
  }
  const theta = new Float64Array(sub.dim);
  sub.start(y0, theta);
  const alpha = integrateToRest(F, theta, tol, alphaMax, options.newton ?? true, options.newtonFrom ?? 1e-4);
  sub.embed(theta, y);
  rhs.evaluate(y, dy);
  const overlaps = unpackState(rhs.layout, y, T);
  return { parity, overlaps, eg: rhs.loss(y), residual: maxAbs(dy), alpha };
}

/**
 * Integrates dθ/dα = F(θ) over growing horizons until max |F| < `handoff`, then tries Newton from there;
 * a Newton result is taken only when it reaches max |F| < tol, otherwise integration goes on with a 100×
 * smaller handoff (the flow, not Newton, decides which fixed point is reached). Returns the α integrated.
 */
function integrateToRest(
  F: (th: Float64Array, out: Float64Array) => void,
  theta: Float64Array,
  tol: number,
  alphaMax: number,
  newton: boolean,
  handoffFrom: number,
): number {
  const stepper = createStepper({ method: "rk45", rtol: 1e-10, atol: 1e-12 }, F, theta);
  const dtheta = new Float64Array(theta.length);
  const trial = new Float64Array(theta.length);
  let alpha = 0;
  let horizon = 1;
  let handoff = newton ? Math.max(tol, handoffFrom) : tol;
  for (;;) {
    F(stepper.y, dtheta);
    const r = maxAbs(dtheta);
    if (r < tol || alpha >= alphaMax) break;
    if (r < handoff) {
      trial.set(stepper.y);
      newtonPolish(theta.length, F, trial);
      F(trial, dtheta);
      if (maxAbs(dtheta) < tol) {
        theta.set(trial);
        return alpha;
      }
      handoff = Math.max(tol, handoff / 100);
    }
    alpha = Math.min(alpha + horizon, alphaMax);
    stepper.advanceTo(alpha);
    horizon *= 1.5;
  }
  theta.set(stepper.y);
  if (newton) newtonPolish(theta.length, F, theta);
  return alpha;
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
