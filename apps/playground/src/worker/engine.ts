// The playground's use of the run engine: the browser-clean main entry of @pupil/experiments (the CLI's
// configs, presets, setupRun and the one runEngine loop), with the built-in plugin packs from a fixed map.
// A recipe names packs of that map only; the playground never loads code named in a URL or a config.
import {
  type AnalysisEvent,
  buildDistillPlan,
  buildRegistry,
  ConfigError,
  type ConfigIssue,
  distillSetup,
  type EngineState,
  type Preset,
  presets,
  type ResolvedConfig,
  RunControl,
  type RunHost,
  type RunSetup,
  resolveConfig,
  runEngine,
  type Source,
  setupRun,
} from "@pupil/experiments";
import type {
  DenseWeights,
  FrozenRegistry,
  PackLoader,
  PluginPack,
  PluginRecipe,
  Snapshot,
} from "@pupil/plugin";
import { resolveRecipe } from "@pupil/plugin";
import activations from "@pupil/plugin-activations";
import distill from "@pupil/plugin-distill";
import metrics from "@pupil/plugin-metrics";
import teachers from "@pupil/plugin-teachers";
import { type DistillStageInfo, distillInfo } from "./distill-info.js";

export type { AnalysisEvent, ConfigIssue, EngineState, Preset, ResolvedConfig, Snapshot };
export { presets };

/** The packs the app ships, by the names a recipe uses (the app may import plugins; core packages never do). */
export const BUILTIN_PACKS: Readonly<Record<string, PluginPack>> = Object.freeze({
  "@pupil/plugin-activations": activations,
  "@pupil/plugin-teachers": teachers,
  "@pupil/plugin-metrics": metrics,
  "@pupil/plugin-distill": distill,
});

/** Every run's recipe: the built-in packs and no modules (a config's `plugins` is refused before a run). */
export const BUILTIN_RECIPE: PluginRecipe = { builtins: Object.keys(BUILTIN_PACKS), modules: [] };

/** Built-in names only; a module specifier never loads. */
export const loadBuiltinPack: PackLoader = (name, origin) =>
  origin === "builtin" && Object.hasOwn(BUILTIN_PACKS, name) ? BUILTIN_PACKS[name] : undefined;

/** The registry a run uses: the recipe resolved with the fixed pack map (as a worker of the CLI does). */
export function recipeRegistry(): Promise<FrozenRegistry> {
  return resolveRecipe(BUILTIN_RECIPE, loadBuiltinPack);
}

/** The same packs, synchronously, for validating configs and building controls on the main thread. */
export function createBuiltinRegistry(): FrozenRegistry {
  return buildRegistry({ packs: Object.values(BUILTIN_PACKS) });
}

