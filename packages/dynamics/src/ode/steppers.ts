// Time steppers for dy/dt = f(y) (autonomous): adaptive Dormand–Prince 5(4), fixed-step RK4 and Euler.
// Each one advances to an exact target time by shortening its last step, so outputs land exactly on it.

export type Derivative = (y: Float64Array, dy: Float64Array) => void;

export type IntegratorOptions =
  | { method: "rk45"; rtol?: number; atol?: number; hInit?: number; hMax?: number }
  | { method: "rk4"; dt: number }
  | { method: "euler"; dt: number };

/** Everything needed to continue a stepper bit-identically (y lives with the owner). */
export interface StepperState {
  t: number;
  /** rk45: the step size the controller proposes next (0: not chosen yet). */
  h: number;
  steps: number;
  rejected: number;
  evaluations: number;
}

export interface Stepper {
  readonly y: Float64Array;
  readonly state: StepperState;
  /** Advances y to time `target` (≥ t); `afterStep(t, y)` runs after each accepted step (may throw). */
  advanceTo(target: number, afterStep?: (t: number, y: Float64Array) => void): void;
}

/**
 * Default Dormand–Prince tolerances. eg is small where a run has learned (1e-9 for erf K = M = 2 at α = 500,
 * where it rests on overlaps near their fixed point, differences of ~1e-5), so its relative accuracy needs a
 * tiny absolute tolerance: with these eg is within ~2e-7 relative of a 1e-14 solve at every recorded α on the
 * erf and quadratic reference runs (the old 1e-8 / 1e-10 left ~6e-2). OdeIntegrator scales atol by the size of
 * the overlaps.
 */
export const DEFAULT_RTOL = 1e-11;
export const DEFAULT_ATOL = 1e-15;

/** Relative slack under which a remaining interval is merged into the current step. */
const MERGE = 1e-12;

export function validateIntegratorOptions(opts: IntegratorOptions): IntegratorOptions {
  if (!opts || typeof opts !== "object") throw new Error("integrator: expected { method, ... }");
  if (opts.method === "rk45") {
    const rtol = opts.rtol ?? DEFAULT_RTOL;
    const atol = opts.atol ?? DEFAULT_ATOL;
    if (!(rtol > 0) || !Number.isFinite(rtol))
      throw new Error(`integrator.rtol: expected > 0, got ${String(opts.rtol)}`);
    if (!(atol > 0) || !Number.isFinite(atol))
      throw new Error(`integrator.atol: expected > 0, got ${String(opts.atol)}`);
    if (opts.hInit !== undefined && !(opts.hInit > 0))
      throw new Error(`integrator.hInit: expected > 0, got ${opts.hInit}`);
    if (opts.hMax !== undefined && !(opts.hMax > 0))
      throw new Error(`integrator.hMax: expected > 0, got ${opts.hMax}`);
    return opts;
  }
  if (opts.method === "rk4" || opts.method === "euler") {
    if (typeof opts.dt !== "number" || !(opts.dt > 0) || !Number.isFinite(opts.dt)) {
      throw new Error(`integrator.dt: expected a step > 0, got ${String(opts.dt)}`);
    }
    return opts;
  }
  throw new Error(
    `integrator.method: expected "rk45", "rk4" or "euler", got ${JSON.stringify((opts as { method: unknown }).method)}`,
  );
}

export function createStepper(
  opts: IntegratorOptions,
  f: Derivative,
  y0: Float64Array,
  state?: StepperState,
): Stepper {
  validateIntegratorOptions(opts);
  const st: StepperState = state ? { ...state } : { t: 0, h: 0, steps: 0, rejected: 0, evaluations: 0 };
  if (opts.method === "rk45") return new DormandPrince(opts, f, y0, st);
  return new FixedStep(opts.method, opts.dt, f, y0, st);
}

/** Classic RK4 or explicit Euler with a fixed dt (the last step before a target is shortened). */
class FixedStep implements Stepper {
  readonly y: Float64Array;
  readonly state: StepperState;
  private readonly k: Float64Array[];
  private readonly tmp: Float64Array;

  constructor(
    private readonly method: "rk4" | "euler",
    private readonly dt: number,
    private readonly f: Derivative,
    y0: Float64Array,
    state: StepperState,
  ) {
    this.y = Float64Array.from(y0);
    this.state = state;
    const n = y0.length;
    this.k = [0, 1, 2, 3].map(() => new Float64Array(n));
    this.tmp = new Float64Array(n);
  }

