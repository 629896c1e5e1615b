import type { Snapshot } from "@pupil/plugin";
import { describe, expect, it } from "vitest";
import { metric, stageProgress, stageSeries } from "./distill-series.js";

const snap = (source: string, t: number, accuracy?: number, train = 1 / t): Snapshot => ({
  step: t * 10,
  t,
  timeUnit: "epoch",
  source,
  loss: { train },
  metrics: accuracy === undefined ? { "stage-epoch": t } : { "test-accuracy": accuracy },
  seed: 0,
});

const stages = [
  { name: "teacher", kind: "teacher" as const, epochs: 2, offset: 0 },
  { name: "paraphraser", kind: "pre" as const, epochs: 1, offset: 2 },
  { name: "student", kind: "student" as const, epochs: 3, offset: 3 },
];

describe("distill chart data", () => {
  it("takes (epoch, value) where the snapshot has the value", () => {
    const s = [snap("teacher", 1, 0.5), snap("teacher", 2), snap("teacher", 3, 0.75)];
    expect(stageSeries(s, metric("test-accuracy"))).toEqual({ x: [1, 3], y: [0.5, 0.75] });
    expect(stageSeries(s, (x) => x.loss.train)).toEqual({ x: [1, 2, 3], y: [1, 0.5, 1 / 3] });
  });

  it("counts each stage's epochs and marks the first unfinished one as training", () => {
    expect(stageProgress(stages, {}).map((p) => [p.done, p.state])).toEqual([
      [0, "training"],
      [0, "waiting"],
      [0, "waiting"],
    ]);
    const bySource = {
      teacher: [snap("teacher", 1), snap("teacher", 2)],
      paraphraser: [snap("paraphraser", 3)],
      student: [snap("student", 4)],
    };
    expect(stageProgress(stages, bySource).map((p) => [p.name, p.done, p.state])).toEqual([
      ["teacher", 2, "done"],
      ["paraphraser", 1, "done"],
      ["student", 1, "training"],
    ]);
  });
});
