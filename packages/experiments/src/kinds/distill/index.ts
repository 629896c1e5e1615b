// Run kind "distill": teacher training → the loss's pre-stages (factor transfer's paraphraser) → student
// training with the chosen distillation loss plugin, one DistillSource on the epoch axis. Needs a RunHost
// (tfjs; data sets; optionally a stage cache): the kind itself touches no file system.
import type { FrozenRegistry } from "@pupil/plugin";
import type { DistillRunConfig } from "../../config/resolve.js";
import type { RunHost } from "../../run/host.js";
import type { RunKindModule, RunSetup } from "../../run/source.js";
import { buildDistillPlan, type DistillPlan } from "./plan.js";
import { DistillSource } from "./source.js";

export function distillSetup(plan: DistillPlan): RunSetup {
  return { grid: plan.grid, metrics: [], createSources: () => [new DistillSource(plan)] };
}

export const distillKind: RunKindModule<DistillRunConfig> = {
  kinds: ["distill"],
  needsHost: true,
  setup: (config: DistillRunConfig, registry: FrozenRegistry, host?: RunHost) =>
    distillSetup(buildDistillPlan(config, registry, host)),
};

export { buildDistillPlan, type DistillPlan, type Stage, stageAt } from "./plan.js";
export { DistillSource, type DistillSourceState } from "./source.js";
