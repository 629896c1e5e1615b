import { describe, expect, it } from "vitest";
import { defineActivation } from "../define.js";
import type { Covariance } from "../types.js";
import { RayQuadrature, referenceIntegral } from "./reference.js";

// Independent routes: Isserlis' theorem, the arc-cosine kernel and the orthant probabilities of a Gaussian.
const C: Covariance = {
  n: 4,
  data: [1.2, 0.5, -0.3, 0.2, 0.5, 0.9, 0.25, -0.1, -0.3, 0.25, 1.1, 0.4, 0.2, -0.1, 0.4, 0.7],
};
const c = (i: number, j: number) => C.data[i * 4 + j];
const rho = (i: number, j: number) => c(i, j) / Math.sqrt(c(i, i) * c(j, j));
const quad = new RayQuadrature({ 1: 16, 2: 16, 3: 12, 4: 10 });
const linear = defineActivation({ id: "t/linear", f: (z) => z, df: () => 1, tf: (_t, x) => x });
const relu = defineActivation({
  id: "t/relu",
  f: (z) => Math.max(0, z),
  df: (z) => (z > 0 ? 1 : 0),
  tf: (t, x) => t.relu(x),
});

describe("RayQuadrature (the kit's reference)", () => {
  it("reproduces Gaussian moments in 1 to 4 dimensions (Isserlis)", () => {
    expect(referenceIntegral(quad, linear, "I2", C, [0, 0])).toBeCloseTo(c(0, 0), 13);
    expect(referenceIntegral(quad, linear, "I2", C, [1, 3])).toBeCloseTo(c(1, 3), 13);
    // I3 for g(z) = z: E[u_b u_c] = C_bc; I4: E[u_a u_b] = C_ab (g' = 1).
    expect(referenceIntegral(quad, linear, "I3", C, [0, 1, 2])).toBeCloseTo(c(1, 2), 13);
    const quadratic = defineActivation({
      id: "t/sq",
      f: (z) => z * z,
      df: (z) => 2 * z,
      tf: (t, x) => t.square(x),
    });
    // E[2u_0 · 2u_1 · u_2² · u_3²] by Isserlis over the 15 pairings of (0, 1, 2, 2, 3, 3).
    const idx = [0, 1, 2, 2, 3, 3];
    const pair = (rest: number[]): number => {
      if (rest.length === 0) return 1;
      let sum = 0;
      for (let k = 1; k < rest.length; k++) {
        sum += c(idx[rest[0]], idx[rest[k]]) * pair(rest.filter((_, m) => m !== 0 && m !== k));
      }
      return sum;
    };
    const isserlis = 4 * pair([0, 1, 2, 3, 4, 5]);
    // Smooth in every angle but not polynomial in them: 4-D at 10 nodes per segment gives ~2e-9 relative.
    const value = referenceIntegral(quad, quadratic, "I4", C, [0, 1, 2, 3]);
    expect(Math.abs(value - isserlis)).toBeLessThan(1e-8 * Math.abs(isserlis));
  });

  it("is exact for relu: the arc-cosine kernel and orthant probabilities", () => {
    const theta = Math.acos(rho(0, 2));
    const arcCos =
      (Math.sqrt(c(0, 0) * c(2, 2)) / (2 * Math.PI)) *
      (Math.sin(theta) + (Math.PI - theta) * Math.cos(theta));
    expect(referenceIntegral(quad, relu, "I2", C, [0, 2])).toBeCloseTo(arcCos, 13);
    // J2 = P(u_a > 0, u_b > 0) = 1/4 + asin(ρ)/(2π).
    expect(referenceIntegral(quad, relu, "J2", C, [1, 3])).toBeCloseTo(
      0.25 + Math.asin(rho(1, 3)) / (2 * Math.PI),
      13,
    );
    // With f = f' = the step θ, I4(0, 1, 2, 2) = E[θ(u_0) θ(u_1) θ(u_2)²] = P(u_0, u_1, u_2 > 0)
    //   = 1/8 + (asin ρ01 + asin ρ02 + asin ρ12)/(4π).
    const step = defineActivation({
      id: "t/step",
      f: (z) => (z > 0 ? 1 : 0),
      df: (z) => (z > 0 ? 1 : 0),
      tf: (t, x) => t.step(x),
    });
    const orthant3 =
      1 / 8 + (Math.asin(rho(0, 1)) + Math.asin(rho(0, 2)) + Math.asin(rho(1, 2))) / (4 * Math.PI);
    expect(referenceIntegral(quad, step, "I4", C, [0, 1, 2, 2])).toBeCloseTo(orthant3, 12);
  });

  it("refuses a covariance that is not positive definite", () => {
    const singular: Covariance = { n: 2, data: [1, 1, 1, 1] };
    expect(() => referenceIntegral(quad, linear, "I2", singular, [0, 1])).toThrow(
      /"C" must be positive definite/,
    );
  });
});
