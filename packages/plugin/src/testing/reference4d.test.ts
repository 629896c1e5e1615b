// The 4-D reference for kinked activations (sign cones, cones.ts) against routes that share nothing with it:
// the 2-D/3-D nested-angle routes, an exact 1-D route at one-factor covariances, the equicorrelated orthant
// probability 1/5, Isserlis, and Monte Carlo (fixed seed, 5 standard errors) at the kit's own covariances.
import { createRng } from "@pupil/tensors";
import { describe, expect, it } from "vitest";
import { defineActivation } from "../define.js";
import type { ActivationPlugin, Covariance } from "../types.js";
import { randomCovariances } from "./activation.js";
import { kinkedAtZero, RayQuadrature, referenceIntegral } from "./reference.js";
import { oneFactorCovariance, oneFactorLeakyI4 } from "./test-support/one-factor.js";

const leaky = (slope: number): ActivationPlugin =>
  defineActivation({
    id: "t/leaky",
    f: (z) => (z > 0 ? z : slope * z),
    df: (z) => (z > 0 ? 1 : slope),
    tf: (t, x) => t.leakyRelu(x, slope),
  });
const step = defineActivation({
  id: "t/step",
  f: (z) => (z > 0 ? 1 : 0),
  df: (z) => (z > 0 ? 1 : 0),
  tf: (t, x) => t.step(x),
});
// The kit's fine level (activation.ts).
const quad = new RayQuadrature({ 1: 24, 2: 24, 3: 16, 4: 12 }, 10);

function cholesky(C: Covariance, idx: readonly number[]): number[][] {
  const L = idx.map(() => new Array<number>(idx.length).fill(0));
  idx.forEach((a, i) => {
    for (let j = 0; j <= i; j++) {
      let s = C.data[a * C.n + idx[j]];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      L[i][j] = i === j ? Math.sqrt(s) : s / L[j][j];
    }
  });
  return L;
}

describe("kinkedAtZero", () => {
  it("tells kinks and jumps at 0 from smooth functions", () => {
    expect(kinkedAtZero((z) => Math.max(0, z))).toBe(true);
    expect(kinkedAtZero((z) => (z > 0 ? 1 : 0))).toBe(true);
    expect(kinkedAtZero(Math.abs)).toBe(true);
    expect(kinkedAtZero((z) => (z > 0 ? 1 : 0.999))).toBe(true); // leaky-relu' at slope 0.999
    expect(kinkedAtZero(Math.tanh)).toBe(false);
    expect(kinkedAtZero((z) => 1 - Math.tanh(z) ** 2)).toBe(false);
    expect(kinkedAtZero((z) => 3 * z * z - z)).toBe(false);
    expect(kinkedAtZero((z) => Math.exp(-0.5 * z * z))).toBe(false);
  });
});

describe("the sign-cone route", () => {
  const F3 = [
    [1.2, 0, 0],
    [-0.8, 0.6, 0],
    [0.4, 0.9, 0.5],
  ];
  // Integrands of even degree in the radius (the radial rule is exact for those): for relu-type g all of them,
  // for the step (g = g' = θ) only products of steps.
  const kinked = [
    ["relu", leaky(0), 5],
    ["leaky-relu -0.26", leaky(-0.26), 5],
    ["step", step, 2],
  ] as const;

  it.each(kinked)("agrees with the exact 2-D and 3-D angle routes for %s", (_name, plugin, count) => {
    const g = (x: number) => plugin.f(x);
    const dg = (x: number) => plugin.df(x);
    const cases: [number[][], (u: Float64Array) => number][] = [
      [F3.slice(0, 2).map((r) => r.slice(0, 2)), (u) => g(u[0]) * g(u[1])],
      [F3, (u) => dg(u[0]) * dg(u[1]) * g(u[2]) ** 2],
      [F3.slice(0, 2).map((r) => r.slice(0, 2)), (u) => dg(u[0]) * u[1] * g(u[1])],
      [F3, (u) => dg(u[0]) * u[1] * g(u[2])],
      [F3, (u) => dg(u[2]) * dg(u[0]) * g(u[1]) * g(u[0])],
    ];
    for (const [F, h] of cases.slice(0, count)) {
      const angles = quad.expect(F, h);
      // The angle routes are exact here; the cells converge spectrally (about 1e-9 at 10 nodes).
      expect(Math.abs(quad.expectOverCones(F, h) - angles)).toBeLessThan(1e-8 * (1 + Math.abs(angles)));
    }
  });

  it("has total mass 1 and reproduces Isserlis in 4-D", () => {
    const F4 = cholesky(
      oneFactorCovariance({ c: [0.9, -0.7, 0.5, 1.1], sigma: [0.6, 0.8, 1, 0.5] }),
      [0, 1, 2, 3],
    );
    expect(Math.abs(quad.expectOverCones(F4, () => 1) - 1)).toBeLessThan(1e-8);
    const C = F4.map((r) => F4.map((q) => r.reduce((s, v, k) => s + v * q[k], 0)));
    // E[u0 u1 u2 u3] = C01 C23 + C02 C13 + C03 C12
    const isserlis = C[0][1] * C[2][3] + C[0][2] * C[1][3] + C[0][3] * C[1][2];
    const moment = quad.expectOverCones(F4, (u) => u[0] * u[1] * u[2] * u[3]);
    expect(Math.abs(moment - isserlis)).toBeLessThan(1e-7 * Math.abs(isserlis));
  });
});

