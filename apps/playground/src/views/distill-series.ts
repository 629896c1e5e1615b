// Chart data of a distill run, reduced from its snapshots (one per epoch, `source` = the stage's name, `t` =
// the global epoch): loss and test accuracy per stage, the student's distillation term, and stage progress.
import type { Snapshot } from "@pupil/plugin";
import type { DistillStageInfo } from "../worker/distill-info.js";

export interface XY {
  x: number[];
  y: number[];
}

/** (epoch, value) of one metric or loss of a stage's snapshots, skipping epochs that lack it. */
export function stageSeries(snapshots: readonly Snapshot[], read: (s: Snapshot) => number | undefined): XY {
  const out: XY = { x: [], y: [] };
  for (const s of snapshots) {
    const v = read(s);
    if (v === undefined || !Number.isFinite(v)) continue;
    out.x.push(s.t);
    out.y.push(v);
  }
  return out;
}

export const metric = (name: string) => (s: Snapshot) => {
  const v = s.metrics?.[name];
  return typeof v === "number" ? v : undefined;
};

export interface StageProgress extends DistillStageInfo {
  /** Epochs of this stage done (from its snapshots). */
  done: number;
  state: "waiting" | "training" | "done";
}

/** Each stage's epochs done; the first stage not done is the one training (when the run has started it). */
export function stageProgress(
  stages: readonly DistillStageInfo[],
  bySource: Readonly<Record<string, readonly Snapshot[]>>,
): StageProgress[] {
  let current = false;
  return stages.map((stage) => {
    const done = (bySource[stage.name] ?? []).filter(
      (s) => s.t > stage.offset && s.t <= stage.offset + stage.epochs,
    ).length;
    let state: StageProgress["state"] = "waiting";
    if (done >= stage.epochs) state = "done";
    else if (!current) {
      current = true;
      state = "training";
    }
    return { ...stage, done, state };
  });
}
