// OdeIntegrator: the order-parameter ODE of a committee machine, stepped to any α, resumable.
import type { Snapshot } from "@pupil/plugin";
import {
  type CommitteeSpec,
  DivergenceError,
  type Overlaps,
  validateCommitteeSpec,
  validateOverlaps,
} from "../common/index.js";
import { createOdeRhs, type RhsOptions } from "./create-rhs.js";
import { packState, unpackState } from "./layout.js";
import type { OdeRhs } from "./rhs.js";
import {
  createStepper,
  DEFAULT_ATOL,
  DEFAULT_RTOL,
  type IntegratorOptions,
  type Stepper,
  type StepperState,
  StepUnderflow,
  validateIntegratorOptions,
} from "./steppers.js";

export interface DivergenceBounds {
  /** Stop when eg exceeds this (checked at every snapshot). Default 1e6. */
  egMax?: number;
  /** Stop when a diagonal overlap |Q_jj| exceeds this (checked after every step). Default 1e8. */
  overlapMax?: number;
}

export interface OdeIntegratorOptions {
  spec: CommitteeSpec;
  /** Starting overlaps (Q0, M0, T and, with a trained second layer, v0; spec.a when v is absent). */
  init: Overlaps;
  /**
   * The time stepper. rk45 without rtol/atol uses DEFAULT_RTOL and DEFAULT_ATOL × the overlaps' scale
   * (max(1, |Q_jj|, |T_rr|) at the start), chosen so eg is accurate to ~1e-6 relative even where it is tiny.
   */
  integrator: IntegratorOptions;
  divergence?: DivergenceBounds;
  rhs?: RhsOptions;
  /**
   * Estimate the error of eg alongside (see accuracy()): a companion solve of the same ODE at 10× tighter
   * tolerances (rk45) or a 4× smaller step (rk4, euler), advanced to the same α. Default true for rk45 (it costs
   * about 1.6× the solve), false for the fixed-step methods (4× the solve).
   */
  errorEstimate?: boolean;
}

/** The estimated accuracy of eg so far (OdeIntegrator.accuracy()). */
export interface OdeAccuracy {
  /** How the estimate is made. */
  method: string;
  /** Estimated |eg error| / eg at the current α. */
  egRelError: number;
  /** The largest of those over every snapshot() taken so far (every recorded α). */
  egRelErrorMax: number;
  /** α where egRelErrorMax occurred. */
  egRelErrorMaxAlpha: number;
}

/** Companion-solve tolerance ratio (rk45) and step ratio (fixed step), and their error ratio for the estimate. */
const TIGHTER_TOL = 10;
const FINER_STEP = 4;

/** JSON-safe state: OdeIntegrator.fromState(spec, state) continues bit-identically. */
export interface OdeIntegratorState {
  version: 1;
  p: number;
  pStar: number;
  integrator: IntegratorOptions;
  divergence: Required<DivergenceBounds>;
  rhs: RhsOptions;
  /** T row-major. */
  T: number[];
  y: number[];
  stepper: StepperState;
  /** The companion solve of the error estimate, when there is one. */
  companion?: { y: number[]; stepper: StepperState; egRelErrorMax: number; egRelErrorMaxAlpha: number };
}

export class OdeIntegrator {
  readonly spec: CommitteeSpec;
  readonly rhs: OdeRhs;
  private readonly T: Float64Array;
  private readonly stepper: Stepper;
  private readonly integratorOptions: IntegratorOptions;
  private readonly bounds: Required<DivergenceBounds>;
  private readonly rhsOptions: RhsOptions;
  private companion: Stepper | undefined;
  private readonly companionOptions: IntegratorOptions | undefined;
  private egRelErrorMax = 0;
  private egRelErrorMaxAlpha = 0;