/** Validates raw config JSON against the CLI's schema; [] when it is valid. */
export function configIssues(
  raw: unknown,
  registry: FrozenRegistry = createBuiltinRegistry(),
): ConfigIssue[] {
  try {
    resolveRunConfig(raw, registry);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
}

export function resolveRunConfig(raw: unknown, registry: FrozenRegistry): ResolvedConfig {
  const resolved = resolveConfig(raw, { registry, source: "playground" });
  if (resolved.plugins.length > 0) {
    throw new ConfigError(
      [
        {
          path: "plugins",
          value: resolved.plugins,
          expected: "[] (the playground runs its built-in packs only)",
        },
      ],
      "playground",
    );
  }
  return resolved;
}

/** Where a run advances next when asked for one step. */
export type StepSize = { by: "grid" } | { by: "sgd"; steps: number } | { by: "alpha"; delta: number };

export interface RunInfo {
  kind: ResolvedConfig["kind"];
  name: string;
  /** Input dimension (α = steps/N); for train runs the input dimension of the nets. */
  N: number;
  p: number;
  pStar: number;
  /** Last time point: alphaMax, or epochs for train runs. */
  tMax: number;
  timeUnit: "alpha" | "epoch";
  resolved: ResolvedConfig;
  /** What the run's steps compute on, as its source declares (Source.kernel): "wasm", "js", "tfjs-wasm", … */
  kernel?: string;
  /** A distill run's stages in order, on its epoch axis. */
  stages?: DistillStageInfo[];
}

export interface WeightsExport {
  teacher: { rows: number; cols: number; data: number[]; bias?: number[] }[];
  /** The student's layers as dense weights (a spectral layer as its effective W). */
  student: { rows: number; cols: number; data: number[]; bias?: number[] }[];
  secondLayer?: number[];
}

/** What the worker streams from the engine, per run. */
export type RunOutput =
  | { type: "snapshot"; snapshot: Snapshot }
  | { type: "analysis"; source: string; event: AnalysisEvent };

const dense = (w: DenseWeights) => ({
  rows: w.rows,
  cols: w.cols,
  data: Array.from(w.data),
  ...(w.bias ? { bias: Array.from(w.bias) } : {}),
});

function infoOf(config: ResolvedConfig): RunInfo {
  if (config.kind === "distill") throw new Error("a distill run's info comes from its plan");
  if (config.kind === "train") {
    const t = config.train;
    return {
      kind: "train",
      name: config.name,
      N: t.inputDim,
      p: t.student.widths[0],
      pStar: t.teacher.widths[0],
      tMax: t.epochs,
      timeUnit: "epoch",
      resolved: config,
    };
  }
  return {
    kind: config.kind,
    name: config.name,
    N: config.N,
    p: config.model.p,
    pStar: config.model.pStar,
    tMax: config.alphaMax,
    timeUnit: "alpha",
    resolved: config,
  };
}

/**
 * One run: the kind's RunSetup (setupRun, as the CLI) driven by runEngine and RunControl. A step of one SGD
 * step or Δα is the engine's stepTo, counted from where the run stands: the same sources, metrics,
 * divergence rule and live analysis, and the config's recorded grid untouched.
 */
export class EngineRun {
  readonly info: RunInfo;
  readonly #setup: RunSetup;
  readonly #control = new RunControl();
  /** A Δα or SGD step asked while a grid point was being computed: applied once that point is reached. */
  #pending: StepSize | undefined;
  #sources: Source[] = [];
  /** The time the run stands at (the first source's last snapshot). */
  #lastT = Number.NEGATIVE_INFINITY;
  /** The last stepTo time asked; a step asked before the run gets there counts from it. */
  #stepTarget = Number.NEGATIVE_INFINITY;
  /** The control's passes when the last source's latest snapshot arrived (fewer: a point is on its way). */
  #passesSeen = 0;
  #state: EngineState | undefined;

  constructor(
    readonly config: ResolvedConfig,
    registry: FrozenRegistry,
    host?: RunHost,
  ) {
    // A distill run's plan also names its stages (the loss decides its pre-stages); setupRun builds the same.
    const plan = config.kind === "distill" ? buildDistillPlan(config, registry, host) : undefined;
    const setup = plan ? distillSetup(plan) : setupRun(config, registry, host);
    this.#setup = {
      ...setup,
      createSources: () => {
        const sources = setup.createSources();
        // The engine's first call makes the run's sources (a later one makes stepTo's twins).
        if (this.#sources.length === 0) this.#sources = sources;
        return sources;
      },
    };
    this.info = plan ? distillInfo(plan) : infoOf(config);
  }

  /** The engine's events for the UI (a stepTo's step-snapshots as snapshots); ends when the run ends. */
  async *outputs(): AsyncGenerator<RunOutput> {
    const events = runEngine(this.#setup, this.#control, {
      // Every point, so an exported checkpoint is where the run stands (only kept here, never written).
      checkpointEvery: 1,
      divergenceBound: this.config.divergence.egMax,
    });
    for await (const event of events) {
      if (event.type === "snapshot" || event.type === "step-snapshot") {
        const { snapshot } = event;
        // A distill run's one source reports under its stage's name.
        const distilling = this.info.kind === "distill";
        if (distilling || snapshot.source === this.#sources[0]?.name) this.#lastT = snapshot.t;
        if (distilling || snapshot.source === this.#sources.at(-1)?.name) {
          this.#passesSeen = this.#control.passes;
          this.#applyPending();
        }
        yield { type: "snapshot", snapshot };
      } else if (event.type === "analysis") yield event;
      else if (event.type === "checkpoint") this.#state = event.state;
    }
  }

  /** What the run computes on, once the engine has made the sources: the first one that declares it. */
  kernel(): RunInfo["kernel"] {
    return this.#sources.find((s) => s.kernel !== undefined)?.kernel;
  }

  pause(): void {
    this.#control.pause();
  }
  resume(): void {
    this.#pending = undefined;
    this.#stepTarget = Number.NEGATIVE_INFINITY;
    this.#control.resume();
  }
  /** Lets one grid point through; for Δα or SGD steps (committee runs) runs to that time with stepTo. */
  step(size: StepSize): void {
    if (size.by === "grid" || this.info.timeUnit !== "alpha") {
      this.#stepTarget = Number.NEGATIVE_INFINITY;
      this.#control.step();
      return;
    }
    this.#pending = size;
    // On the way to an earlier step's time the step counts from that time; mid-way to a grid point while
    // playing, from that point once it is reached.
    if (this.#stepTarget > this.#lastT || this.#control.passes === this.#passesSeen) this.#applyPending();
    else this.#control.pause();
  }
  stop(): void {
    this.#control.stop();
  }

  #applyPending(): void {
    const size = this.#pending;
    if (!size || size.by === "grid") return;
    this.#pending = undefined;
    const from = Math.max(this.#stepTarget, Number.isFinite(this.#lastT) ? this.#lastT : 0);
    const N = this.info.N;
    const target = size.by === "sgd" ? (Math.round(from * N) + size.steps) / N : from + size.delta;
    this.#stepTarget = Math.min(target, this.info.tMax);
    this.#control.stepTo(this.#stepTarget);
  }

  /** The engine's last checkpoint (at a recorded grid point: `pupil run --resume` continues from it). */
  checkpoint(): EngineState | undefined {
    return this.#state;
  }

  weights(): WeightsExport | undefined {
    const source = this.#sources.find((s) => s.weights);
    const view = source?.weights?.();
    if (!source || !view) return undefined;
    const a = (source.checkpoint() as { a?: unknown }).a;
    return {
      teacher: (view.teacher ?? []).map(dense),
      student: view.student.map(dense),
      ...(Array.isArray(a) ? { secondLayer: a as number[] } : {}),
    };
  }
}

/** Opens a run (validates first: throws ConfigError naming every bad field). */
export function openRun(raw: unknown, registry: FrozenRegistry, host?: RunHost): EngineRun {
  return new EngineRun(resolveRunConfig(raw, registry), registry, host);
}
