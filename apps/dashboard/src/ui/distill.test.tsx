// A distill run in the dashboard: the stage, its epoch, test and train loss, test accuracy (and best) and the
// distillation term, from the snapshots the kind emits.
import { resolveConfig } from "@pupil/experiments";
import type { Snapshot } from "@pupil/plugin";
import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { LossPanel, Progress } from "./panels.js";
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
    store.apply({
      type: "snapshot",
      snapshot: snap("teacher", 1, 1, { "test-accuracy": 0.61, "best-test-accuracy": 0.61 }),
    });
    let text = render(<LossPanel model={store.model} />).lastFrame() ?? "";
    expect(text).toContain("stage teacher epoch 1");
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
    expect(text).toContain("stage student epoch 2");
    expect(text).toContain("distillation term 0.125");
    expect(text).toContain("CE test 0.5");
    expect(text).toContain("train 0.25");
    expect(text).toContain("accuracy 0.72");
    expect(text).toContain("best 0.75");
    const progress = render(<Progress model={store.model} />).lastFrame() ?? "";
    expect(progress).toContain("epoch 4.00/5.00");
    expect(store.model.metrics.map((m) => m.label)).toContain("distillation term (train)");
  });
});
