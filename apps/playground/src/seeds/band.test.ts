import { describe, expect, it } from "vitest";
import { bandSeeds, type SeedCurve, seedBand } from "./band.js";

/** Welford's one-pass update: an independent route to the mean and the sample variance. */
function welford(xs: number[]): { mean: number; std: number } {
  let mean = 0;
  let m2 = 0;
  xs.forEach((x, k) => {
    const d = x - mean;
    mean += d / (k + 1);
    m2 += d * (x - mean);
  });
  return { mean, std: xs.length > 1 ? Math.sqrt(m2 / (xs.length - 1)) : 0 };
}

describe("seedBand", () => {
  it("gives the hand-computed mean and sample std at each shared time", () => {
    // eg values 1, 2, 3, 4 at α = 1: mean 2.5, Σ(x − 2.5)² = 5, sample variance 5/3
    const curves: SeedCurve[] = [1, 2, 3, 4].map((v, k) => ({ seed: k, t: [0, 1], eg: [0.5, v] }));
    const band = seedBand(curves);
    expect(band.t).toEqual([0, 1]);
    expect(band.mean).toEqual([0.5, 2.5]);
    expect(band.std[0]).toBe(0);
    expect(band.std[1]).toBeCloseTo(Math.sqrt(5 / 3), 14);
    expect(band.upper[1] - band.lower[1]).toBeCloseTo(2 * Math.sqrt(5 / 3), 14);
    expect(band.count).toBe(4);
  });

  it("matches Welford's one-pass mean and std on pseudo-random curves, and keeps only times all seeds reached", () => {
    let s = 12345;
    const rand = () => {
      s = (1103515245 * s + 12345) % 2 ** 31;
      return s / 2 ** 31;
    };
    const times = Array.from({ length: 40 }, (_, i) => i / 8);
    const curves: SeedCurve[] = Array.from({ length: 7 }, (_, k) => ({
      seed: k,
      t: times,
      eg: times.map((t) => Math.exp(-t) * (0.5 + rand())),
    }));
    // a seed that stopped early (diverged): the band ends where it ends
    curves[3] = { ...curves[3], t: times.slice(0, 25), eg: curves[3].eg.slice(0, 25) };
    const band = seedBand(curves);
    expect(band.t).toEqual(times.slice(0, 25));
    band.t.forEach((_, i) => {
      const direct = welford(curves.map((c) => c.eg[i]));
      expect(band.mean[i]).toBeCloseTo(direct.mean, 14);
      expect(band.std[i]).toBeCloseTo(direct.std, 14);
    });
  });

  it("one seed is its own mean with zero width; no seeds, no band", () => {
    const one = seedBand([{ seed: 3, t: [0, 2], eg: [0.4, 0.1] }]);
    expect(one.mean).toEqual([0.4, 0.1]);
    expect(one.lower).toEqual(one.upper);
    expect(seedBand([]).t).toEqual([]);
    expect(bandSeeds(7, 3)).toEqual([7, 8, 9]);
  });
});
