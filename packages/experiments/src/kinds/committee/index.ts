// Run kinds "ode", "online" and "paired": soft committee machines on the α grid. An ODE source, a
// finite-N simulation source, or both from the same start (paired: two sources on one grid).
import type { FrozenRegistry } from "@pupil/plugin";
import type { CommitteeConfig } from "../../config/resolve.js";
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
  };
}

export const committeeKind: RunKindModule<CommitteeConfig> = {
  kinds: ["ode", "online", "paired"],
  setup: (config: CommitteeConfig, registry: FrozenRegistry) => committeeSetup(buildPlan(config, registry)),
};
