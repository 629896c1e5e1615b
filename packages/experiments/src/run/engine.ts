// The one run loop, for every kind: walks the grid, checks pause/stop once per grid point (a lone source may
// also stop inside a step, e.g. at a distill batch boundary), advances every
// source there (in order: a paired log interleaves ODE then simulation), applies the metric plugins, the
// divergence rule, and emits a checkpoint every k points with everything needed to continue bit-identically.
import type { MetricPlugin, Snapshot, WeightsView } from "@pupil/plugin";
import type { RunControl } from "./control.js";
import { checkDivergence } from "./divergence.js";
import { normaliseError } from "./errors.js";
import type { EngineEvent, EngineState, RunSetup, Source } from "./source.js";
import { nextTurn } from "./turn.js";

export type {
  AnalysisEvent,
  EngineEvent,
  EngineState,
  LiveAnalysis,
  RunSetup,
  Source,
  StepInterrupt,
} from "./source.js";

export interface EngineOptions {
  resume?: EngineState;
  /** A checkpoint every this many grid points. */
  checkpointEvery: number;
  /** A loss above this (or not finite) is divergence. */
  divergenceBound: number;
}

/** Snapshots are written without wall-clock fields, so a resumed log equals an uninterrupted one. */
export function stripWallClock(snapshot: Snapshot): Snapshot {
  const { throughput: _t, ...rest } = snapshot;
  return rest;
}

function applyMetrics(snapshot: Snapshot, metrics: readonly MetricPlugin[], source: Source): void {
  let weights: WeightsView | undefined;
  for (const metric of metrics) {
    if (metric.needsWeights) {
      if (!source.weights) continue;
      weights ??= source.weights();
      snapshot.metrics[metric.id] = metric.compute(snapshot, weights);
    } else snapshot.metrics[metric.id] = metric.compute(snapshot);
  }
}

/**
 * A source's snapshot at a stepTo time between grid points, leaving the recorded run unchanged: a source
 * that splits exactly goes there itself; any other (an adaptive ODE solve, whose steps depend on where it
 * stops) stays put and a twin restored from its checkpoint goes instead, so the next grid point is computed
 * as if the run never stopped. No divergence rule and no live analysis: those belong to the recorded grid.
 */
async function stopBetweenPoints(source: Source, t: number, twin: () => Source): Promise<Snapshot> {
  try {
    let snapshot: Snapshot | undefined;
    if (source.splitsExactly) snapshot = await source.advanceTo(t);
    else {
      const probe = twin();
      probe.restore(structuredClone(source.checkpoint()));
      snapshot = await probe.advanceTo(t);
    }
    // Without an interrupt a source always reaches t.
    if (snapshot === undefined)
      throw new Error(`source ${source.name}: advanceTo(${t}) stopped without an interrupt`);
    return snapshot;
  } catch (error) {
    throw normaliseError(error);
  }
}

export async function* runEngine(
  setup: RunSetup,
  control: RunControl,
  options: EngineOptions,
): AsyncGenerator<EngineEvent> {
  const sources = setup.createSources();
  /** Second sources for stepTo stops of sources that do not split exactly, made on the first such stop. */
  let twins: Source[] | undefined;
  const twinOf = (k: number) => {
    twins ??= setup.createSources();
    return twins[k];
  };
  try {
    if (options.resume) {
      for (const source of sources) {
        if (!(source.name in options.resume.sources)) {
          throw new Error(`checkpoint: no state for source "${source.name}"`);
        }
        source.restore(options.resume.sources[source.name]);
      }
    }
    const observers = sources.map((s) => setup.observe?.(s.name, options.resume?.analysis?.[s.name]));
    const checkpoint = (next: number): EngineEvent => {
      const state: EngineState = {
        format: "pupil-run/1",
        next,
        sources: Object.fromEntries(sources.map((s) => [s.name, s.checkpoint()])),
      };
      const analysis = sources.flatMap((s, k) => {
        const observer = observers[k];
        return observer ? [[s.name, observer.getState()] as const] : [];
      });
      if (analysis.length > 0) state.analysis = Object.fromEntries(analysis);
      return { type: "checkpoint", state };
    };
    const { grid } = setup;
    // Only a lone source may stop inside a grid step: with several, the others would be past grid[i] already.
    const interrupt =
      sources.length === 1
        ? {
            get requested() {
              return control.stopped;
            },
          }
        : undefined;
    const start = options.resume?.next ?? 0;
    /** The time the sources stand at: the last grid point, or a stepTo time between points. */
    let reached = start > 0 ? grid[start - 1] : Number.NEGATIVE_INFINITY;
    for (let i = start; i < grid.length; i++) {
      for (;;) {
        await nextTurn();
        const decision = await control.gate(grid[i], reached);
        if (decision === "advance") break;
        if (decision === "stop") {
          yield checkpoint(i);
          yield { type: "done", stopped: true };
          return;
        }
        for (const [k, source] of sources.entries()) {
          const snapshot = await stopBetweenPoints(source, decision.stopAt, () => twinOf(k));
          applyMetrics(snapshot, setup.metrics, source);
          yield { type: "step-snapshot", snapshot };
        }
        reached = decision.stopAt;
      }
      for (const [k, source] of sources.entries()) {
        let snapshot: Snapshot | undefined;
        try {
          snapshot = await source.advanceTo(grid[i], interrupt);
        } catch (error) {
          throw normaliseError(error);
        }
        if (snapshot === undefined) {
          // Stopped inside the step: the checkpoint holds the position there; grid point i is done on resume.
          yield checkpoint(i);
          yield { type: "done", stopped: true };
          return;
        }
        applyMetrics(snapshot, setup.metrics, source);
        checkDivergence(snapshot, options.divergenceBound);
        yield { type: "snapshot", snapshot };
        for (const event of observers[k]?.push(snapshot) ?? []) {
          yield { type: "analysis", source: source.name, event };
        }
      }
      reached = grid[i];
      if ((i + 1) % options.checkpointEvery === 0 && i + 1 < grid.length) yield checkpoint(i + 1);
    }
    yield { type: "done", stopped: false };
  } finally {
    for (const source of [...sources, ...(twins ?? [])]) source.dispose?.();
  }
}