  constructor(options: OdeIntegratorOptions, resume?: OdeIntegratorState) {
    const spec = validateCommitteeSpec(options.spec);
    this.spec = spec;
    const given = validateIntegratorOptions(options.integrator);
    this.bounds = {
      egMax: options.divergence?.egMax ?? 1e6,
      overlapMax: options.divergence?.overlapMax ?? 1e8,
    };
    this.rhsOptions = { ...(options.rhs ?? {}) };
    let y0: Float64Array;
    if (resume) {
      if (!Array.isArray(resume.T) || resume.T.length !== spec.pStar * spec.pStar) {
        throw new Error(`state.T: expected ${spec.pStar * spec.pStar} numbers (p*×p*)`);
      }
      this.T = Float64Array.from(resume.T);
      this.rhs = createOdeRhs(spec, this.T, this.rhsOptions);
      if (resume.y.length !== this.rhs.dim)
        throw new Error(`state.y: expected ${this.rhs.dim} numbers, got ${resume.y.length}`);
      y0 = Float64Array.from(resume.y);
    } else {
      const init = validateOverlaps(options.init, spec.p, spec.pStar, "init");
      this.T = Float64Array.from(init.T.flat());
      this.rhs = createOdeRhs(spec, this.T, this.rhsOptions);
      y0 = packState(this.rhs.layout, init, spec.a);
    }
    // Defaults resolved here and kept in the state, so a resumed run steps with exactly the same tolerances.
    this.integratorOptions =
      given.method === "rk45" && !resume
        ? {
            ...given,
            rtol: given.rtol ?? DEFAULT_RTOL,
            atol: given.atol ?? DEFAULT_ATOL * overlapScale(y0, spec.p, this.T, spec.pStar),
          }
        : given;
    const rhs = this.rhs;
    const f = (y: Float64Array, dy: Float64Array) => rhs.evaluate(y, dy);
    this.stepper = createStepper(this.integratorOptions, f, y0, resume?.stepper);
    const wantEstimate = resume
      ? resume.companion !== undefined
      : (options.errorEstimate ?? given.method === "rk45");
    this.companionOptions = wantEstimate ? tighter(this.integratorOptions) : undefined;
    if (this.companionOptions) {
      const c = resume?.companion;
      if (c && c.y.length !== rhs.dim)
        throw new Error(`state.companion.y: expected ${rhs.dim} numbers, got ${c.y.length}`);
      this.companion = createStepper(this.companionOptions, f, c ? Float64Array.from(c.y) : y0, c?.stepper);
      this.egRelErrorMax = c?.egRelErrorMax ?? 0;
      this.egRelErrorMaxAlpha = c?.egRelErrorMaxAlpha ?? 0;
    }
  }

  /** Rebuilds an integrator from getState() (the spec carries the plugins, so it is passed again). */
  static fromState(spec: CommitteeSpec, state: OdeIntegratorState): OdeIntegrator {
    if (state?.version !== 1)
      throw new Error("state.version: expected 1 (an OdeIntegrator.getState() value)");
    if (state.p !== spec.p || state.pStar !== spec.pStar) {
      throw new Error(
        `state: saved for p = ${state.p}, p* = ${state.pStar}, but spec has p = ${spec.p}, p* = ${spec.pStar}`,
      );
    }
    const init = { Q: [], M: [], T: [] } as Overlaps; // unused when resuming
    return new OdeIntegrator(
      { spec, init, integrator: state.integrator, divergence: state.divergence, rhs: state.rhs },
      state,
    );
  }

  get alpha(): number {
    return this.stepper.state.t;
  }

  /** Accepted integrator steps so far. */
  get steps(): number {
    return this.stepper.state.steps;
  }

  get stats(): Readonly<StepperState> {
    return this.stepper.state;
  }

  /** Integrates to exactly α = alpha. Throws DivergenceError when the run blows up. */
  advanceTo(alpha: number): void {
    if (!Number.isFinite(alpha) || alpha < this.alpha) {
      throw new Error(`alpha: expected a finite α ≥ the current α = ${this.alpha}, got ${alpha}`);
    }
    const { p } = this.spec;
    const overlapMax = this.bounds.overlapMax;
    try {
      this.stepper.advanceTo(alpha, (t, y) => {
        for (let i = 0; i < y.length; i++) {
          if (!Number.isFinite(y[i]))
            throw new DivergenceError("non-finite", t, this.steps, "an overlap became NaN/Inf");
        }
        for (let j = 0; j < p; j++) {
          if (Math.abs(y[j * p + j]) > overlapMax) {
            throw new DivergenceError("overlap-bound", t, this.steps, `|Q_${j}${j}| > ${overlapMax}`);
          }
        }
      });
    } catch (e) {
      if (e instanceof StepUnderflow)
        throw new DivergenceError("step-underflow", e.t, this.steps, `h = ${e.h}`);
      throw e;
    }
    if (this.companion) {
      try {
        this.companion.advanceTo(alpha);
      } catch {
        // the companion only estimates; if it cannot follow (underflow at its tighter tolerance), drop it
        this.companion = undefined;
        this.egRelErrorMax = Number.NaN;
      }
    }
  }

