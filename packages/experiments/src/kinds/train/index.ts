// Run kind "train": minibatch training of a deep student on a deep teacher's labels, one TrainSource on
// the epoch grid (0, evalEvery, 2·evalEvery, …, epochs).
import type { FrozenRegistry } from "@pupil/plugin";
import type { TrainRunConfig } from "../../config/resolve.js";
import { specializationObserver } from "../../run/live.js";
import type { RunKindModule, RunSetup } from "../../run/source.js";
import { buildTrainPlan, type TrainPlan } from "./plan.js";
import { TrainSource } from "./source.js";

/** Epochs with a snapshot: 0, every evalEvery, and the last. */
export function epochGrid(epochs: number, evalEvery: number): number[] {
  const grid = [0];
  for (let e = evalEvery; e < epochs; e += evalEvery) grid.push(e);
  grid.push(epochs);
  return grid;
}

export function trainSetup(plan: TrainPlan): RunSetup {
  const t = plan.config.train;
  return {
    grid: epochGrid(t.epochs, t.evalEvery),
    metrics: plan.metrics,
    createSources: () => [new TrainSource(plan)],
    observe: (_source, state) => specializationObserver(plan.metrics, state),
  };
}

export const trainKind: RunKindModule<TrainRunConfig> = {
  kinds: ["train"],
  setup: (config: TrainRunConfig, registry: FrozenRegistry) => trainSetup(buildTrainPlan(config, registry)),
};
