// What the UI knows of a distill run before it trains: its stages on the epoch axis (teacher, the loss's
// pre-stages, student) from the run's plan, the images it uses, and the loss.
import type { DistillPlan } from "@pupil/experiments";
import type { RunInfo } from "./engine.js";

export interface DistillStageInfo {
  /** The snapshots' `source` while this stage trains ("teacher", "paraphraser", "student"). */
  name: string;
  kind: "teacher" | "pre" | "student";
  epochs: number;
  /** Global epoch before the stage's first. */
  offset: number;
}

export function distillInfo(plan: DistillPlan): RunInfo {
  const { config } = plan;
  const [h, w, c] = plan.teacherNet.input;
  const stages = plan.stages.map((s) => ({ name: s.name, kind: s.kind, epochs: s.epochs, offset: s.offset }));
  return {
    kind: "distill",
    name: config.name,
    // The input dimension of the nets; p and p* (committee widths) do not apply.
    N: h * w * c,
    p: 0,
    pStar: 0,
    tMax: plan.grid.length,
    timeUnit: "epoch",
    resolved: config,
    stages,
  };
}
