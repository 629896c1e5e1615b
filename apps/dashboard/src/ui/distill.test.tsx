// A distill run in the dashboard: the stage, its epoch, test and train loss, test accuracy (and best) and the
// distillation term, from the snapshots the kind emits.
import { resolveConfig } from "@pupil/experiments";
import type { Snapshot } from "@pupil/plugin";
import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { analysisLine } from "../plain.js";
import { LossPanel, Progress, Sparkline } from "./panels.js";
import { DashboardStore } from "./store.js";

const config = resolveConfig({
  kind: "distill",
  lr: 0.002,
  distill: { loss: "kd", teacher: { epochs: 2 }, student: { epochs: 3 } },
});

const snap = (source: string, t: number, stageEpoch: number, metrics: Record<string, number>): Snapshot => ({
  step: t * 10,
  t,
  timeUnit: "epoch",
  source,
  loss: { train: 1 / t, test: 2 / t },
  metrics: { "stage-epoch": stageEpoch, ...metrics },
});

describe("dashboard: distill runs", () => {
  it("shows the stage, losses, accuracy and the distillation term of the latest snapshot", () => {
    const store = new DashboardStore(config);
    expect(store.model.unit).toBe("epoch");
    expect(store.model.alphaMax).toBe(5);
    expect(render(<LossPanel model={store.model} />).lastFrame()).toContain("training its first epoch");
    store.apply({
      type: "snapshot",
      snapshot: snap("teacher", 1, 1, { "test-accuracy": 0.61, "best-test-accuracy": 0.61 }),
    });
    let text = render(<LossPanel model={store.model} />).lastFrame() ?? "";
    expect(text).toContain("stage teacher epoch 1/2");
    expect(text).toContain("CE train 1");
    expect(text).toContain("accuracy 0.61");
    expect(text).not.toContain("distillation term");
    store.apply({
      type: "snapshot",
      snapshot: snap("student", 4, 2, {
        "test-accuracy": 0.72,
        "best-test-accuracy": 0.75,
        "distill-term": 0.125,
      }),
    });
    text = render(<LossPanel model={store.model} />).lastFrame() ?? "";
    expect(text).toContain("stage student epoch 2/3");
    expect(text).toContain("train objective 0.25");
    expect(text).toContain("distillation term 0.125");
    expect(text).toContain("CE test 0.5");
    expect(text).toContain("accuracy 0.72");
    expect(text).toContain("best 0.75");
    const progress = render(<Progress model={store.model} />).lastFrame() ?? "";
    expect(progress).toContain("epoch 4.00/5.00");
    expect(store.model.metrics.map((m) => m.label)).toContain("distillation term (train)");
    expect(render(<Sparkline model={store.model} />).lastFrame()).toContain("log test CE epoch");
  });

  it("a pre-stage (no test loss) shows and plots its train loss", () => {
    const store = new DashboardStore(config);
    for (const t of [3, 4])
      store.apply({
        type: "snapshot",
        snapshot: { ...snap("paraphraser", t, t - 2, {}), loss: { train: 1 / t } },
      });
    const text = render(<LossPanel model={store.model} />).lastFrame() ?? "";
    expect(text).toContain("stage paraphraser epoch 2");
    expect(text).toContain("loss train 0.25");
    expect(text).not.toContain("CE test");
    expect(store.model.history.paraphraser?.map((p) => p.eg)).toEqual([1 / 3, 1 / 4]);
    expect(render(<Sparkline model={store.model} />).lastFrame()).toContain("log train loss epoch");
  });

  it("logs the kind's analysis events under their stage, in the event log and as plain lines", () => {
    const store = new DashboardStore(config);
    const events = [
      { type: "stage-started", t: 3, stage: "student" },
      { type: "best-accuracy", t: 4, stage: "student", accuracy: 0.75 },
      { type: "stage-finished", t: 5, stage: "student", accuracy: 0.72, best: 0.75, term: 0.125 },
    ] as const;
    // The engine names the source "distill"; the stage in the event is what the line shows.
    for (const event of events) store.apply({ type: "analysis", source: "distill", event });
    expect(store.model.events).toEqual([
      "student: stage started at epoch 3",
      "student: best test accuracy 0.7500 at epoch 4",
      "student: finished at epoch 5 · accuracy 0.7200 (best 0.7500) · term 0.1250",
    ]);
    expect(analysisLine("distill", events[2])).toBe(
      "[student] finished at epoch 5 · accuracy 0.7200 (best 0.7500) · term 0.1250",
    );
  });
});
