// The Trainer: full-batch GD, minibatch SGD or Adam on MSE (+ L2), on either route, emitting the Snapshot
// stream (source "train", t in epochs). Deterministic per seed: the shuffle comes from createRng(seed).
import type { MetricValue, Snapshot, Tf } from "@pupil/plugin";
import { createRng, type Rng, rngFromState } from "@pupil/tensors";
import { type Dataset, type Engine, F64Engine, TfEngine } from "./engines.js";
import { positiveInt } from "./errors.js";
import type { F64OptimizerState } from "./f64/optim.js";
import { type OptimizerSpec, resolveOptimizer } from "./optimizer.js";
import { chooseRoute, type Route, type RouteOption } from "./route.js";
import { type LrSchedule, learningRate, validateSchedule } from "./schedule.js";
import { type NetParams, type NetSpec, outputDim, validateNetSpec, validateParams } from "./spec.js";
import { type LayerParamsJson, paramsFromJson, paramsToJson } from "./state.js";

/**
 * Everything a Trainer needs to continue bit-identically (JSON-safe): position (epoch, step; the learning-rate
 * schedule is a function of the epoch), weights, optimiser moments and step count, and the shuffle RNG and
 * the current row order (each epoch permutes the previous order).
 */
export interface TrainerState {
  format: "pupil-trainer/1";
  /** tfjs: weights and slots are float32 values, exact as JSON numbers. */
  route: "f64" | "tfjs";
  epoch: number;
  step: number;
  params: LayerParamsJson[];
  optimizer: F64OptimizerState;
  rng: string;
  order: number[];
}

export interface EvaluateContext {
  readonly epoch: number;
  readonly step: number;
  readonly spec: NetSpec;
  /** Current parameters (copied; on the tfjs route this reads back from the device). */
  params(): NetParams;
}

export interface TrainerOptions {
  readonly net: NetSpec;
  /** Initial parameters (copied; the caller's arrays are never modified). */
  readonly params: NetParams;
  readonly train: Dataset;
  readonly test?: Dataset;
  readonly optimizer: OptimizerSpec;
  readonly schedule?: LrSchedule;
  readonly epochs: number;
  readonly seed: number;
  /** "auto" (default) picks the faster route for the net and batch; see chooseRoute. */
  readonly route?: RouteOption;
  /** The host's tfjs, required for route "tfjs". */
  readonly tf?: Tf;
  /** Emit a snapshot every this many epochs (default 1), plus epoch 0 and the last. */
  readonly evalEvery?: number;
  /** Extra metrics at each snapshot. */
  readonly evaluate?: (ctx: EvaluateContext) => Record<string, MetricValue>;
}

function checkDataset(field: string, data: Dataset, spec: NetSpec): number {
  const d = spec.inputDim;
  const o = outputDim(spec);
  if (!(data?.x instanceof Float64Array) || !(data?.y instanceof Float64Array)) {
    throw new Error(`${field}.x and ${field}.y must be Float64Arrays`);
  }
  const n = data.x.length / d;
  if (!Number.isInteger(n) || n === 0)
    throw new Error(`${field}.x length must be a positive multiple of inputDim ${d}`);
  if (data.y.length !== n * o)
    throw new Error(`${field}.y must have ${n}×${o} = ${n * o} entries, got ${data.y.length}`);
  return n;
}

export class Trainer {
  readonly route: Route;
  readonly options: TrainerOptions;
  private readonly engine: Engine;
  private readonly nTrain: number;
  private readonly batchSize: number;
  private stepCount = 0;
  private epochCount = 0;
  /** The data-shuffling stream and the row order it permutes epoch after epoch. */
  private rng: Rng;
  private readonly order: Int32Array;
  /** Restored from a state: run() continues without re-emitting the snapshot at its start. */
  private restored = false;

  constructor(options: TrainerOptions) {
    validateNetSpec(options.net);
    validateParams(options.net, options.params);
    positiveInt("epochs", options.epochs);
    if (!Number.isInteger(options.seed))
      throw new Error(`seed must be an integer, got ${String(options.seed)}`);
    if (options.evalEvery !== undefined) positiveInt("evalEvery", options.evalEvery);
    const opt = resolveOptimizer(options.optimizer);
    if (options.schedule) validateSchedule(options.schedule);
    this.nTrain = checkDataset("train", options.train, options.net);
    if (options.test) checkDataset("test", options.test, options.net);
    this.batchSize =
      opt.type === "gd" ? this.nTrain : Math.min(options.optimizer.batchSize ?? 32, this.nTrain);
    const route = options.route ?? "auto";
    if (route !== "auto" && route !== "f64" && route !== "tfjs") {
      throw new Error(`route must be "auto", "f64" or "tfjs", got ${String(route)}`);
    }
    if (route === "tfjs" && !options.tf) throw new Error('tf is required for route "tfjs"');
    this.route =
      route === "auto" ? chooseRoute(options.net, this.batchSize, options.tf !== undefined) : route;
    this.options = options;
    this.engine =
      this.route === "f64"
        ? new F64Engine(options.net, options.params, opt, this.batchSize).bind(options.train)
        : new TfEngine(options.tf as Tf, options.net, options.params, opt).bind(options.train);
    this.rng = createRng(options.seed).fork(1);
    this.order = new Int32Array(this.nTrain);
    for (let i = 0; i < this.nTrain; i++) this.order[i] = i;
  }