  /**
   * The estimated accuracy of eg: |eg − eg'| / eg with eg' from the companion solve (10× tighter tolerances
   * for rk45, whose error is then ~10× smaller; a 4× smaller step for rk4 and euler, scaled by the methods'
   * order). undefined without errorEstimate; NaN once the companion could not follow.
   */
  accuracy(): OdeAccuracy | undefined {
    if (!this.companionOptions) return undefined;
    return {
      method:
        this.companionOptions.method === "rk45"
          ? "companion solve at 10× tighter rtol and atol"
          : `companion solve at dt/${FINER_STEP}, Richardson-scaled`,
      egRelError: this.egRelErrorNow(),
      egRelErrorMax: this.egRelErrorMax,
      egRelErrorMaxAlpha: this.egRelErrorMaxAlpha,
    };
  }

  private egRelErrorNow(): number {
    if (!this.companion || !this.companionOptions) return Number.NaN;
    const eg = this.loss();
    const diff = Math.abs(eg - this.rhs.loss(this.companion.y));
    // Richardson: the solve's error is diff·r/(r − 1) with r the error ratio; rk45 is taken as r = ∞ (≈ 10).
    const m = this.companionOptions.method;
    const order = m === "euler" ? 1 : m === "rk4" ? 4 : 0;
    const r = FINER_STEP ** order;
    return (order === 0 ? diff : (diff * r) / (r - 1)) / Math.abs(eg);
  }

  /** The current overlaps (fresh arrays). */
  overlaps(): Overlaps {
    return unpackState(this.rhs.layout, this.stepper.y, this.T);
  }

  /** The population loss eg at the current state (see populationLoss for the label-noise convention). */
  loss(): number {
    return this.rhs.loss(this.stepper.y);
  }

  /** A Snapshot at the current α; throws DivergenceError when eg is beyond its bound. */
  snapshot(): Snapshot {
    const eg = this.loss();
    if (!Number.isFinite(eg))
      throw new DivergenceError("non-finite", this.alpha, this.steps, "eg is NaN/Inf");
    if (eg > this.bounds.egMax) {
      throw new DivergenceError("loss-bound", this.alpha, this.steps, `eg = ${eg} > ${this.bounds.egMax}`);
    }
    if (this.companion) {
      const rel = this.egRelErrorNow();
      if (rel > this.egRelErrorMax) {
        this.egRelErrorMax = rel;
        this.egRelErrorMaxAlpha = this.alpha;
      }
    }
    return {
      step: this.steps,
      t: this.alpha,
      timeUnit: "alpha",
      source: "ode",
      loss: { gen: eg },
      overlaps: this.overlaps(),
      metrics: {},
    };
  }

  /** The current state vector (a copy). */
  stateVector(): Float64Array {
    return Float64Array.from(this.stepper.y);
  }

  getState(): OdeIntegratorState {
    return {
      version: 1,
      p: this.spec.p,
      pStar: this.spec.pStar,
      integrator: { ...this.integratorOptions },
      divergence: { ...this.bounds },
      rhs: { ...this.rhsOptions },
      T: Array.from(this.T),
      y: Array.from(this.stepper.y),
      stepper: { ...this.stepper.state },
      ...(this.companion
        ? {
            companion: {
              y: Array.from(this.companion.y),
              stepper: { ...this.companion.state },
              egRelErrorMax: this.egRelErrorMax,
              egRelErrorMaxAlpha: this.egRelErrorMaxAlpha,
            },
          }
        : {}),
    };
  }
}

/** max(1, |Q_jj|, |T_rr|): the size of the overlaps, which the default absolute tolerance scales with. */
function overlapScale(y0: Float64Array, p: number, T: Float64Array, pStar: number): number {
  let scale = 1;
  for (let j = 0; j < p; j++) scale = Math.max(scale, Math.abs(y0[j * p + j]));
  for (let r = 0; r < pStar; r++) scale = Math.max(scale, Math.abs(T[r * pStar + r]));
  return scale;
}

/** The companion of the error estimate: 10× tighter tolerances, or a 4× smaller fixed step. */
function tighter(opts: IntegratorOptions): IntegratorOptions {
  if (opts.method === "rk45") {
    return {
      ...opts,
      rtol: (opts.rtol ?? DEFAULT_RTOL) / TIGHTER_TOL,
      atol: (opts.atol ?? DEFAULT_ATOL) / TIGHTER_TOL,
    };
  }
  return { method: opts.method, dt: opts.dt / FINER_STEP };
}
