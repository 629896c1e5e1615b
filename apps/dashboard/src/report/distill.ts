// Figures of distill runs: per run, test accuracy, losses and the distillation term against each stage's
// epoch; per sweep, the student's test accuracy against epoch for each method (mean ± std over seeds) with the
// teacher's beside it.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { RUN_FILES, readSnapshots } from "@pupil/experiments/node";
import type { Snapshot } from "@pupil/plugin";
import type { SweepManifest, SweepPoint } from "../sweep/plan.js";
import { linePlot, type Series } from "./svg.js";

const stageEpoch = (s: Snapshot) =>
  typeof s.metrics["stage-epoch"] === "number" ? s.metrics["stage-epoch"] : s.t;

/** Series of one snapshot field per stage, x = the stage's epoch. */
function perStage(snapshots: Snapshot[], get: (s: Snapshot) => unknown, suffix = ""): Series[] {
  const stages = [...new Set(snapshots.map((s) => String(s.source)))];
  return stages.flatMap((stage) => {
    const points = snapshots
      .filter((s) => s.source === stage && typeof get(s) === "number")
      .map((s) => [stageEpoch(s), get(s) as number] as [number, number]);
    return points.length > 0 ? [{ label: `${stage}${suffix}`, points, markers: points.length < 30 }] : [];
  });
}

export function distillRunFigures(name: string, snapshots: Snapshot[]): Record<string, string> {
  const out: Record<string, string> = {};
  const accuracy = perStage(snapshots, (s) => s.metrics["test-accuracy"]);
  if (accuracy.length > 0)
    out["accuracy-vs-epoch.svg"] = linePlot(accuracy, {
      title: `${name}: test accuracy`,
      xLabel: "epoch of the stage",
      yLabel: "test accuracy",
    });
  const losses = [
    ...perStage(snapshots, (s) => s.loss.test, " test CE"),
    ...perStage(snapshots, (s) => s.loss.train, " train loss").map((s) => ({ ...s, dashed: true })),
  ];
  out["loss-vs-epoch.svg"] = linePlot(losses, {
    title: `${name}: losses (paraphraser: reconstruction)`,
    xLabel: "epoch of the stage",
    yLabel: "loss",
    logY: true,
  });
  const term = perStage(snapshots, (s) => s.metrics["distill-term"]);
  if (term.length > 0)
    out["distill-term-vs-epoch.svg"] = linePlot(term, {
      title: `${name}: distillation term (mean over the epoch's batches)`,
      xLabel: "epoch of the student stage",
      yLabel: "loss − cross-entropy",
    });
  return out;
}

const methodOf = (point: SweepPoint) => {
  const loss = point.params["distill.loss"];
  if (loss === null) return "plain student";
  if (typeof loss === "string") return loss;
  if (loss && typeof loss === "object" && "id" in loss) return String((loss as { id: unknown }).id);
  return JSON.stringify(point.params);
};

function meanStdByEpoch(runs: [number, number][][]): { points: [number, number][]; errors: number[] } {
  const byEpoch = new Map<number, number[]>();
  for (const run of runs) for (const [e, v] of run) byEpoch.set(e, [...(byEpoch.get(e) ?? []), v]);
  const epochs = [...byEpoch.keys()].sort((a, b) => a - b);
  const points: [number, number][] = [];
  const errors: number[] = [];
  for (const e of epochs) {
    const xs = byEpoch.get(e) as number[];
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : 0;
    points.push([e, mean]);
    errors.push(sd);
  }
  return { points, errors };
}

/** Student test accuracy vs epoch per method (mean ± std over seeds), and the teacher's; undefined if not distill runs. */
export function distillSweepFigure(dir: string, manifest: SweepManifest): string | undefined {
  const byMethod = new Map<string, [number, number][][]>();
  const teacher: [number, number][][] = [];
  let distill = false;
  for (const point of manifest.points) {
    const file = join(dir, point.dir, RUN_FILES.snapshots);
    if (!existsSync(file)) continue;
    const snapshots = readSnapshots(file);
    if (!snapshots.some((s) => s.source === "student")) continue;
    distill = true;
    const acc = (stage: string) =>
      snapshots
        .filter((s) => s.source === stage && typeof s.metrics["test-accuracy"] === "number")
        .map((s) => [stageEpoch(s), s.metrics["test-accuracy"] as number] as [number, number]);
    const method = methodOf(point);
    byMethod.set(method, [...(byMethod.get(method) ?? []), acc("student")]);
    // One teacher per seed (the stage cache gives every method of a seed the same one).
    const t = acc("teacher");
    if (
      t.length > 0 &&
      teacher.length < manifest.seeds &&
      !teacher.some((x) => JSON.stringify(x) === JSON.stringify(t))
    )
      teacher.push(t);
  }
  if (!distill) return undefined;
  const series: Series[] = [...byMethod].map(([label, runs]) => ({
    label,
    markers: true,
    ...meanStdByEpoch(runs),
  }));
  if (teacher.length > 0)
    series.push({ label: "teacher", dashed: true, markers: true, ...meanStdByEpoch(teacher) });
  return linePlot(series, {
    title: `${manifest.name}: test accuracy per method (mean ± std over seeds)`,
    xLabel: "epoch of the stage",
    yLabel: "test accuracy",
  });
}
