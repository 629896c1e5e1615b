// The analysis half of summary.json for ODE and online runs, from @pupil/analysis: the plateau (fixed point
// on the unspecialised subspace reached from the run's start) and its eg, entry and exit α, the escape α (eg
// below half the plateau level), the conserved quantities along the run (Π(M), ‖[Q, MMᵀ]‖) and the
// population-loss Hessian at the plateau and at the end — closed-form where the activation declares a family,
// with eigen-solvers sized to the problem, so a summary at p ≤ 32 takes well under a second.
import { type AnalyseRunOptions, analyseRun } from "@pupil/analysis";
import type { Snapshot } from "@pupil/plugin";
import type { RunPlan } from "../kinds/committee/plan.js";

/** `onProgress` reports each stage as it starts; it does not change the result. */
export function analyseSource(
  plan: RunPlan,
  snapshots: Snapshot[],
  _source: string,
  options: Pick<AnalyseRunOptions, "onProgress"> = {},
): Record<string, unknown> {
  return analyseRun(plan.spec, snapshots, { onProgress: options.onProgress });
}
