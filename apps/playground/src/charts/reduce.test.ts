import { describe, expect, it } from "vitest";
import { align, decimate, forLogAxis, type Series } from "./reduce.js";

/** A deterministic noisy series with a few spikes (xorshift, not Math.random). */
function noisy(n: number, logX: boolean): Series {
  let s = 0x9e3779b9;
  const rand = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  const x = Array.from({ length: n }, (_, i) => (logX ? 10 ** (-2 + (5 * i) / n) : i * 0.5));
  const y = x.map((_, i) => Math.sin(i / 300) + 0.1 * rand() + (i % 997 === 0 ? 5 : 0));
  return { x, y };
}

/** The column of x among `buckets` equal columns, computed on its own for the test. */
function columns(x: number[], buckets: number, logX: boolean): number[] {
  const m = x.map((v) => (logX ? Math.log(v) : v));
  const lo = Math.min(...m);
  const hi = Math.max(...m);
  return m.map((v) => Math.min(buckets - 1, Math.floor(((v - lo) / (hi - lo)) * buckets)));
}

describe("decimate", () => {
  it("passes short series through unchanged", () => {
    const s = noisy(100, false);
    expect(decimate(s, 50)).toBe(s);
  });

  for (const logX of [false, true]) {
    it(`keeps each column's extremes and ends (${logX ? "log" : "linear"} x)`, () => {
      const s = noisy(20_000, logX);
      const buckets = 200;
      const d = decimate(s, buckets, logX);
      expect(d.x.length).toBeLessThanOrEqual(4 * buckets);
      expect(d.x.length).toBeGreaterThanOrEqual(buckets);
      // Every output point is an input point, in x order.
      const at = new Map(s.x.map((x, i) => [x, s.y[i]]));
      d.x.forEach((x, i) => {
        expect(at.get(x)).toBe(d.y[i]);
        if (i > 0) expect(x).toBeGreaterThan(d.x[i - 1]);
      });
      expect(d.x[0]).toBe(s.x[0]);
      expect(d.x.at(-1)).toBe(s.x.at(-1));
      // Per column, the min and max of the kept points equal those of the raw points (brute force).
      const rawCol = columns(s.x, buckets, logX);
      const keptCol = new Map(d.x.map((x, _i) => [x, rawCol[s.x.indexOf(x)]]));
      for (let c = 0; c < buckets; c++) {
        const raw = s.y.filter((_, i) => rawCol[i] === c);
        if (raw.length === 0) continue;
        const kept = d.y.filter((_, i) => keptCol.get(d.x[i]) === c);
        expect(Math.min(...kept)).toBe(Math.min(...raw));
        expect(Math.max(...kept)).toBe(Math.max(...raw));
      }
      // The spikes (global max) survive.
      expect(Math.max(...d.y)).toBe(Math.max(...s.y));
    });
  }
});

describe("align", () => {
  it("puts several series on the union of their x with nulls where a series has no point", () => {
    const [x, a, b] = align([
      { x: [0, 1, 2], y: [10, 11, 12] },
      { x: [1, 3], y: [21, Number.NaN] },
    ]);
    expect(x).toEqual([0, 1, 2, 3]);
    expect(a).toEqual([10, 11, 12, null]);
    expect(b).toEqual([null, 21, null, null]);
  });

  it("drops what a log axis cannot show", () => {
    expect(forLogAxis([1, 0, -2, null, Number.POSITIVE_INFINITY, 3e-9])).toEqual([
      1,
      null,
      null,
      null,
      null,
      3e-9,
    ]);
  });
});
