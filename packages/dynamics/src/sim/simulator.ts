// One-pass online SGD of a two-layer committee machine at finite N (docs/math.md §1–3), on typed-array kernels.
import type { DenseWeights, Snapshot } from "@pupil/plugin";
import { createRng, type Rng, rngFromState } from "@pupil/tensors";
import {
  CommitteeIntegrals,
  type CommitteeSpec,
  DivergenceError,
  effectiveLr,
  isErf,
  isQuadratic,
  type Overlaps,
  populationLoss,
  validateCommitteeSpec,
} from "../common/index.js";
import type { StepKernel } from "./kernel.js";
import { createKernel, type KernelChoice } from "./kernel-select.js";
import { checkOptions, type OnlineSimulatorOptions, type OnlineSimulatorState } from "./options.js";
import { crossOverlap, selfOverlap, toRows } from "./overlaps-update.js";

export type { OnlineSimulatorOptions, OnlineSimulatorState } from "./options.js";

const STREAM_INIT = 1;
const STREAM_DATA = 2;
const STREAM_NOISE = 3;

export class OnlineSimulator {
  readonly spec: CommitteeSpec;
  readonly seed: number;
  readonly kernelName: "js" | "wasm";
  readonly #k: StepKernel;
  #noiseRng: Rng;
  readonly #a: Float64Array;
  readonly #Q: Float64Array;
  readonly #M: Float64Array;
  readonly #T: Float64Array;
  readonly #gram: Float64Array;
  readonly #grad2: Float64Array;
  readonly #recomputeEvery: number;
  readonly #maxLoss: number;
  /** The kernel evaluates the activations itself (erf family, confirmed by value): student, teacher. */
  readonly #studentErf: boolean;
  readonly #teacherErf: boolean;
  #step = 0;
  #lastWall = 0;
  #lastStep = 0;

  constructor(spec: CommitteeSpec, options: OnlineSimulatorOptions) {
    validateCommitteeSpec(spec);
    const { N, p, pStar } = spec;
    const { teacher, recomputeEvery, maxLoss } = checkOptions(options, spec);
    this.spec = spec;
    this.seed = options.seed;
    this.#recomputeEvery = recomputeEvery;
    this.#maxLoss = maxLoss;
    this.#studentErf = isErf(spec.activation);
    this.#teacherErf = isErf(spec.teacherActivation);
    const root = createRng(options.seed);
    this.#noiseRng = root.fork(STREAM_NOISE);
    this.#k = createKernel(
      options.kernel ?? "auto",
      { N, p, pStar, batch: spec.batch },
      root.fork(STREAM_DATA),
    );
    this.kernelName = this.#k.name;
    if (options.init !== undefined) {
      this.#k.W.set(options.init);
    } else {
      root.fork(STREAM_INIT).fillNormal(this.#k.W);
    }
    this.#k.Wt.set(teacher);
    this.#a = Float64Array.from(spec.a);
    this.#Q = this.#k.Q;
    this.#M = this.#k.M;
    this.#T = new Float64Array(pStar * pStar);
    this.#gram = new Float64Array(spec.batch * spec.batch);
    this.#grad2 = new Float64Array(p);
    crossOverlap(pStar, pStar, N, this.#k.Wt, this.#k.Wt, this.#T);
    this.recomputeOverlaps();
    this.#lastWall = performance.now();
  }

  /** Resumes a run from getState(); with the same spec it continues bit-identically. */
  static fromState(
    spec: CommitteeSpec,
    state: OnlineSimulatorState,
    options: { kernel?: KernelChoice } = {},
  ): OnlineSimulator {
    if (state?.format !== "pupil-online-sim/1") {
      throw new Error('state.format: expected "pupil-online-sim/1" (the object returned by getState())');
    }
    for (const field of ["N", "p", "pStar"] as const) {
      if (state[field] !== spec[field]) {
        throw new Error(`state.${field}: the state has ${state[field]} but spec.${field} is ${spec[field]}`);
      }
    }
    const sim = new OnlineSimulator(spec, {
      seed: state.seed,
      teacher: { layers: [{ rows: spec.pStar, cols: spec.N, data: Float64Array.from(state.teacher) }] },
      init: Float64Array.from(state.W),
      kernel: options.kernel,
      recomputeEvery: state.recomputeEvery,
      maxLoss: state.maxLoss,
    });
    sim.#restore(state);
    return sim;
  }

  #restore(state: OnlineSimulatorState): void {
    this.#step = state.step;
    this.#lastStep = state.step;
    this.#a.set(state.a);
    this.#Q.set(state.Q);
    this.#M.set(state.M);
    this.#k.restoreDataRng(rngFromState(state.dataRng));
    this.#noiseRng = rngFromState(state.noiseRng);
  }

