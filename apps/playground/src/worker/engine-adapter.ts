// The one module through which the playground uses the run engine. Everything else (the worker, the UI)
// sees only the interface below; when @pupil/experiments exposes a browser-clean Source/engine entry, this
// file is the only one to rewrite.
//
// ENGINE-ADAPTER: the browser-clean modules are imported by deep relative path; @pupil/experiments' main
// entry is now platform-neutral, so this file can move to it (kept minimal here, after the engine merge).
import { plateauPoint } from "@pupil/analysis";
import type { DenseWeights, FrozenRegistry, PluginPack, Snapshot } from "@pupil/plugin";
import { createRegistry } from "@pupil/plugin";
import activations from "@pupil/plugin-activations";
import metrics from "@pupil/plugin-metrics";
import teachers from "@pupil/plugin-teachers";
import { ConfigError, type ConfigIssue } from "../../../../packages/experiments/src/config/errors.js";
import { type ResolvedConfig, resolveConfig } from "../../../../packages/experiments/src/config/resolve.js";
import { committeeSetup } from "../../../../packages/experiments/src/kinds/committee/index.js";
import { buildPlan, type RunPlan } from "../../../../packages/experiments/src/kinds/committee/plan.js";
import type { SimSource } from "../../../../packages/experiments/src/kinds/committee/sim-source.js";
import { trainSetup } from "../../../../packages/experiments/src/kinds/train/index.js";
import { buildTrainPlan, type TrainPlan } from "../../../../packages/experiments/src/kinds/train/plan.js";
import { type Preset, presets } from "../../../../packages/experiments/src/presets.js";
import { RunControl } from "../../../../packages/experiments/src/run/control.js";
import { type EngineState, runEngine, type Source } from "../../../../packages/experiments/src/run/engine.js";

type AnyPlan = RunPlan | TrainPlan;

function buildRunPlan(config: ResolvedConfig, registry: FrozenRegistry): AnyPlan {
  return config.kind === "train" ? buildTrainPlan(config, registry) : buildPlan(config, registry);
}

export type { ConfigIssue, Preset, ResolvedConfig, Snapshot };
export { presets };

/** The plugin packs the app ships (the app may import plugins; the core packages never do). */
export const BUILTIN_PACKS: readonly PluginPack[] = [activations, teachers, metrics];

/** Where a run advances next when asked for one step. */
export type StepSize = { by: "grid" } | { by: "sgd"; steps: number } | { by: "alpha"; delta: number };

export interface RunInfo {
  kind: ResolvedConfig["kind"];
  name: string;
  /** The streams the run emits, in emission order per time point. */
  sources: ("ode" | "sim" | "train")[];
  /** Input dimension (α = steps/N); for train runs the input dimension of the nets. */
  N: number;
  p: number;
  pStar: number;
  /** Last time point: alphaMax, or epochs for train runs. */
  tMax: number;
  timeUnit: "alpha" | "epoch";
  resolved: ResolvedConfig;
  /** The simulation's SGD step kernel: "wasm" (WebAssembly SIMD) or "js" (the fallback). */
  kernel?: "wasm" | "js";
}

export interface WeightsExport {
  teacher: { rows: number; cols: number; data: number[]; bias?: number[] }[];
  /** Dense layers (committee runs), or the Trainer's layer parameters as JSON (train runs). */
  student: unknown[];
  secondLayer?: number[];
}

export interface EngineRun {
  readonly info: RunInfo;
  /** The Snapshot stream; it waits while paused and ends when the run completes or is stopped. */
  snapshots(): AsyncGenerator<Snapshot>;
  pause(): void;
  resume(): void;
  /** While paused: advance by one grid point, one or more SGD steps, or Δα (committee runs), then pause. */
  step(size: StepSize): void;
  stop(): void;
  /** A fresh run of the same resolved config: the same teacher, the same initial student. */
  restart(): EngineRun;
  /** Everything needed to continue bit-identically (the engine's checkpoint format). */
  checkpoint(): EngineState | undefined;
  weights(): WeightsExport | undefined;
  /**
   * The plateau's eg for a run starting at this snapshot's overlaps (@pupil/analysis' plateauPoint on the
   * run's spec, as summary.json computes it); undefined when there is none (train runs, no fixed point).
   */
  plateauLevel(start: Snapshot): number | undefined;
}