  advanceTo(target: number, afterStep?: (t: number, y: Float64Array) => void): void {
    const st = this.state;
    const { y, f, tmp } = this;
    const n = y.length;
    while (st.t < target) {
      let h = this.dt;
      const last = st.t + h >= target - MERGE * Math.max(1, Math.abs(target));
      if (last) h = target - st.t;
      const [k1, k2, k3, k4] = this.k;
      f(y, k1);
      if (this.method === "euler") {
        for (let i = 0; i < n; i++) y[i] += h * k1[i];
        st.evaluations += 1;
      } else {
        for (let i = 0; i < n; i++) tmp[i] = y[i] + 0.5 * h * k1[i];
        f(tmp, k2);
        for (let i = 0; i < n; i++) tmp[i] = y[i] + 0.5 * h * k2[i];
        f(tmp, k3);
        for (let i = 0; i < n; i++) tmp[i] = y[i] + h * k3[i];
        f(tmp, k4);
        for (let i = 0; i < n; i++) y[i] += (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        st.evaluations += 4;
      }
      st.t = last ? target : st.t + h;
      st.steps += 1;
      afterStep?.(st.t, y);
    }
  }
}

// Dormand–Prince 5(4) tableau (Hairer, Nørsett & Wanner, Table II.5.2).
const A21 = 1 / 5;
const A31 = 3 / 40,
  A32 = 9 / 40;
const A41 = 44 / 45,
  A42 = -56 / 15,
  A43 = 32 / 9;
const A51 = 19372 / 6561,
  A52 = -25360 / 2187,
  A53 = 64448 / 6561,
  A54 = -212 / 729;
const A61 = 9017 / 3168,
  A62 = -355 / 33,
  A63 = 46732 / 5247,
  A64 = 49 / 176,
  A65 = -5103 / 18656;
const B1 = 35 / 384,
  B3 = 500 / 1113,
  B4 = 125 / 192,
  B5 = -2187 / 6784,
  B6 = 11 / 84;
// E = b − b̂ (5th minus 4th order weights).
const E1 = 71 / 57600,
  E3 = -71 / 16695,
  E4 = 71 / 1920,
  E5 = -17253 / 339200,
  E6 = 22 / 525,
  E7 = -1 / 40;

const SAFETY = 0.9;
const FAC_MIN = 0.2;
const FAC_MAX = 5;

/** Adaptive Dormand–Prince 5(4) with FSAL, the standard RMS error norm and a safety-factor step control. */
class DormandPrince implements Stepper {
  readonly y: Float64Array;
  readonly state: StepperState;
  private readonly rtol: number;
  private readonly atol: number;
  private readonly hMax: number;
  private readonly hInit?: number;
  private readonly k: Float64Array[];
  private readonly ynew: Float64Array;
  private readonly tmp: Float64Array;
  /** k1 = f(y) is current (FSAL); recomputed after construction/resume, which gives the same bits. */
  private k1Valid = false;

  constructor(
    opts: { rtol?: number; atol?: number; hInit?: number; hMax?: number },
    private readonly f: Derivative,
    y0: Float64Array,
    state: StepperState,
  ) {
    this.rtol = opts.rtol ?? DEFAULT_RTOL;
    this.atol = opts.atol ?? DEFAULT_ATOL;
    this.hMax = opts.hMax ?? Number.POSITIVE_INFINITY;
    this.hInit = opts.hInit;
    this.y = Float64Array.from(y0);
    this.state = state;
    const n = y0.length;
    this.k = [0, 1, 2, 3, 4, 5, 6].map(() => new Float64Array(n));
    this.ynew = new Float64Array(n);
    this.tmp = new Float64Array(n);
  }

  private norm(v: Float64Array, ref: Float64Array): number {
    let s = 0;
    const n = v.length;
    for (let i = 0; i < n; i++) {
      const sc = this.atol + this.rtol * Math.abs(ref[i]);
      const e = v[i] / sc;
      s += e * e;
    }
    return Math.sqrt(s / n);
  }

