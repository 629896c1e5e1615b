// The small multi-layer run: the input-side layer specialises best; the student must match the teacher's depth.
import { describe, expect, it } from "vitest";
import { MULTILAYER_SMALL, runMultilayerOne, validateMultilayerConfig } from "./multilayer.js";

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

describe("multi-layer specialization (Tian 2020), short run", () => {
  it("the lowest (input-side) layer ends better specialised than the layer above it", async () => {
    const cfg = { ...MULTILAYER_SMALL, trainSamples: 10_000, evalSamples: 1000, epochs: 10 };
    const run = await runMultilayerOne(cfg, 1);
    expect(mean(run.bestPerLayer[0]) - mean(run.bestPerLayer[1])).toBeGreaterThan(0.05);
  });

  it("refuses a teacher deeper than the student, naming the field", () => {
    expect(() => validateMultilayerConfig({ ...MULTILAYER_SMALL, studentWidths: [10] })).toThrow(
      /studentWidths/,
    );
    expect(() => validateMultilayerConfig({ ...MULTILAYER_SMALL, teacherWidths: [5, 0] })).toThrow(
      /teacherWidths\[1\]/,
    );
  });
});