export function createBuiltinRegistry(): FrozenRegistry {
  return createRegistry()
    .use(...BUILTIN_PACKS)
    .freeze();
}

/** Validates raw config JSON against the CLI's schema; [] when it is valid. */
export function configIssues(
  raw: unknown,
  registry: FrozenRegistry = createBuiltinRegistry(),
): ConfigIssue[] {
  try {
    resolveConfig(raw, { registry });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
}

export function resolveRunConfig(raw: unknown, registry: FrozenRegistry): ResolvedConfig {
  return resolveConfig(raw, { registry, source: "playground" });
}

const dense = (w: DenseWeights) => ({
  rows: w.rows,
  cols: w.cols,
  data: Array.from(w.data),
  ...(w.bias ? { bias: Array.from(w.bias) } : {}),
});

/** Opens a run (validates first: throws ConfigError naming every bad field). */
export function startRun(raw: unknown, registry: FrozenRegistry = createBuiltinRegistry()): EngineRun {
  const resolved = resolveRunConfig(raw, registry);
  const plan = buildRunPlan(resolved, registry);
  return plan.kind === "train" ? new TrainRun(plan, raw, registry) : new CommitteeRun(plan, raw, registry);
}

function infoOf(plan: AnyPlan): RunInfo {
  if (plan.kind === "train") {
    const t = plan.config.train;
    return {
      kind: "train",
      name: plan.config.name,
      sources: ["train"],
      N: t.inputDim,
      p: t.student.widths[0],
      pStar: t.teacher.widths[0],
      tMax: t.epochs,
      timeUnit: "epoch",
      resolved: plan.config,
    };
  }
  return {
    kind: plan.config.kind,
    name: plan.config.name,
    sources: plan.sources,
    N: plan.spec.N,
    p: plan.spec.p,
    pStar: plan.spec.pStar,
    tMax: plan.config.alphaMax,
    timeUnit: "alpha",
    resolved: plan.config,
  };
}

/**
 * ODE, online and paired runs. ENGINE-ADAPTER: runEngine walks a fixed α grid, so one SGD step or a Δα
 * step cannot go through it; this loop drives the engine's own Sources (createSources) on the same grid and
 * inserts the requested off-grid points. Paced by RunControl exactly as runEngine is.
 */
class CommitteeRun implements EngineRun {
  readonly info: RunInfo;
  readonly #plan: RunPlan;
  readonly #control = new RunControl();
  readonly #sources: Source[];
  #pending: StepSize | undefined;
  #alpha = 0;

  constructor(
    plan: RunPlan,
    private readonly raw: unknown,
    private readonly registry: FrozenRegistry,
  ) {
    this.#plan = plan;
    this.#sources = committeeSetup(plan).createSources();
    const sim = this.#sources.find((s) => s.name === "sim") as SimSource | undefined;
    this.info = { ...infoOf(plan), ...(sim ? { kernel: sim.sim.kernelName } : {}) };
  }

  async *snapshots(): AsyncGenerator<Snapshot> {
    const { grid } = this.#plan;
    const N = this.#plan.spec.N;
    let next = 0;
    while (next < grid.length || this.#alpha < this.info.tMax) {
      await yieldTurn();
      if (!(await this.#control.gate())) return;
      const pending = this.#pending;
      this.#pending = undefined;
      let target: number;
      if (!pending || pending.by === "grid") target = grid[next];
      else if (pending.by === "sgd") target = (Math.round(this.#alpha * N) + pending.steps) / N;
      else target = this.#alpha + pending.delta;
      target = Math.min(target, this.info.tMax);
      while (next < grid.length && grid[next] <= target + 1e-12) next += 1;
      if (target < this.#alpha || (target === this.#alpha && this.#alpha > 0)) continue;
      for (const source of this.#sources) yield await source.advanceTo(target);
      this.#alpha = target;
    }
  }

  pause(): void {
    this.#control.pause();
  }
  resume(): void {
    this.#control.resume();
  }
  step(size: StepSize): void {
    this.#pending = size;
    this.#control.step();
  }
  stop(): void {
    this.#control.stop();
  }
  restart(): EngineRun {
    this.stop();
    return startRun(this.raw, this.registry);
  }
  checkpoint(): EngineState {
    return {
      format: "pupil-run/1",
      next: this.#plan.grid.findIndex((a) => a > this.#alpha),
      sources: Object.fromEntries(this.#sources.map((s) => [s.name, s.checkpoint()])),
    };
  }
  plateauLevel(start: Snapshot): number | undefined {
    if (!start.overlaps) return undefined;
    try {
      const eg = plateauPoint(this.#plan.spec, start.overlaps).eg;
      return eg > 0 ? eg : undefined;
    } catch {
      return undefined;
    }
  }
  weights(): WeightsExport {
    const sim = this.#sources.find((s) => s.name === "sim") as SimSource | undefined;
    if (sim) {
      const w = sim.sim.weights;
      return { teacher: w.teacher.map(dense), student: w.student.map(dense), secondLayer: Array.from(w.a) };
    }
    return { teacher: this.#plan.teacher.layers.map(dense), student: [] };
  }
}

/** Minibatch training through runEngine + RunControl (a step is one evaluation interval). */
class TrainRun implements EngineRun {
  readonly info: RunInfo;
  readonly #plan: TrainPlan;
  readonly #control = new RunControl();
  #state: EngineState | undefined;

  constructor(
    plan: TrainPlan,
    private readonly raw: unknown,
    private readonly registry: FrozenRegistry,
  ) {
    this.#plan = plan;
    this.info = infoOf(plan);
  }

  async *snapshots(): AsyncGenerator<Snapshot> {
    // Gate before the first epoch too (runTraining checks control only after emitting).
    if (!(await this.#control.gate())) return;
    for await (const event of runEngine(trainSetup(this.#plan), this.#control, {
      checkpointEvery: 1,
      divergenceBound: this.#plan.config.divergence.egMax,
    })) {
      if (event.type === "snapshot") yield event.snapshot;
      else if (event.type === "checkpoint") this.#state = event.state;
    }
  }
  pause(): void {
    this.#control.pause();
  }
  resume(): void {
    this.#control.resume();
  }
  step(_size: StepSize): void {
    this.#control.step();
  }
  stop(): void {
    this.#control.stop();
  }
  restart(): EngineRun {
    this.stop();
    return startRun(this.raw, this.registry);
  }
  checkpoint(): EngineState | undefined {
    return this.#state;
  }
  plateauLevel(): undefined {
    return undefined;
  }
  weights(): WeightsExport {
    const saved = this.#state?.sources.train as { params?: unknown[] } | undefined;
    return { teacher: this.#plan.teacher.map(dense), student: saved?.params ?? [] };
  }
}

/**
 * A macrotask turn, so control messages reach the worker between grid points. ENGINE-ADAPTER: the engine's
 * sources call setImmediate, which browsers lack; installSetImmediate() provides it from a MessageChannel.
 */
const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function installSetImmediate(): void {
  const g = globalThis as { setImmediate?: (fn: () => void) => void };
  if (typeof g.setImmediate === "function") return;
  const channel = new MessageChannel();
  const queue: (() => void)[] = [];
  channel.port1.onmessage = () => queue.shift()?.();
  g.setImmediate = (fn: () => void) => {
    queue.push(fn);
    channel.port2.postMessage(0);
  };
}