  /** Hairer's starting step (HNW I, II.4). */
  private initialStep(): number {
    if (this.hInit !== undefined) return this.hInit;
    const { y, f, tmp } = this;
    const [k1, k2] = this.k;
    const d0 = this.norm(y, y);
    const d1 = this.norm(k1, y);
    let h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
    h0 = Math.min(h0, this.hMax);
    for (let i = 0; i < y.length; i++) tmp[i] = y[i] + h0 * k1[i];
    f(tmp, k2);
    this.state.evaluations += 1;
    for (let i = 0; i < y.length; i++) tmp[i] = k2[i] - k1[i];
    const d2 = this.norm(tmp, y) / h0;
    const big = Math.max(d1, d2);
    const h1 = big <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : (0.01 / big) ** (1 / 5);
    return Math.min(100 * h0, h1, this.hMax);
  }

  advanceTo(target: number, afterStep?: (t: number, y: Float64Array) => void): void {
    const st = this.state;
    const { y, ynew, tmp, f } = this;
    const n = y.length;
    const [k1, k2, k3, k4, k5, k6, k7] = this.k;
    if (st.t >= target) return;
    if (!this.k1Valid) {
      f(y, k1);
      st.evaluations += 1;
      this.k1Valid = true;
    }
    if (!(st.h > 0)) st.h = this.initialStep();
    let justRejected = false;
    while (st.t < target) {
      let h = Math.min(st.h, this.hMax);
      const clipped = st.t + h >= target - MERGE * Math.max(1, Math.abs(target));
      if (clipped) h = target - st.t;
      if (!(h > 1e-14 * Math.max(1, Math.abs(st.t)))) {
        throw new StepUnderflow(st.t, h);
      }
      for (let i = 0; i < n; i++) tmp[i] = y[i] + h * A21 * k1[i];
      f(tmp, k2);
      for (let i = 0; i < n; i++) tmp[i] = y[i] + h * (A31 * k1[i] + A32 * k2[i]);
      f(tmp, k3);
      for (let i = 0; i < n; i++) tmp[i] = y[i] + h * (A41 * k1[i] + A42 * k2[i] + A43 * k3[i]);
      f(tmp, k4);
      for (let i = 0; i < n; i++) tmp[i] = y[i] + h * (A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i]);
      f(tmp, k5);
      for (let i = 0; i < n; i++) {
        tmp[i] = y[i] + h * (A61 * k1[i] + A62 * k2[i] + A63 * k3[i] + A64 * k4[i] + A65 * k5[i]);
      }
      f(tmp, k6);
      for (let i = 0; i < n; i++)
        ynew[i] = y[i] + h * (B1 * k1[i] + B3 * k3[i] + B4 * k4[i] + B5 * k5[i] + B6 * k6[i]);
      f(ynew, k7);
      st.evaluations += 6;
      let s = 0;
      for (let i = 0; i < n; i++) {
        const e = h * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * k7[i]);
        const sc = this.atol + this.rtol * Math.max(Math.abs(y[i]), Math.abs(ynew[i]));
        s += (e / sc) * (e / sc);
      }
      const err = Math.sqrt(s / n);
      if (!Number.isFinite(err)) {
        // A non-finite trial: shrink hard; the owner's divergence check catches a truly non-finite state.
        st.rejected += 1;
        st.h = h * FAC_MIN;
        justRejected = true;
        if (!ynew.every(Number.isFinite) && h <= 1e-10 * Math.max(1, Math.abs(st.t)))
          throw new StepUnderflow(st.t, h);
        continue;
      }
      const factor = err === 0 ? FAC_MAX : SAFETY * err ** -0.2;
      if (err <= 1) {
        y.set(ynew);
        k1.set(k7);
        st.t = clipped ? target : st.t + h;
        st.steps += 1;
        const grow = Math.min(justRejected ? 1 : FAC_MAX, Math.max(FAC_MIN, factor));
        // A step clipped to hit a target says little about the natural step: keep the larger proposal.
        st.h = clipped ? Math.max(st.h, h * grow) : h * grow;
        justRejected = false;
        afterStep?.(st.t, y);
      } else {
        st.rejected += 1;
        st.h = h * Math.max(FAC_MIN, factor);
        justRejected = true;
      }
    }
  }
}

/** The adaptive step size fell below what floating point can resolve. */
export class StepUnderflow extends Error {
  constructor(
    readonly t: number,
    readonly h: number,
  ) {
    super(`step size underflow at t = ${t} (h = ${h})`);
    this.name = "StepUnderflow";
  }
}
