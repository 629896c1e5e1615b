// The pack through the conformance kit, and the specialization metric against a hand-built case.
import { PluginTester, sampleSnapshot } from "@pupil/plugin/testing";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import pack, { activeNodes, firstLayerCorrelation, specializationMetrics } from "./index.js";

new PluginTester({ describe, it, tf: tf as never }).run(pack);

describe("specialization metrics", () => {
  it("a student node equal to a positive multiple of a teacher node has ρ = 1; an opposite one has ρ < 0", () => {
    const teacher = [{ rows: 2, cols: 3, data: Float64Array.from([1, 0, 0, 0, 1, 0]) }];
    const student = [{ rows: 3, cols: 3, data: Float64Array.from([2, 0, 0, 0, -1, 0, 0, 0, 1]) }];
    const rho = firstLayerCorrelation({ teacher, student }, { samples: 4000 });
    expect(rho[0][0]).toBeCloseTo(1, 6);
    expect(rho[1][1]).toBeLessThan(-0.4); // relu(z) vs relu(−z): −1/(π−1) ≈ −0.47 in the limit
    // independent coordinates: |ρ| within 5 SE (1/√n) of 0
    expect(Math.abs(rho[0][2])).toBeLessThan(5 / Math.sqrt(4000));
    const [matrix, best, counts] = specializationMetrics({ samples: 4000 });
    expect(best.compute(sampleSnapshot(), { teacher, student })).toEqual([rho[0][0], Math.max(...rho[1])]);
    expect(matrix.compute(sampleSnapshot(), { teacher, student })).toEqual(rho);
    expect((counts.compute(sampleSnapshot(), { teacher, student }) as number[][])[9]).toEqual([1, 0]);
  });

  it("active-nodes counts the rows of the first layer above 5% of the largest norm", () => {
    const student = [{ rows: 3, cols: 2, data: Float64Array.from([3, 4, 0, 0.2, 0, 0.3]) }];
    expect(activeNodes.compute(sampleSnapshot(), { student })).toBe(2);
  });
});