  /** The state at the current epoch boundary (call between run()'s snapshots or after it), on either route. */
  getState(): TrainerState {
    const engine = this.engine as F64Engine | TfEngine;
    return {
      format: "pupil-trainer/1",
      route: engine.route,
      epoch: this.epochCount,
      step: this.stepCount,
      params: paramsToJson(this.params()),
      optimizer: engine.optimizerState(),
      rng: this.rng.getState(),
      order: Array.from(this.order),
    };
  }

  /**
   * A Trainer that continues from `state` (from getState()) with the same options (their `params` are
   * ignored: the state's weights are used). Its run() yields the snapshots after state.epoch.
   */
  static fromState(options: Omit<TrainerOptions, "params">, state: TrainerState): Trainer {
    if (state?.format !== "pupil-trainer/1")
      throw new Error(`state.format must be "pupil-trainer/1", got ${String(state?.format)}`);
    const route = state.route ?? "f64";
    if (route !== "f64" && route !== "tfjs")
      throw new Error(`state.route must be "f64" or "tfjs", got ${String(route)}`);
    if (options.route !== undefined && options.route !== route && options.route !== "auto") {
      throw new Error(`route must be "${route}" (the state's) to restore it, got ${String(options.route)}`);
    }
    const trainer = new Trainer({ ...options, params: paramsFromJson(state.params), route });
    if (!Number.isInteger(state.epoch) || state.epoch < 0 || state.epoch > options.epochs)
      throw new Error(`state.epoch must be an integer in [0, ${options.epochs}], got ${String(state.epoch)}`);
    if (!Number.isInteger(state.step) || state.step < 0)
      throw new Error(`state.step must be a non-negative integer, got ${String(state.step)}`);
    if (!Array.isArray(state.order) || state.order.length !== trainer.nTrain)
      throw new Error(`state.order must hold ${trainer.nTrain} row indices`);
    (trainer.engine as F64Engine | TfEngine).restoreOptimizer(state.optimizer);
    trainer.rng = rngFromState(state.rng);
    trainer.order.set(state.order);
    trainer.epochCount = state.epoch;
    trainer.stepCount = state.step;
    trainer.restored = true;
    return trainer;
  }

  get step(): number {
    return this.stepCount;
  }

  get epoch(): number {
    return this.epochCount;
  }

  private finalParams: NetParams | null = null;

  /** Current parameters (a copy); after the run, the final ones. */
  params(): NetParams {
    return this.finalParams ?? this.engine.params();
  }

  #markMs = performance.now();
  #markEpoch = 0;

  /**
   * The snapshot at the current epoch: train (and test) MSE, `evaluate`'s metrics, and the throughput
   * since the previous snapshot.
   */
  snapshot(): Snapshot {
    const o = this.options;
    const loss: Snapshot["loss"] = { train: this.engine.mse(o.train) };
    if (o.test) loss.test = this.engine.mse(o.test);
    const metrics = o.evaluate
      ? o.evaluate({
          epoch: this.epochCount,
          step: this.stepCount,
          spec: o.net,
          params: () => this.engine.params(),
        })
      : {};
    const now = performance.now();
    const seconds = (now - this.#markMs) / 1000;
    const snap: Snapshot = {
      step: this.stepCount,
      t: this.epochCount,
      timeUnit: "epoch",
      source: "train",
      loss,
      metrics,
      seed: o.seed,
    };
    if (this.epochCount > this.#markEpoch && seconds > 0) {
      snap.throughput = { value: (this.epochCount - this.#markEpoch) / seconds, unit: "epoch/s" };
    }
    this.#markMs = now;
    this.#markEpoch = this.epochCount;
    return snap;
  }

  /** Trains one epoch (a shuffle, then every minibatch). */
  trainEpoch(): void {
    const o = this.options;
    if (this.epochCount >= o.epochs) throw new Error(`trainEpoch: already at the last epoch (${o.epochs})`);
    const order = this.order;
    const lr = learningRate(o.schedule ?? { type: "constant" }, o.optimizer.lr, this.epochCount);
    if (o.optimizer.type !== "gd") {
      for (let i = this.nTrain - 1; i > 0; i--) {
        const j = this.rng.int(i + 1);
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    for (let start = 0; start < this.nTrain; start += this.batchSize) {
      this.engine.trainBatch(order, start, Math.min(this.batchSize, this.nTrain - start), lr);
      this.stepCount += 1;
    }
    this.epochCount += 1;
  }

  /** Trains up to `epoch` (no further than `epochs`). Pausing and stopping belong to whoever calls this. */
  advanceTo(epoch: number): void {
    const target = Math.min(epoch, this.options.epochs);
    while (this.epochCount < target) this.trainEpoch();
  }

  /** Frees the engine (tfjs variables); params() keeps returning the final weights. */
  dispose(): void {
    if (this.finalParams) return;
    this.finalParams = this.engine.params();
    this.engine.dispose();
  }

  /**
   * Trains for `epochs`, yielding a Snapshot at epoch 0 (unless restored from a state), every `evalEvery`
   * epochs and at the end. Breaking out of the loop stops training (and disposes the engine).
   */
  async *run(): AsyncGenerator<Snapshot> {
    const o = this.options;
    const evalEvery = o.evalEvery ?? 1;
    this.#markMs = performance.now();
    this.#markEpoch = this.epochCount;
    try {
      if (!this.restored) yield this.snapshot();
      while (this.epochCount < o.epochs) {
        this.trainEpoch();
        if (this.epochCount % evalEvery === 0 || this.epochCount === o.epochs) yield this.snapshot();
      }
    } finally {
      this.dispose();
    }
  }

  /** Runs to the end and returns the last snapshot. */
  async runToEnd(): Promise<Snapshot> {
    let last: Snapshot | undefined;
    for await (const s of this.run()) last = s;
    return last as Snapshot;
  }
}
