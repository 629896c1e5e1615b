import { describe, expect, it } from "vitest";
import { formatMeanStd, meanStd, meanStdVectors } from "./stats.js";

describe("aggregate over seeds", () => {
  it("mean and sample standard deviation", () => {
    const m = meanStd([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(m.mean).toBe(5);
    expect(m.std).toBeCloseTo(Math.sqrt(32 / 7), 14);
    expect(meanStd([3]).std).toBeNaN();
    expect(formatMeanStd(meanStd([3]), 1)).toBe("3.0 (n = 1)");
    expect(formatMeanStd(meanStd([1, 3]), 2)).toBe("2.00 ± 1.41");
  });

  it("elementwise over vectors and errors naming the input", () => {
    const v = meanStdVectors([
      [1, 10],
      [3, 30],
    ]);
    expect(v.map((x) => x.mean)).toEqual([2, 20]);
    expect(() => meanStdVectors([[1], [1, 2]])).toThrow(/perSeed\[1\]/);
    expect(() => meanStd([])).toThrow(/values/);
    expect(() => meanStd([1, Number.NaN])).toThrow(/values\[1\]/);
  });
});