describe("the 4-D reference (I4 at four distinct indices)", () => {
  it("gives the equicorrelated orthant probability P(u > 0) = 1/5 at ρ = 1/2", () => {
    const v = [0.5, 1.3, 0.8, 2];
    const C: Covariance = {
      n: 4,
      data: v.flatMap((a, i) => v.map((b, j) => (i === j ? a : 0.5 * Math.sqrt(a * b)))),
    };
    expect(Math.abs(referenceIntegral(quad, step, "I4", C, [0, 1, 2, 3]) - 0.2)).toBeLessThan(1e-9);
  });

  const factors = [
    { c: [0.9, -0.7, 0.5, 1.1, -0.4], sigma: [0.6, 0.8, 1, 0.5, 0.9] },
    { c: [1.3, 1.0, -1.2, 0.6, 0.8], sigma: [0.7, 0.5, 0.9, 1.2, 0.4] },
  ];
  it.each([0, -0.26, -1])("equals the exact one-factor route for leaky-relu slope %s", (slope) => {
    const plugin = leaky(slope);
    for (const factor of factors) {
      const C = oneFactorCovariance(factor);
      for (const idx of [
        [0, 1, 2, 3],
        [2, 4, 1, 3],
      ]) {
        const exact = oneFactorLeakyI4(factor, slope, idx);
        // The 1-D route has converged: 120 and 200 Gauss–Hermite nodes agree.
        expect(Math.abs(oneFactorLeakyI4(factor, slope, idx, 200) - exact)).toBeLessThan(1e-11);
        const value = referenceIntegral(quad, plugin, "I4", C, idx);
        expect(Math.abs(value - exact)).toBeLessThan(1e-7 * Math.abs(exact) + 1e-10);
      }
    }
  });

  it("agrees with Monte Carlo at the kit's covariances (relu and leaky-relu -0.26, 5 standard errors)", () => {
    const bad: string[] = [];
    for (const [id, slope] of [
      ["relu", 0],
      ["leaky-relu", -0.26],
    ] as const) {
      // The covariances the kit draws for these plugins' I4 check (activation.ts, seed 1).
      const covariances = randomCovariances(createRng(`1|activation|${id}|integral-I4`), 3);
      covariances.forEach((C, c) => {
        const L = cholesky(C, [0, 1, 2, 3]);
        const value = referenceIntegral(quad, leaky(slope), "I4", C, [0, 1, 2, 3]);
        const rng = createRng(`mc|${id}|${c}`);
        const z = new Float64Array(4 * 4096);
        const samples = 50 * 4096;
        let sum = 0;
        let sq = 0;
        for (let block = 0; block < samples / 4096; block++) {
          rng.fillNormal(z);
          for (let s = 0; s < 4 * 4096; s += 4) {
            let v = 1;
            for (let a = 0; a < 4; a++) {
              let x = 0;
              for (let j = 0; j <= a; j++) x += L[a][j] * z[s + j];
              v *= a < 2 ? (x > 0 ? 1 : slope) : x > 0 ? x : slope * x;
            }
            sum += v;
            sq += v * v;
          }
        }
        const mean = sum / samples;
        const stderr = Math.sqrt((sq / samples - mean * mean) / samples);
        if (!(Math.abs(value - mean) <= 5 * stderr))
          bad.push(`${id} C${c + 1}: ${value} vs MC ${mean} ± ${stderr}`);
      });
    }
    expect(bad).toEqual([]);
  });

  it("differs from the nested-angle route, which splits only the innermost angle, for a kinked g'", () => {
    // The case that failed correct closed forms: leaky-relu -0.26 at the kit's first covariance; Monte Carlo
    // (4e6 samples) gives 0.061662 ± 0.00011, the 4-D nested angles 0.06861.
    const C = randomCovariances(createRng("1|activation|leaky-relu|integral-I4"), 1)[0];
    const F = cholesky(C, [0, 1, 2, 3]);
    const plugin = leaky(-0.26);
    const h = (u: Float64Array) => plugin.df(u[0]) * plugin.df(u[1]) * plugin.f(u[2]) * plugin.f(u[3]);
    const cones = quad.expect(F, h);
    const angles = quad.expect(F, h, { smooth: true });
    expect(Math.abs(cones - 0.061662)).toBeLessThan(5 * 0.00011);
    expect(Math.abs(angles - cones)).toBeGreaterThan(0.05 * cones);
  });
});
