import { describe, expect, it } from "vitest";
import { defineMetric } from "../define.js";
import { sampleSnapshot, sampleWeights } from "./fixtures.js";
import { checkPlugin } from "./plan.js";

const failing = async (plugin: Parameters<typeof checkPlugin>[0]) =>
  (await checkPlugin(plugin)).filter((r) => !r.ok).map((r) => r.name.replace(/^[^:]*: /, ""));

const shapeCheck = (type: string) => `value has the declared ${type} shape and is finite`;

describe("checkPlugin on metrics", () => {
  it("passes correct scalar, vector and matrix metrics (one needing weights)", async () => {
    const eg = defineMetric({
      id: "test/eg",
      output: { type: "scalar" },
      compute: (s) => s.loss.gen ?? Number.NaN,
    });
    const diagQ = defineMetric({
      id: "test/diag-q",
      output: { type: "vector", length: 3 },
      compute: (s) => s.overlaps!.Q.map((row, j) => row[j]),
    });
    const M = defineMetric({
      id: "test/m",
      output: { type: "matrix", rows: 3, cols: 2 },
      view: "heatmap",
      compute: (s) => s.overlaps!.M,
    });
    const norms = defineMetric({
      id: "test/row-norms",
      output: { type: "vector" },
      needsWeights: true,
      compute: (_s, w) => {
        const l = w!.student[0];
        return Array.from({ length: l.rows }, (_, j) =>
          Math.hypot(...l.data.subarray(j * l.cols, (j + 1) * l.cols)),
        );
      },
    });
    for (const m of [eg, diagQ, M, norms]) expect(await failing(m)).toEqual([]);
  });

  it("fails a metric of the wrong shape: M transposed for a declared 3×2 matrix", async () => {
    const wrong = defineMetric({
      id: "test/m-transposed",
      output: { type: "matrix", rows: 3, cols: 2 },
      compute: (s) => s.overlaps!.M[0].map((_, r) => s.overlaps!.M.map((row) => row[r])),
    });
    const results = await checkPlugin(wrong);
    const shape = results.find((r) => r.name.endsWith(shapeCheck("matrix")))!;
    expect(shape.ok).toBe(false);
    expect(shape.message).toMatch(/2 rows, declared 3.*3 columns, declared 2/);
  });

  it("fails a wrong vector length, a non-finite scalar, a vector where a scalar is declared", async () => {
    expect(
      await failing(
        defineMetric({ id: "t/v", output: { type: "vector", length: 4 }, compute: () => [1, 2, 3] }),
      ),
    ).toEqual([shapeCheck("vector")]);
    expect(
      await failing(defineMetric({ id: "t/nan", output: { type: "scalar" }, compute: () => Number.NaN })),
    ).toEqual([shapeCheck("scalar")]);
    expect(
      await failing(defineMetric({ id: "t/s", output: { type: "scalar" }, compute: () => [1] })),
    ).toEqual([shapeCheck("scalar")]);
  });

  it("fails a metric that mutates the snapshot or is not deterministic", async () => {
    const mutating = defineMetric({
      id: "t/mutating",
      output: { type: "scalar" },
      compute: (s) => {
        s.overlaps!.Q[0][0] += 1;
        return 1;
      },
    });
    expect(await failing(mutating)).toEqual(["compute is deterministic and leaves the snapshot unchanged"]);
    let k = 0;
    expect(
      await failing(defineMetric({ id: "t/counter", output: { type: "scalar" }, compute: () => k++ })),
    ).toEqual(["compute is deterministic and leaves the snapshot unchanged"]);
  });
});

describe("fixtures", () => {
  it("sampleWeights is seeded and shaped p×N, 1×p (student) and p*×N, 1×p* (teacher)", () => {
    const w = sampleWeights({ p: 4, pStar: 3, inputDim: 10 });
    expect(w.student.map((l) => [l.rows, l.cols])).toEqual([
      [4, 10],
      [1, 4],
    ]);
    expect(w.teacher!.map((l) => [l.rows, l.cols])).toEqual([
      [3, 10],
      [1, 3],
    ]);
    expect(sampleWeights({ p: 4, pStar: 3, inputDim: 10 }).student[0].data).toEqual(w.student[0].data);
    expect(sampleWeights({ p: 4, pStar: 3, inputDim: 10, seed: 9 }).student[0].data).not.toEqual(
      w.student[0].data,
    );
    expect(() => sampleWeights({ p: 0 })).toThrow(/"p" must be a positive integer/);
  });

  it("sampleSnapshot's eg is the quadratic committee's population loss: Monte Carlo over x ~ N(0, I_N)", async () => {
    const { createRng } = await import("@pupil/tensors");
    const options = { p: 3, pStar: 2, inputDim: 16, seed: 4 };
    const s = sampleSnapshot(options);
    const w = sampleWeights(options);
    const [S, T] = [w.student[0], w.teacher![0]];
    const N = options.inputDim;
    const rng = createRng("fixture-mc");
    const x = new Float64Array(N);
    const samples = 100_000;
    let sum = 0;
    let sum2 = 0;
    const out = (L: typeof S, scale: number) => {
      let y = 0;
      for (let j = 0; j < L.rows; j++) {
        let lambda = 0;
        for (let t = 0; t < N; t++) lambda += L.data[j * N + t] * x[t];
        y += scale * (lambda / Math.sqrt(N)) ** 2;
      }
      return y;
    };
    for (let k = 0; k < samples; k++) {
      rng.fillNormal(x);
      const loss = 0.5 * (out(S, 1 / 3) - out(T, 1 / 2)) ** 2;
      sum += loss;
      sum2 += loss * loss;
    }
    const mean = sum / samples;
    const stderr = Math.sqrt((sum2 / samples - mean * mean) / samples);
    expect(Math.abs(s.loss.gen! - mean)).toBeLessThan(5 * stderr);
    expect(s.overlaps!.Q).toHaveLength(3);
    expect(s.overlaps!.M[0]).toHaveLength(2);
    expect(s.seed).toBe(4);
  });
});
