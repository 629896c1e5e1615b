// summary.json (the output contract): final losses; for ODE and online runs the plateau level, the escape
// α, the final overlaps, the conserved quantities and the population-loss Hessian at the plateau and at the
// end. Computed from the snapshots as written (so a resumed run's summary equals an uninterrupted one's).
import type { Snapshot } from "@pupil/plugin";
import type { ResolvedConfig } from "../config/resolve.js";
import type { RunPlan } from "../kinds/committee/plan.js";

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
      ...(source === "train" ? { epoch: last?.t ?? 0 } : { alpha: last?.t ?? 0 }),
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

export function summarizeRun(
  config: ResolvedConfig,
  snapshots: Snapshot[],
  options: { plan?: RunPlan; analyse?: SourceAnalysis; divergence?: RunSummary["divergence"] } = {},
): RunSummary {
  const sources = [...new Set(snapshots.map((s) => String(s.source)))];
  const bySource: Record<string, SourceSummary> = {};
  for (const source of sources) {
    bySource[source] = summarizeSource(
      options.plan,
      snapshots.filter((s) => s.source === source),
      source,
      options.analyse,
    );
  }
  const primary = bySource.sim ? "sim" : (sources[0] ?? (config.kind === "ode" ? "ode" : "sim"));
  const main = bySource[primary] ?? summarizeSource(undefined, [], primary);
  const { source: _s, snapshots: _n, ...fields } = main;
  return {
    name: config.name,
    kind: config.kind,
    seed: config.seed,
    status: options.divergence ? "diverged" : "done",
    ...(options.divergence ? { divergence: options.divergence } : {}),
    ...fields,
    source: primary,
    final: main.final,
    bySource,
  };
}
