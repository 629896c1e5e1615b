// The kit's closed-form I4 check for kinked activations, at one-factor covariances where an exact route to
// leaky-relu's I4 exists (test-support/one-factor.ts): it passes the exact values at every index pattern,
// four distinct indices included, and fails them scaled by 1.01 at four distinct indices only.
import { createRng } from "@pupil/tensors";
import { describe, expect, it } from "vitest";
import { defineActivation } from "../define.js";
import type { ActivationPlugin, Covariance } from "../types.js";
import { checkClosedForm } from "./activation.js";
import { type OneFactor, oneFactorCovariance, oneFactorLeakyI4 } from "./test-support/one-factor.js";

const factors: OneFactor[] = [
  { c: [0.9, -0.7, 0.5, 1.1, -0.4], sigma: [0.6, 0.8, 1, 0.5, 0.9] },
  { c: [1.3, 1.0, -1.2, 0.6, 0.8], sigma: [0.7, 0.5, 0.9, 1.2, 0.4] },
];
const covariances = factors.map(oneFactorCovariance);

/** Leaky relu whose I4 is the exact one-factor value (valid at `covariances` only), times `scale` at 4-D. */
function oneFactorLeaky(slope: number, scale = 1): ActivationPlugin {
  const factorOf = (C: Covariance) => factors[covariances.indexOf(C)];
  return defineActivation({
    id: "t/leaky-one-factor",
    f: (z) => (z > 0 ? z : slope * z),
    df: (z) => (z > 0 ? 1 : slope),
    tf: (t, x) => t.leakyRelu(x, slope),
    integrals: {
      I4: (C, i, k, a, b) =>
        oneFactorLeakyI4(factorOf(C), slope, [i, k, a, b]) * (new Set([i, k, a, b]).size === 4 ? scale : 1),
    },
  });
}

describe("checkClosedForm on a kinked I4 (relu, leaky-relu)", () => {
  it.each([0, -0.26])("passes the exact I4 at every pattern, slope %s", (slope) => {
    const result = checkClosedForm(oneFactorLeaky(slope), "I4", createRng(1), covariances);
    expect(result.message).toMatch(/^12 evaluations agree/);
    expect(result.ok).toBe(true);
  });

  it.each([0, -0.26])("fails I4 scaled by 1.01 at four distinct indices, slope %s", (slope) => {
    const result = checkClosedForm(oneFactorLeaky(slope, 1.01), "I4", createRng(1), covariances);
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/^2 of 12 disagree/);
    expect(result.message.match(/I4\(C\d; [0-9,]+\)/g)).toEqual(["I4(C1; 0,1,2,3)", "I4(C2; 0,1,2,3)"]);
  });
});
