// The analysis half of summary.json for ODE and online runs, from @pupil/analysis: the plateau (fixed point
// on the unspecialised subspace reached from the run's start) and its eg, entry and exit α, the escape α (eg
// below half the plateau level), the conserved quantities along the run (Π(M), ‖[Q, MMᵀ]‖) and the
// population-loss Hessian at the plateau and at the end — closed-form where the activation declares a family,
// with eigen-solvers sized to the problem, so a summary at p ≤ 32 takes well under a second.
import { analyseRun } from "@pupil/analysis";
import type { Snapshot } from "@pupil/plugin";
import type { RunPlan } from "../kinds/committee/plan.js";

export function analyseSource(
  plan: RunPlan,
  snapshots: Snapshot[],
  _source: string,
): Record<string, unknown> {
  return analyseRun(plan.spec, snapshots);
}
