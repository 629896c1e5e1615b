import type { TeacherPlugin } from "@pupil/plugin";
import { PluginTester } from "@pupil/plugin/testing";
import { createRng } from "@pupil/tensors";
import { describe, expect, it } from "vitest";
import { gaussianTeacher, givenTeacher, orthonormalTeacher, plugins } from "./index.js";

const givenWeights = [
  [1, -2, 0.5, 3],
  [0, 4, -1, 2.25],
];

const tester = new PluginTester({ describe, it });
tester.run(gaussianTeacher);
tester.run(orthonormalTeacher, {
  teacher: {
    shapes: [
      { inputDim: 12, widths: [3] },
      { inputDim: 5, widths: [5] },
    ],
  },
});
tester.run(givenTeacher, {
  teacher: { shapes: [{ inputDim: 4, widths: [2] }], params: { weights: givenWeights }, ignoresSeed: true },
});

/** T = w*·w*ᵀ/N */
function teacherOverlap(p: TeacherPlugin, N: number, pStar: number, seed: number, params = {}): number[][] {
  const { layers } = p.generate({ shape: { inputDim: N, widths: [pStar] }, params, rng: createRng(seed) });
  const W = layers[0].data;
  const T: number[][] = [];
  for (let r = 0; r < pStar; r++) {
    T.push([]);
    for (let s = 0; s < pStar; s++) {
      let v = 0;
      for (let i = 0; i < N; i++) v += W[r * N + i] * W[s * N + i];
      T[r].push(v / N);
    }
  }
  return T;
}

describe("committee teachers", () => {
  it("the pack lists gaussian, orthonormal and given", () => {
    expect(plugins.map((p) => p.id)).toEqual(["gaussian", "orthonormal", "given"]);
    for (const p of plugins) expect(p.kind).toBe("teacher");
  });

  for (const [N, pStar] of [
    [1000, 2],
    [50, 8],
    [7, 7],
  ]) {
    it(`orthonormal: T = I to 1e-12 (N = ${N}, p* = ${pStar})`, () => {
      const T = teacherOverlap(orthonormalTeacher, N, pStar, 3);
      for (let r = 0; r < pStar; r++) {
        for (let s = 0; s < pStar; s++) expect(Math.abs(T[r][s] - (r === s ? 1 : 0))).toBeLessThan(1e-12);
      }
    });
  }

  it("gaussian: entries are N(0,1) (mean and variance within 5σ), so T ≈ I only up to O(N^-½)", () => {
    const N = 2000;
    const pStar = 4;
    const { layers } = gaussianTeacher.generate({
      shape: { inputDim: N, widths: [pStar] },
      params: {},
      rng: createRng(8),
    });
    const W = layers[0].data;
    const n = W.length;
    const mean = W.reduce((a, b) => a + b, 0) / n;
    const variance = W.reduce((a, b) => a + b * b, 0) / n - mean * mean;
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    const T = teacherOverlap(gaussianTeacher, N, pStar, 8);
    expect(Math.abs(T[0][1])).toBeGreaterThan(1e-6); // not orthogonal
    expect(Math.abs(T[0][1])).toBeLessThan(5 / Math.sqrt(N));
  });

  it("given: the weights round-trip exactly", () => {
    const { layers } = givenTeacher.generate({
      shape: { inputDim: 4, widths: [2] },
      params: { weights: givenWeights },
      rng: createRng(1),
    });
    expect(layers).toHaveLength(1);
    expect(layers[0].rows).toBe(2);
    expect(layers[0].cols).toBe(4);
    expect(Array.from(layers[0].data)).toEqual(givenWeights.flat());
  });

  const shape = { inputDim: 4, widths: [2] };
  const bad: [string, () => unknown, RegExp][] = [
    [
      "given without weights",
      () => givenTeacher.generate({ shape, params: {}, rng: createRng(1) }),
      /params\.weights/,
    ],
    [
      "given with too few rows",
      () => givenTeacher.generate({ shape, params: { weights: [givenWeights[0]] }, rng: createRng(1) }),
      /params\.weights.*p\* = 2/,
    ],
    [
      "given with a short row",
      () =>
        givenTeacher.generate({
          shape,
          params: { weights: [givenWeights[0], [1, 2, 3]] },
          rng: createRng(1),
        }),
      /params\.weights\[1\].*N = 4/,
    ],
    [
      "given with a non-number",
      () =>
        givenTeacher.generate({
          shape,
          params: { weights: [givenWeights[0], [1, 2, Number.NaN, 4]] },
          rng: createRng(1),
        }),
      /params\.weights\[1\]\[2\]/,
    ],
    [
      "orthonormal with p* > N",
      () =>
        orthonormalTeacher.generate({ shape: { inputDim: 3, widths: [4] }, params: {}, rng: createRng(1) }),
      /widths\[0\].*inputDim/,
    ],
    [
      "two hidden layers",
      () =>
        gaussianTeacher.generate({ shape: { inputDim: 3, widths: [2, 2] }, params: {}, rng: createRng(1) }),
      /shape\.widths/,
    ],
    [
      "inputDim 0",
      () => gaussianTeacher.generate({ shape: { inputDim: 0, widths: [2] }, params: {}, rng: createRng(1) }),
      /shape\.inputDim/,
    ],
    [
      "p* = 0",
      () => gaussianTeacher.generate({ shape: { inputDim: 3, widths: [0] }, params: {}, rng: createRng(1) }),
      /shape\.widths\[0\]/,
    ],
    [
      "an output layer",
      () =>
        gaussianTeacher.generate({
          shape: { inputDim: 3, widths: [2], outputs: 3 },
          params: {},
          rng: createRng(1),
        }),
      /shape\.outputs/,
    ],
  ];
  for (const [name, make, pattern] of bad) {
    it(`${name} → an error naming the field`, () => {
      expect(make).toThrow(pattern);
    });
  }
});
