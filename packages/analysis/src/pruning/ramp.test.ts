import { describe, expect, it } from "vitest";
import { DEFAULT_CUTOFFS, pruningMask, pruningRamp, rampKnee } from "./ramp.js";

describe("pruning ramp", () => {
  it("cutoffs are 0, 0.05, …, 0.95", () => {
    expect(DEFAULT_CUTOFFS.length).toBe(20);
    expect(DEFAULT_CUTOFFS[0]).toBe(0);
    expect(DEFAULT_CUTOFFS[19]).toBe(0.95);
  });

  it("removes exactly the nodes with L_i / max L ≤ c", () => {
    const L = [10, 0, 4, 0.5, 9.5];
    expect(Array.from(pruningMask(L, 0))).toEqual([1, 0, 1, 1, 1]);
    expect(Array.from(pruningMask(L, 0.05))).toEqual([1, 0, 1, 0, 1]);
    expect(Array.from(pruningMask(L, 0.4))).toEqual([1, 0, 0, 0, 1]);
    expect(Array.from(pruningMask(L, 0.95))).toEqual([1, 0, 0, 0, 0]);
  });

  it("records kept nodes and the evaluated loss per cutoff; the knee is the fewest nodes within 2× the base", () => {
    const L = [1, 0.9, 0.6, 0.3, 0.02];
    // a loss that is flat while nodes 0..2 are kept and jumps once one of them goes
    const ramp = pruningRamp(
      L,
      (mask) => (mask[2] === 1 ? 1 + 0.01 * (5 - mask.reduce((a, b) => a + b, 0)) : 10),
      [0, 0.05, 0.5, 0.7, 0.95],
    );
    expect(ramp.map((p) => p.kept)).toEqual([5, 4, 3, 2, 1]);
    expect(ramp.map((p) => p.loss)).toEqual([1, 1.01, 1.02, 10, 10]);
    expect(rampKnee(ramp)).toBe(3);
  });

  it("refuses a cutoff outside [0, 1], naming it", () => {
    expect(() => pruningMask([1, 2], 1.5)).toThrow(/cutoff must be a number in \[0, 1\]/);
    expect(() => pruningMask([1, 2], -0.1)).toThrow(/cutoff/);
    expect(() => pruningRamp([1, 2], () => 0, [0, 2])).toThrow(/cutoffs\[1\]/);
    expect(() => pruningMask([1, -2], 0.1)).toThrow(/importance\[1\]/);
  });
});