  /** SGD steps taken so far. */
  get steps(): number {
    return this.#step;
  }

  /** α = steps/N. */
  get alpha(): number {
    return this.#step / this.spec.N;
  }

  /** Copies of the current weights: student [W (p×N)], its second layer a, and the teacher [W*]. */
  get weights(): { student: DenseWeights[]; a: Float64Array; teacher: DenseWeights[] } {
    const { N, p, pStar } = this.spec;
    return {
      student: [{ rows: p, cols: N, data: Float64Array.from(this.#k.W) }],
      a: Float64Array.from(this.#a),
      teacher: [{ rows: pStar, cols: N, data: Float64Array.from(this.#k.Wt) }],
    };
  }

  /** Takes n SGD steps (each averaging B fresh samples). */
  step(n = 1): void {
    if (!Number.isInteger(n) || n < 0) throw new Error(`n: expected an integer ≥ 0, got ${String(n)}`);
    const { N, p, pStar, batch } = this.spec;
    const f = this.spec.activation.f;
    const df = this.spec.activation.df;
    const ft = this.spec.teacherActivation.f;
    const b = this.spec.b;
    const a = this.#a;
    const k = this.#k;
    const h = k.h;
    const ht = k.ht;
    const coef = k.coef;
    const g = k.g;
    const dg = k.dg;
    const gt = k.gt;
    const studentErf = this.#studentErf;
    const teacherErf = this.#teacherErf;
    const kernelActivations = studentErf || teacherErf;
    const grad2 = this.#grad2;
    const eta = effectiveLr(this.spec);
    const gradScale = -eta / Math.sqrt(N) / batch;
    const shrink = this.spec.weightDecay > 0 ? 1 - (eta * this.spec.weightDecay) / N : 1;
    const sigma = this.spec.labelNoise;
    const eta2 = this.spec.secondLayerLr;
    const trainSecond = eta2 !== undefined && eta2 !== 0;
    const noise = this.#noiseRng;
    // B = 1 pipelines: the next input is drawn before this step's update, so the update and the next forward
    // pass share one sweep over W (same numbers, same RNG stream order as drawing it later).
    const pipelined = batch === 1;
    let primed = false;
    for (let t = 0; t < n; t++) {
      if (!primed) {
        k.fillInputs();
        k.forward();
      }
      if (kernelActivations) k.erfActivations(studentErf, teacherErf);
      if (trainSecond) grad2.fill(0);
      for (let s = 0; s < batch; s++) {
        const ho = s * p;
        const hto = s * pStar;
        let yhat = 0;
        if (studentErf) for (let j = 0; j < p; j++) yhat += a[j] * g[ho + j];
        else for (let j = 0; j < p; j++) yhat += a[j] * f(h[ho + j]);
        let y = 0;
        if (teacherErf) for (let r = 0; r < pStar; r++) y += b[r] * gt[hto + r];
        else for (let r = 0; r < pStar; r++) y += b[r] * ft(ht[hto + r]);
        if (sigma > 0) y += sigma * noise.normal();
        const d = yhat - y;
        if (!Number.isFinite(d)) {
          throw new DivergenceError(
            "non-finite",
            this.#step / N,
            this.#step,
            `prediction error ŷ − y = ${d}`,
          );
        }
        // ∂ℓ/∂λ_j = a_j g'(λ_j) d;  w_j += c_j x with c_j = −(η_eff/√N)(1/B) ∂ℓ/∂λ_j
        const dScaled = gradScale * d;
        if (studentErf) for (let j = 0; j < p; j++) coef[ho + j] = dScaled * a[j] * dg[ho + j];
        else for (let j = 0; j < p; j++) coef[ho + j] = dScaled * a[j] * df(h[ho + j]);
        if (trainSecond && studentErf) for (let j = 0; j < p; j++) grad2[j] -= d * g[ho + j];
        else if (trainSecond) for (let j = 0; j < p; j++) grad2[j] -= d * f(h[ho + j]);
      }
      k.inputGram(this.#gram);
      k.updateOverlaps(shrink, this.#gram);
      if (pipelined && t + 1 < n) {
        k.fillNext();
        k.updateAndForwardNext(shrink);
        primed = true;
      } else {
        k.update(shrink);
        primed = false;
      }
      if (trainSecond) {
        const scale2 = (eta2 as number) / N / batch;
        for (let j = 0; j < p; j++) a[j] += scale2 * grad2[j];
      }
      this.#step++;
      if (this.#step % this.#recomputeEvery === 0) {
        this.recomputeOverlaps();
        this.#checkOverlaps();
      }
    }
  }

  /** Recomputes Q = W Wᵀ/N and M = W W*ᵀ/N exactly (O(p² N)), replacing the incremental values. */
  recomputeOverlaps(): void {
    const { N, p, pStar } = this.spec;
    selfOverlap(p, N, this.#k.W, this.#Q);
    crossOverlap(p, pStar, N, this.#k.W, this.#k.Wt, this.#M);
  }

  /** Current overlaps Q, M, T (Q and M maintained incrementally), and v = a when the second layer is trained. */
  overlaps(): Overlaps {
    const { p, pStar } = this.spec;
    const out: Overlaps = {
      Q: toRows(this.#Q, p, p),
      M: toRows(this.#M, p, pStar),
      T: toRows(this.#T, pStar, pStar),
    };
    if (this.spec.secondLayerLr !== undefined) out.v = Array.from(this.#a);
    return out;
  }

  /** The exact population loss eg at the current overlaps (closed forms or quadrature; never Monte Carlo). */
  populationLoss(): number {
    return populationLoss(this.spec, this.overlaps(), this.#integrals());
  }

  #integralsCache: CommitteeIntegrals | undefined;

  /** Reused across snapshots (its quadrature buffers); the quadratic closed form needs none. */
  #integrals(): CommitteeIntegrals | undefined {
    if (isQuadratic(this.spec.activation) && isQuadratic(this.spec.teacherActivation)) return undefined;
    this.#integralsCache ??= new CommitteeIntegrals(
      this.spec.activation,
      this.spec.teacherActivation,
      this.spec.p,
      this.spec.pStar,
    );
    return this.#integralsCache;
  }

  /** A Snapshot (source "sim", t = α); throws DivergenceError when eg is not finite or beyond maxLoss. */
  snapshot(): Snapshot {
    const overlaps = this.overlaps();
    // With a trained second layer overlaps.v carries the current a, which populationLoss prefers to spec.a.
    const gen = populationLoss(this.spec, overlaps, this.#integrals());
    if (!Number.isFinite(gen)) {
      throw new DivergenceError("non-finite", this.alpha, this.#step, `population loss eg = ${gen}`);
    }
    if (gen > this.#maxLoss) {
      throw new DivergenceError(
        "loss-bound",
        this.alpha,
        this.#step,
        `eg = ${gen} > maxLoss = ${this.#maxLoss}`,
      );
    }
    const now = performance.now();
    const dt = (now - this.#lastWall) / 1000;
    const steps = this.#step - this.#lastStep;
    this.#lastWall = now;
    this.#lastStep = this.#step;
    const snap: Snapshot = {
      step: this.#step,
      t: this.alpha,
      timeUnit: "alpha",
      source: "sim",
      loss: { gen },
      overlaps,
      metrics: {},
      seed: this.seed,
    };
    if (steps > 0 && dt > 0) snap.throughput = { value: steps / dt, unit: "steps/s" };
    return snap;
  }

  /** JSON-safe state for OnlineSimulator.fromState (weights, RNG streams, step, second layer, overlaps). */
  getState(): OnlineSimulatorState {
    const { N, p, pStar } = this.spec;
    return {
      format: "pupil-online-sim/1",
      N,
      p,
      pStar,
      seed: this.seed,
      step: this.#step,
      W: Array.from(this.#k.W),
      teacher: Array.from(this.#k.Wt),
      a: Array.from(this.#a),
      Q: Array.from(this.#Q),
      M: Array.from(this.#M),
      dataRng: this.#k.dataRngState(),
      noiseRng: this.#noiseRng.getState(),
      recomputeEvery: this.#recomputeEvery,
      maxLoss: this.#maxLoss,
    };
  }

  #checkOverlaps(): void {
    const p = this.spec.p;
    for (let j = 0; j < p; j++) {
      const q = this.#Q[j * p + j];
      if (!Number.isFinite(q)) {
        throw new DivergenceError("non-finite", this.alpha, this.#step, `Q[${j}][${j}] = ${q}`);
      }
    }
  }
}
