// Run kinds "ode", "online" and "paired": soft committee machines on the α grid. An ODE source, a
// finite-N simulation source, or both from the same start (paired: two sources on one grid).
import { plateauPoint } from "@pupil/analysis";
import type { Overlaps } from "@pupil/dynamics";
import type { FrozenRegistry } from "@pupil/plugin";
import type { CommitteeConfig } from "../../config/resolve.js";
import { plateauObserver } from "../../run/live.js";
import type { RunKindModule, RunSetup, Source } from "../../run/source.js";
import { OdeSource } from "./ode-source.js";
import { buildPlan, type RunPlan } from "./plan.js";
import { SimSource } from "./sim-source.js";

export function committeeSetup(plan: RunPlan): RunSetup {
  return {
    grid: plan.grid,
    metrics: plan.metrics,
    createSources: (): Source[] =>
      plan.sources.map((name) => (name === "sim" ? new SimSource(plan) : new OdeSource(plan))),
    // The summary's definitions (analyseSource): the plateau reached from the source's start.
    observe: (_source, state) =>
      plateauObserver((first) => plateauPoint(plan.spec, first.overlaps as Overlaps).eg, state),
  };
}

export const committeeKind: RunKindModule<CommitteeConfig> = {
  kinds: ["ode", "online", "paired"],
  setup: (config: CommitteeConfig, registry: FrozenRegistry) => committeeSetup(buildPlan(config, registry)),
};
