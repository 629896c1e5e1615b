// Run kind "distill": teacher training → the loss's pre-stages (factor transfer's paraphraser) → student
// training with the chosen distillation loss plugin, one DistillSource on the epoch axis. Needs a RunHost
// (tfjs; data sets; optionally a stage cache): the kind itself touches no file system.
import type { FrozenRegistry } from "@pupil/plugin";
import type { DistillRunConfig } from "../../config/resolve.js";
import type { RunHost } from "../../run/host.js";
import type { RunKindModule, RunSetup } from "../../run/source.js";
import { DistillTracker } from "./analysis.js";
import { buildDistillPlan, type DistillPlan } from "./plan.js";
import { DistillSource } from "./source.js";

export function distillSetup(plan: DistillPlan): RunSetup {
  const stages = plan.stages.map((s) => ({ name: s.name, last: s.offset + s.epochs }));
  return {
    grid: plan.grid,
    metrics: [],
    createSources: () => [new DistillSource(plan)],
    // Stage changes, new best test accuracies and each stage's end, by distillSummary's definitions.
    observe: (_source, state) => new DistillTracker(stages, state),
  };
}

export const distillKind: RunKindModule<DistillRunConfig> = {
  kinds: ["distill"],
  needsHost: true,
  setup: (config: DistillRunConfig, registry: FrozenRegistry, host?: RunHost) =>
    distillSetup(buildDistillPlan(config, registry, host)),
};

export {
  type DistillEvent,
  type DistillStageSummary,
  DistillTracker,
  distillSummary,
} from "./analysis.js";
export { buildDistillPlan, type DistillPlan, type Stage, stageAt } from "./plan.js";
export { DistillSource, type DistillSourceState } from "./source.js";
