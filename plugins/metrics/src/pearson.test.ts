// Streamed Pearson against a direct two-pass computation; best match, counts and L-shape against definitions.
import { createRng } from "@pupil/tensors";
import { describe, expect, it } from "vitest";
import {
  bestMatch,
  lShape,
  PearsonAccumulator,
  SPECIALIZATION_THRESHOLDS,
  specializationCounts,
} from "./pearson.js";

/** Two passes: means first, then centred sums; the textbook definition with ε in the variances. */
function twoPass(t: number[][], s: number[][], eps: number): number[][] {
  const n = t.length;
  const mean = (rows: number[][], c: number) => rows.reduce((a, r) => a + r[c], 0) / n;
  return t[0].map((_, j) =>
    s[0].map((_, k) => {
      const mt = mean(t, j);
      const ms = mean(s, k);
      let cov = 0;
      let vt = 0;
      let vs = 0;
      for (let i = 0; i < n; i++) {
        cov += (t[i][j] - mt) * (s[i][k] - ms);
        vt += (t[i][j] - mt) ** 2;
        vs += (s[i][k] - ms) ** 2;
      }
      return cov / n / Math.sqrt((vt / n + eps) * (vs / n + eps));
    }),
  );
}

describe("PearsonAccumulator", () => {
  it("equals the two-pass correlation for any batch split, with large offsets (no cancellation)", () => {
    const rng = createRng(1);
    const n = 500;
    const [m, p] = [3, 4];
    const t = Array.from({ length: n }, () => Array.from({ length: m }, () => 1e4 + rng.normal()));
    const s = t.map((row) =>
      Array.from(
        { length: p },
        (_, k) => (k < m ? 2 * row[k] + 0.3 * rng.normal() : Math.max(0, rng.normal())) - 5e3,
      ),
    );
    const expected = twoPass(t, s, 1e-7);
    for (const batch of [1, 7, 64, 500]) {
      const acc = new PearsonAccumulator(m, p);
      for (let start = 0; start < n; start += batch) {
        const B = Math.min(batch, n - start);
        acc.add(t.slice(start, start + B).flat(), s.slice(start, start + B).flat(), B);
      }
      expect(acc.samples).toBe(n);
      const got = acc.correlation();
      for (let j = 0; j < m; j++)
        for (let k = 0; k < p; k++) expect(got[j][k]).toBeCloseTo(expected[j][k], 10);
    }
  });

  it("keeps a dead node at ρ = 0 thanks to ε instead of NaN", () => {
    const acc = new PearsonAccumulator(1, 2).add([1, 2, 3], [1, 0, 2, 0, 3, 0], 3);
    const rho = acc.correlation();
    expect(rho[0][0]).toBeGreaterThan(0.999);
    expect(Math.abs(rho[0][1])).toBe(0);
  });

  it("refuses bad sizes, naming the parameter", () => {
    expect(() => new PearsonAccumulator(0, 2)).toThrow(/teacherNodes/);
    expect(() => new PearsonAccumulator(2, 2).add([1, 2], [1, 2, 3, 4], 2)).toThrow(/teacher/);
    expect(() => new PearsonAccumulator(2, 2).correlation()).toThrow(/no samples/);
  });
});

describe("specialization summaries", () => {
  const rho = [
    [0.2, 0.97, 0.6],
    [0.96, 0.51, 0.99],
  ];

  it("best match per teacher node", () => {
    expect(bestMatch(rho)).toEqual({ value: [0.97, 0.99], index: [1, 2] });
  });

  it("counts student nodes above each threshold", () => {
    expect(SPECIALIZATION_THRESHOLDS).toEqual([0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95]);
    const counts = specializationCounts(rho);
    expect(counts[0]).toEqual([2, 3]); // τ = 0.5
    expect(counts[2]).toEqual([1, 2]); // τ = 0.6 (0.6 is not > 0.6)
    expect(counts[9]).toEqual([1, 2]); // τ = 0.95
    expect(() => specializationCounts(rho, [1.5])).toThrow(/thresholds\[0\]/);
  });

  it("L-shape pairs each student node's best ρ with its fan-out norm", () => {
    const next = { rows: 2, cols: 3, data: [3, 0, 1, 4, 0, 1] };
    expect(lShape(rho, next)).toEqual([
      [0.96, 5],
      [0.97, 0],
      [0.99, Math.SQRT2],
    ]);
    expect(() => lShape(rho, { rows: 1, cols: 2, data: [1, 1] })).toThrow(/next\.cols/);
  });
});
