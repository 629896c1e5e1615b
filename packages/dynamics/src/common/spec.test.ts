import { erf, quadratic } from "@pupil/plugin-activations";
import { describe, expect, it } from "vitest";
import { validateOverlaps } from "./overlaps.js";
import { resolveSecondLayer } from "./second-layer.js";
import { effectiveLr, validateCommitteeSpec } from "./spec.js";
import { makeSpec } from "./spec.test-util.js";

describe("validateCommitteeSpec names the bad field", () => {
  const bad: [string, Record<string, unknown>, RegExp][] = [
    ["p < 1", { p: 0 }, /spec\.p:/],
    ["N < 1", { N: 0 }, /spec\.N:/],
    ["p* not an integer", { pStar: 1.5 }, /spec\.pStar:/],
    ["η ≤ 0", { lr: 0 }, /spec\.lr:/],
    ["B < 1", { batch: 0 }, /spec\.batch:/],
    ["a of the wrong length", { a: new Float64Array(3) }, /spec\.a: expected length 2/],
    ["b of the wrong length", { b: new Float64Array(1) }, /spec\.b: expected length 2/],
    ["negative label noise", { labelNoise: -1 }, /spec\.labelNoise:/],
    ["unknown lr scaling", { lrScaling: "eta^2" }, /spec\.lrScaling:/],
    ["not an activation", { activation: { id: "erf" } }, /spec\.activation:/],
    ["η2 ≤ 0", { secondLayerLr: -0.1 }, /spec\.secondLayerLr:/],
    ["noiseTerm not boolean", { noiseTerm: 1 }, /spec\.noiseTerm:/],
  ];
  for (const [name, override, message] of bad) {
    it(name, () => {
      expect(() => validateCommitteeSpec({ ...makeSpec(erf), ...override } as never)).toThrow(message);
    });
  }
  it("accepts a good spec and scales η by p on request", () => {
    const spec = makeSpec(quadratic, { p: 4, lrScaling: "eta*p", lr: 0.1 });
    expect(validateCommitteeSpec(spec)).toBe(spec);
    expect(effectiveLr(spec)).toBeCloseTo(0.4, 15);
  });
});

describe("resolveSecondLayer", () => {
  it("normalisations and explicit vectors", () => {
    expect(Array.from(resolveSecondLayer("1/p", 4))).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(resolveSecondLayer("1/sqrt(p)", 4)[2]).toBe(0.5);
    expect(Array.from(resolveSecondLayer([1, -2], 2))).toEqual([1, -2]);
    expect(() => resolveSecondLayer([1], 2, "spec.a")).toThrow(/spec\.a: expected 2 weights/);
    expect(() => resolveSecondLayer("1/q" as never, 2)).toThrow(/secondLayer/);
  });
});

describe("validateOverlaps", () => {
  const good = {
    Q: [
      [1, 0.1],
      [0.1, 1],
    ],
    M: [[0.2], [0.1]],
    T: [[1]],
  };
  it("accepts valid overlaps and rejects wrong shapes, asymmetry and non-PSD Ω naming the field", () => {
    expect(validateOverlaps(good, 2, 1, "init")).toBe(good);
    expect(() => validateOverlaps({ ...good, M: [[0.2, 0]] }, 2, 1, "init")).toThrow(/init\.M/);
    expect(() =>
      validateOverlaps(
        {
          ...good,
          Q: [
            [1, 0.1],
            [0.3, 1],
          ],
        },
        2,
        1,
        "init",
      ),
    ).toThrow(/init\.Q: expected a symmetric/);
    expect(() => validateOverlaps({ ...good, M: [[2], [0]] }, 2, 1, "init")).toThrow(
      /init: Ω .* not positive semi-definite/,
    );
  });
});
