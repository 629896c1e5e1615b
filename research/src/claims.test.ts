// Short runs of each experiment move in the direction of the paper's claim (margins, not copied numbers).
import { describe, expect, it } from "vitest";
import { runSpecializationOne, SPECIALIZATION_FULL } from "./specialization.js";
import { runSpectral, SPECTRAL_FULL } from "./spectral.js";

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

describe("specialization (Tian 2020), short run", () => {
  const cfg = { ...SPECIALIZATION_FULL, trainSamples: 4000, evalSamples: 1000, epochs: 30, evalEvery: 30 };

  it("with fan-out decay p = 2 the strong nodes specialise and the weak ones do not; p = 0 specialises all", async () => {
    const decayed = await runSpecializationOne(cfg, 2, 5, 1);
    const strong = mean(decayed.finalBest.slice(0, 3));
    const weak = mean(decayed.finalBest.slice(7));
    expect(strong - weak).toBeGreaterThan(0.3);
    const flat = await runSpecializationOne(cfg, 0, 5, 1);
    expect(mean(flat.finalBest.slice(7)) - weak).toBeGreaterThan(0.3);
    expect(Math.min(...flat.finalBest)).toBeGreaterThan(Math.min(...decayed.finalBest));
  });
});

describe("spectral pruning (Giambagli et al. 2023), short run", () => {
  it("the spectral arm ends with fewer active nodes than the direct arm, and pruning to them costs little", async () => {
    // A scaled-down instance so it runs in seconds: teacher 10 → 4 → 4 → sum, student width 16, 1000 samples.
    const cfg = {
      ...SPECTRAL_FULL,
      teacherWidths: [4, 4],
      trainSamples: 1000,
      testSamples: 500,
      epochs: 300,
      batchSize: 100,
      evalEvery: 300,
    };
    const [spectral, direct] = await runSpectral(cfg, () => {}, { widths: [16] });
    expect(spectral.arm).toBe("spectral");
    expect(direct.arm).toBe("direct");
    expect(direct.active - spectral.active).toBeGreaterThan(4);
    expect(spectral.active).toBeLessThan(12);
    // Keeping only the active nodes (c = 0.05) stays within 2× the unpruned test MSE.
    expect(spectral.ramp[1].loss).toBeLessThan(2 * spectral.ramp[0].loss);
  });
});
