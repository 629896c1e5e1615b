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
  integrator: IntegratorOptions;
  divergence?: DivergenceBounds;
  rhs?: RhsOptions;
}

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
}

export class OdeIntegrator {
  readonly spec: CommitteeSpec;
  readonly rhs: OdeRhs;
  private readonly T: Float64Array;
  private readonly stepper: Stepper;
  private readonly integratorOptions: IntegratorOptions;
  private readonly bounds: Required<DivergenceBounds>;
  private readonly rhsOptions: RhsOptions;

  constructor(options: OdeIntegratorOptions, resume?: OdeIntegratorState) {
    const spec = validateCommitteeSpec(options.spec);
    this.spec = spec;
    this.integratorOptions = validateIntegratorOptions(options.integrator);
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
    const rhs = this.rhs;
    this.stepper = createStepper(this.integratorOptions, (y, dy) => rhs.evaluate(y, dy), y0, resume?.stepper);
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
    };
  }
}
