import { describe, expect, it } from "vitest";
import { erfReference } from "./erf-reference.test-util.js";
import { erf, erfc, normalCdf } from "./special.js";

/** |a − b| in units of the last place of b. */
function ulps(a: number, b: number): number {
  const e = Math.floor(Math.log2(Math.abs(b)));
  return Math.abs(a - b) / 2 ** Math.max(e - 52, -1074);
}

// Reference values from Abramowitz & Stegun table 7.1 and standard normal tail tables (not from this code).
const TABLE: [number, number][] = [
  [0.1, 0.1124629160182849],
  [0.5, 0.5204998778130465],
  [1, 0.8427007929497149],
  [1.5, 0.9661051464753108],
  [2, 0.9953222650189527],
  [3, 0.9999779095030014],
];

/** Composite Simpson integration of (2/√π) e^{-t²} over [a, b]: an independent route to erf. */
function simpson(a: number, b: number, n = 2000): number {
  const h = (b - a) / n;
  const g = (t: number) => (2 / Math.sqrt(Math.PI)) * Math.exp(-t * t);
  let s = g(a) + g(b);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * g(a + i * h);
  return (s * h) / 3;
}

describe("erf / erfc", () => {
  it("matches tabulated values", () => {
    for (const [x, v] of TABLE) {
      expect(erf(x)).toBeCloseTo(v, 14);
      expect(erf(-x)).toBeCloseTo(-v, 14);
    }
  });

  it("matches Simpson quadrature of the density on [0, x]", () => {
    for (const x of [0.3, 1.2, 1.99, 2.01, 2.7, 3.5])
      expect(Math.abs(erf(x) - simpson(0, x))).toBeLessThan(1e-13);
  });

  it("has relative accuracy in the upper tail (erfc against integrating the tail)", () => {
    // erfc(x) = (2/√π) ∫_x^{x+12} e^{-t²} dt up to e^{-(x+12)²} ≈ 0.
    for (const x of [2.5, 3, 4, 5.5]) {
      const ref = simpson(x, x + 12, 20000);
      expect(Math.abs(erfc(x) / ref - 1)).toBeLessThan(1e-10);
    }
    // Normal tail probabilities P(|z| > 3), P(|z| > 4) from standard tables.
    expect(Math.abs(erfc(3 / Math.SQRT2) / 0.0026997960632601866 - 1)).toBeLessThan(1e-13);
    expect(Math.abs(erfc(4 / Math.SQRT2) / 6.334248366623996e-5 - 1)).toBeLessThan(1e-12);
  });

  it("erfc is 2 − erfc(−x) and Φ is symmetric", () => {
    for (const x of [0.2, 1.7, 2.4, 6]) {
      expect(erfc(-x)).toBeCloseTo(2 - erfc(x), 15);
      expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 15);
    }
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
  });

  it("is within 2 ulp (erf) and 6 ulp (erfc) of a 100-bit BigInt series over the whole range", () => {
    // every region of the rational approximations and their seams (0.46875, 4, 6, 26.543), and the far tail
    const xs: number[] = [];
    for (let i = 1; i <= 600; i++) xs.push(i * 0.01 + (i % 7) * 1.1e-4);
    for (const x of [0.46875, 0.468751, 4, 4.000001, 5.999, 1e-300, 1e-9, 3.7e-5]) xs.push(x);
    for (let i = 0; i <= 100; i++) xs.push(6 + i * 0.205);
    let worstErf = 0;
    let worstErfc = 0;
    for (const x of xs) {
      const ref = erfReference(x);
      worstErf = Math.max(worstErf, ulps(erf(x), ref.erf), ulps(-erf(-x), ref.erf));
      worstErfc = Math.max(worstErfc, ulps(erfc(x), ref.erfc));
      expect(ulps(erfc(-x), 2 - ref.erfc)).toBeLessThanOrEqual(2);
    }
    expect(worstErf).toBeLessThanOrEqual(2);
    expect(worstErfc).toBeLessThanOrEqual(6);
  });

  it("handles the edges: ±0, ±∞, NaN, and erfc underflow", () => {
    expect(Object.is(erf(-0), -0)).toBe(true);
    expect(erf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(erf(Number.NEGATIVE_INFINITY)).toBe(-1);
    expect(erf(Number.NaN)).toBeNaN();
    expect(erfc(Number.NaN)).toBeNaN();
    expect(erfc(Number.POSITIVE_INFINITY)).toBe(0);
    expect(erfc(Number.NEGATIVE_INFINITY)).toBe(2);
    expect(erfc(27)).toBe(0);
    expect(erfc(26.5)).toBeGreaterThan(0);
  });
});
