// The one shape every run kind takes: Sources advanced together on one time grid by the engine loop.
import type { NodeSpecializedEvent, PlateauEvent } from "@pupil/analysis";
import type { FrozenRegistry, MetricPlugin, Snapshot, WeightsView } from "@pupil/plugin";
import type { ResolvedConfig } from "../config/resolve.js";
import type { DistillEvent } from "../kinds/distill/analysis.js";
import type { RunHost } from "./host.js";

/**
 * Something that evolves in time and can be saved and restored: the ODE, the finite-N simulation, a
 * trainer. The engine calls advanceTo with the grid's times in increasing order.
 */
export interface Source {
  /** The snapshot's `source` field ("ode", "sim", "train"); unique within a run. */
  readonly name: string;
  /**
   * What computes this source's steps, for a UI to show: "wasm" (the WebAssembly SIMD SGD kernel) or "js"
   * for the simulation, "tfjs-<backend>" ("tfjs-wasm", "tfjs-webgl", "tfjs-cpu") for tfjs training. Absent
   * when the source does not say.
   */
  readonly kernel?: string;
  /**
   * Advances to time t (α, epoch, …) and returns the snapshot there. May yield to the event loop. A source
   * whose grid steps are long (a distill epoch) may watch `interrupt` inside one and, once it is requested,
   * stop early and resolve undefined: its checkpoint() then holds the position inside the step, and
   * advanceTo(t) after restore() continues from there to the same snapshot.
   */
  advanceTo(t: number, interrupt?: StepInterrupt): Promise<Snapshot | undefined>;
  /**
   * True when advancing to s and then to t leaves it bit-identical to advancing straight to t (a simulation
   * counts whole SGD steps, a trainer whole epochs). The engine stops such a source in place at a stepTo
   * time between grid points; any other is advanced from a copy of its checkpoint there and restored.
   */
  readonly splitsExactly?: boolean;
  /** Everything needed to continue bit-identically from here (JSON-safe). */
  checkpoint(): unknown;
  /** Continues from a checkpoint() of a source of the same plan. */
  restore(state: unknown): void;
  /** The current weights, for metric plugins that ask for them (needsWeights); absent when there are none. */
  weights?(): WeightsView;
  /** Frees what the source holds (tfjs memory, buffers). */
  dispose?(): void;
}

/** A stop asked for while a source is inside a grid step (the run's control was told to stop). */
export interface StepInterrupt {
  readonly requested: boolean;
}

/** What a run kind hands the engine: the grid, the metric plugins and how to make its sources. */
export interface RunSetup {
  /** Times every source is advanced to, in increasing order (α for committee runs, epochs for training). */
  readonly grid: readonly number[];
  /** Metric plugins applied to every snapshot they can be computed for. */
  readonly metrics: readonly MetricPlugin[];
  /** Fresh sources at t = grid[0] (the engine restores them from a checkpoint when resuming). */
  createSources(): Source[];
  /**
   * The live analysis of one source's snapshots (plateau, escape, node specialised), by the definitions
   * the run's summary uses; `state` is its getState() from a checkpoint when resuming.
   */
  observe?(source: string, state?: unknown): LiveAnalysis | undefined;
}

/**
 * An analysis event as it happens: plateau entered/left and escape (α), a teacher node specialised, a distill
 * stage started or finished and a stage's new best test accuracy.
 */
export type AnalysisEvent = PlateauEvent | NodeSpecializedEvent | DistillEvent;

export interface LiveAnalysis {
  push(snapshot: Snapshot): AnalysisEvent[];
  getState(): unknown;
}

/**
 * A run kind, one module each (kinds/*): which config kinds it serves and how such a config becomes a
 * RunSetup. Adding a kind is adding a module to RUN_KIND_MODULES.
 */
export interface RunKindModule<C extends ResolvedConfig = ResolvedConfig> {
  readonly kinds: readonly C["kind"][];
  /** True when setup needs a RunHost (tfjs, data sets, a stage cache) to run or to check a config fully. */
  readonly needsHost?: boolean;
  /** Throws ConfigError naming the field when the config cannot run with this registry (and host). */
  setup(config: C, registry: FrozenRegistry, host?: RunHost): RunSetup;
}

/**
 * What a checkpoint holds: the next grid index and each source's checkpoint() at the previous one (or, for
 * a run stopped while paused at a stepTo time, where each source stands: a source that splits exactly is
 * there, any other at the grid point; continuing to the next point is the same either way).
 */
export interface EngineState {
  format: "pupil-run/1";
  next: number;
  sources: Record<string, unknown>;
  /** Each source's live-analysis state, so a resumed run's events continue where they were. */
  analysis?: Record<string, unknown>;
}

export type EngineEvent =
  | { type: "snapshot"; snapshot: Snapshot }
  /** A snapshot where a stepTo stopped between grid points: shown live, not part of the recorded log. */
  | { type: "step-snapshot"; snapshot: Snapshot }
  | { type: "analysis"; source: string; event: AnalysisEvent }
  | { type: "checkpoint"; state: EngineState }
  | { type: "done"; stopped: boolean };
