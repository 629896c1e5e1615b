// The one divergence rule, for every kind: a loss that is not finite, or above the config's bound, ends
// the run as diverged, naming the time (α or epoch) and the step.
import type { Snapshot } from "@pupil/plugin";
import { RunDivergedError } from "./errors.js";

const UNIT_NAMES: Record<string, string> = { alpha: "α", epoch: "epoch", step: "step" };

export function checkDivergence(snapshot: Snapshot, bound: number): void {
  for (const [name, value] of Object.entries(snapshot.loss)) {
    if (value === undefined) continue;
    const bad = !Number.isFinite(value)
      ? "is not finite"
      : value > bound
        ? `exceeds divergence.egMax = ${bound}`
        : undefined;
    if (!bad) continue;
    const unit = UNIT_NAMES[snapshot.timeUnit] ?? snapshot.timeUnit;
    const at = unit === "α" ? `α = ${snapshot.t}` : `${unit} ${snapshot.t}`;
    throw new RunDivergedError(
      `diverged at ${at} (step ${snapshot.step}): loss.${name} = ${String(value)} (${snapshot.source}) ${bad}; the learning rate is probably too large`,
      snapshot.t,
      snapshot.step,
      snapshot.timeUnit,
    );
  }
}
