import { describe, expect, it } from "vitest";
import { erf, logistic } from "./special.js";

/** (2/√π) ∫₀ˣ e^{-t²} dt by composite Simpson's rule: an independent route to erf. */
function erfBySimpson(x: number, intervals = 20_000): number {
  const h = x / intervals;
  let sum = 1 + Math.exp(-x * x);
  for (let j = 1; j < intervals; j++) sum += (j % 2 === 1 ? 4 : 2) * Math.exp(-(j * h) * (j * h));
  return ((2 / Math.sqrt(Math.PI)) * h * sum) / 3;
}

describe("erf", () => {
  it("matches tabulated values (Abramowitz & Stegun)", () => {
    expect(erf(0.5)).toBeCloseTo(0.5204998778130465, 15);
    expect(erf(1)).toBeCloseTo(0.8427007929497149, 15);
    expect(erf(2)).toBeCloseTo(0.9953222650189527, 15);
    expect(erf(3)).toBeCloseTo(0.9999779095030014, 15);
    // erfc(5) = 1.5374597944280348502e-12
    expect(Math.abs(1 - erf(5) - 1.537459794428035e-12)).toBeLessThan(2e-16);
  });

  it("agrees with Simpson quadrature of its integral across both branches", () => {
    for (let x = 0.05; x < 6.5; x += 0.15) {
      expect(Math.abs(erf(x) - erfBySimpson(x))).toBeLessThan(1e-13);
    }
  });

  it("is odd, saturates, and passes NaN through", () => {
    for (const x of [1e-9, 0.3, 2.4999, 2.5, 4, 30]) expect(erf(-x)).toBe(-erf(x));
    expect(erf(0)).toBe(0);
    expect(erf(1e-10)).toBeCloseTo((2 / Math.sqrt(Math.PI)) * 1e-10, 24);
    expect(erf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(erf(-40)).toBe(-1);
    expect(Number.isNaN(erf(Number.NaN))).toBe(true);
  });
});

describe("logistic", () => {
  it("is 1/(1 + e^{-z}) and satisfies σ(z) + σ(−z) = 1 without overflow", () => {
    for (const z of [-3, -0.5, 0, 0.7, 4]) expect(logistic(z)).toBeCloseTo(1 / (1 + Math.exp(-z)), 15);
    for (const z of [0.1, 5, 30, 700, 1000]) {
      expect(Math.abs(logistic(z) + logistic(-z) - 1)).toBeLessThanOrEqual(Number.EPSILON);
    }
    expect(logistic(-1000)).toBe(0);
    expect(logistic(1000)).toBe(1);
    expect(logistic(-745)).toBeGreaterThan(0);
  });
});
