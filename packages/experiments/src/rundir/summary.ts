// summary.json (the output contract): final losses; for ODE and online runs the plateau level, the escape
// α, the final overlaps, the conserved quantities and the population-loss Hessian at the plateau and at the
// end. Computed from the snapshots as written (so a resumed run's summary equals an uninterrupted one's).
import { firstCrossings } from "@pupil/analysis";
import type { MetricPlugin, Snapshot } from "@pupil/plugin";
import type { ResolvedConfig } from "../config/resolve.js";
import type { RunPlan } from "../kinds/committee/plan.js";
import { distillSummary } from "../kinds/distill/analysis.js";

export interface SourceSummary {
  source: string;
  snapshots: number;
  final: {
    /** α for ODE and online sources. */
    alpha?: number;
    /** Epochs for training. */
    epoch?: number;
    step: number;
    eg?: number;
    Q?: number[][];
    M?: number[][];
    losses: Snapshot["loss"];
    metrics: Snapshot["metrics"];
  };
  [key: string]: unknown;
}

export interface RunSummary {
  name: string;
  kind: string;
  seed: number;
  status: "done" | "diverged";
  divergence?: { message: string; alpha: number; step: number };
  /** The primary source: the simulation for online and paired runs, the ODE for ODE runs. */
  source: string;
  final: SourceSummary["final"];
  [key: string]: unknown;
  bySource: Record<string, SourceSummary>;
}

export type SourceAnalysis = (
  plan: RunPlan,
  snapshots: Snapshot[],
  source: string,
) => Record<string, unknown>;

function summarizeSource(
  plan: RunPlan | undefined,
  snapshots: Snapshot[],
  source: string,
  analyse?: SourceAnalysis,
): SourceSummary {
  const last = snapshots[snapshots.length - 1];
  const summary: SourceSummary = {
    source,
    snapshots: snapshots.length,
    final: {
      ...(source === "train" || last?.timeUnit === "epoch"
        ? { epoch: last?.t ?? 0 }
        : { alpha: last?.t ?? 0 }),
      step: last?.step ?? 0,
      eg: last?.loss.gen,
      Q: last?.overlaps?.Q,
      M: last?.overlaps?.M,
      losses: last?.loss ?? {},
      metrics: last?.metrics ?? {},
    },
  };
  return analyse && plan ? { ...summary, ...analyse(plan, snapshots, source) } : summary;
}

/**
 * For each metric declaring a "node-specialized" threshold: the first time each teacher node crossed it
 * (firstCrossings, the definition the live events use), per source.
 */
export function specializationSummary(
  snapshots: readonly Snapshot[],
  metrics: readonly MetricPlugin[],
): Record<string, { threshold: number; firstCrossing: (number | null)[]; order: number[] }> {
  const out: Record<string, { threshold: number; firstCrossing: (number | null)[]; order: number[] }> = {};
  for (const m of metrics) {
    if (m.threshold?.event !== "node-specialized") continue;
    const series = snapshots.flatMap((s) => {
      const v = s.metrics[m.id];
      return Array.isArray(v) && v.every((x) => typeof x === "number")
        ? [{ t: s.t, best: v as number[] }]
        : [];
    });
    if (series.length === 0) continue;
    const firstCrossing = firstCrossings(series, m.threshold.value);
    const order = firstCrossing
      .map((t, j) => ({ t, j }))
      .filter((e): e is { t: number; j: number } => e.t !== null)
      .sort((a, b) => a.t - b.t || a.j - b.j)
      .map((e) => e.j);
    out[m.id] = { threshold: m.threshold.value, firstCrossing, order };
  }
  return out;
}

export function summarizeRun(
  config: ResolvedConfig,
  snapshots: Snapshot[],
  options: {
    plan?: RunPlan;
    analyse?: SourceAnalysis;
    divergence?: RunSummary["divergence"];
    /** The run's metric plugins: those declaring a node-specialized threshold add `specialization`. */
    metrics?: readonly MetricPlugin[];
  } = {},
): RunSummary {
  const sources = [...new Set(snapshots.map((s) => String(s.source)))];
  const bySource: Record<string, SourceSummary> = {};
  for (const source of sources) {
    const own = snapshots.filter((s) => s.source === source);
    bySource[source] = summarizeSource(options.plan, own, source, options.analyse);
    const specialization = specializationSummary(own, options.metrics ?? []);
    if (Object.keys(specialization).length > 0) bySource[source].specialization = specialization;
  }
  // A staged run (distill: teacher, pre-stages, student) is summarised by its last stage.
  const staged = config.kind === "distill" ? sources[sources.length - 1] : undefined;
  const primary = bySource.sim ? "sim" : (staged ?? sources[0] ?? (config.kind === "ode" ? "ode" : "sim"));
  const main = bySource[primary] ?? summarizeSource(undefined, [], primary);
  const { source: _s, snapshots: _n, ...fields } = main;
  return {
    name: config.name,
    kind: config.kind,
    seed: config.seed,
    status: options.divergence ? "diverged" : "done",
    ...(options.divergence ? { divergence: options.divergence } : {}),
    ...fields,
    // A distill run's stages with their best and last test accuracy (the live events' definitions).
    ...(config.kind === "distill" ? { stages: distillSummary(snapshots) } : {}),
    source: primary,
    final: main.final,
    bySource,
  };
}
