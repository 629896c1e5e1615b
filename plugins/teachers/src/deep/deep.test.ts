// Deep teachers: conformance kit, determinism per seed, distinct unit-norm discrete rows, exact fan-out decay,
// median-tuned biases, standardised outputs.
import { PluginTester } from "@pupil/plugin/testing";
import { createRng } from "@pupil/tensors";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { discreteLevels } from "./discrete.js";
import { discreteFanoutTeacher } from "./fanout.js";
import { glorotReluTeacher } from "./glorot.js";
import { multilayerDiscreteTeacher } from "./multilayer.js";

new PluginTester({ describe, it, tf: tf as never }).run(discreteFanoutTeacher, {
  teacher: { shapes: [{ inputDim: 20, widths: [10], outputs: 5 }], params: { p: 1 } },
});
new PluginTester({ describe, it, tf: tf as never }).run(multilayerDiscreteTeacher, {
  teacher: { shapes: [{ inputDim: 6, widths: [5, 10], outputs: 2 }], params: { tuneSamples: 500 } },
});
new PluginTester({ describe, it, tf: tf as never }).run(glorotReluTeacher);

const shape = { inputDim: 20, widths: [10], outputs: 5 };
const rowNorm = (data: Float64Array, cols: number, r: number) =>
  Math.hypot(...Array.from(data.subarray(r * cols, (r + 1) * cols)));

describe("discrete-fanout", () => {
  it("is deterministic per seed and different across seeds", () => {
    const a = discreteFanoutTeacher.generate({ shape, params: { p: 2 }, rng: createRng(1) });
    const b = discreteFanoutTeacher.generate({ shape, params: { p: 2 }, rng: createRng(1) });
    const c = discreteFanoutTeacher.generate({ shape, params: { p: 2 }, rng: createRng(2) });
    expect(a.layers[0].data).toEqual(b.layers[0].data);
    expect(a.layers[1].data).toEqual(b.layers[1].data);
    expect(a.layers[0].data).not.toEqual(c.layers[0].data);
  });

  it("first-layer rows are distinct, unit-norm, on the discrete grid up to their norm; biases −0.1", () => {
    const levels = Array.from(discreteLevels());
    const { layers } = discreteFanoutTeacher.generate({ shape, params: {}, rng: createRng(3) });
    const W = layers[0];
    for (let r = 0; r < W.rows; r++) {
      expect(rowNorm(W.data, W.cols, r)).toBeCloseTo(1, 12);
      // Some rescaling puts every entry back on the grid: the smallest non-zero |entry| is one of the levels.
      const row = Array.from(W.data.subarray(r * W.cols, (r + 1) * W.cols));
      const smallest = Math.min(...row.filter((v) => v !== 0).map(Math.abs));
      const onGrid = levels
        .filter((g) => g > 0)
        .some((g) =>
          row.every((v) => {
            const scaled = (v * g) / smallest;
            return Math.abs(scaled) <= 1 + 1e-9 && levels.some((l) => Math.abs(l - scaled) < 1e-9);
          }),
        );
      expect(onGrid, `row ${r} on the grid`).toBe(true);
      for (let s = 0; s < r; s++) {
        const other = Array.from(W.data.subarray(s * W.cols, (s + 1) * W.cols));
        expect(other.some((v, j) => Math.abs(v - row[j]) > 1e-12)).toBe(true);
      }
    }
    expect(Array.from(W.bias as Float64Array)).toEqual(new Array(10).fill(-0.1));
    expect(Array.from(layers[1].bias as Float64Array)).toEqual(new Array(5).fill(-0.1));
  });

  it("divides hidden node i's fan-out (column i of W2) by (i+1)^p exactly", () => {
    const flat = discreteFanoutTeacher.generate({ shape, params: { p: 0 }, rng: createRng(4) }).layers[1];
    for (const p of [1, 2, 1.5]) {
      const decayed = discreteFanoutTeacher.generate({ shape, params: { p }, rng: createRng(4) }).layers[1];
      for (let r = 0; r < flat.rows; r++) {
        expect(rowNorm(flat.data, flat.cols, r)).toBeCloseTo(1, 12);
        for (let i = 0; i < flat.cols; i++) {
          expect(decayed.data[r * flat.cols + i]).toBe(flat.data[r * flat.cols + i] / (i + 1) ** p);
        }
      }
    }
  });

  it("refuses a deep shape, a negative p, and impossible distinctness, naming the field", () => {
    const rng = createRng(5);
    expect(() =>
      discreteFanoutTeacher.generate({ shape: { inputDim: 5, widths: [3, 3] }, params: {}, rng }),
    ).toThrow(/shape\.widths/);
    expect(() => discreteFanoutTeacher.generate({ shape, params: { p: -1 }, rng })).toThrow(/params\.p/);
    expect(() =>
      discreteFanoutTeacher.generate({ shape: { inputDim: 1, widths: [9], outputs: 1 }, params: {}, rng }),
    ).toThrow(/shape\.widths\[0\]/);
    expect(() =>
      discreteFanoutTeacher.generate({ shape: { ...shape, outputs: 0 }, params: {}, rng }),
    ).toThrow(/shape\.outputs/);
  });
});

describe("multilayer-discrete", () => {
  const mshape = { inputDim: 8, widths: [5, 10], outputs: 3 };

  it("tunes each hidden node to be active on about half of fresh inputs and standardises the outputs", () => {
    const { layers } = multilayerDiscreteTeacher.generate({
      shape: mshape,
      params: { tuneSamples: 4000 },
      rng: createRng(6),
    });
    // Independent check on fresh x ~ N(0, 10² I): fraction of inputs with positive pre-activation per node.
    const rng = createRng(99);
    const n = 4000;
    let h = Float64Array.from(rng.fillNormal(new Float64Array(n * 8)), (v) => 10 * v);
    layers.forEach((L, l) => {
      const z = new Float64Array(n * L.rows);
      for (let s = 0; s < n; s++)
        for (let i = 0; i < L.rows; i++) {
          let acc = (L.bias as Float64Array)[i];
          for (let j = 0; j < L.cols; j++) acc += L.data[i * L.cols + j] * h[s * L.cols + j];
          z[s * L.rows + i] = acc;
        }
      for (let i = 0; i < L.rows; i++) {
        const col = Array.from({ length: n }, (_, s) => z[s * L.rows + i]);
        if (l < layers.length - 1) {
          const active = col.filter((v) => v > 0).length / n;
          // binomial SE √(¼/n) ≈ 0.008 plus the tuning sample's own error: 5σ of both
          expect(Math.abs(active - 0.5), `layer ${l} node ${i}`).toBeLessThan(0.06);
        } else {
          const mean = col.reduce((a, b) => a + b, 0) / n;
          const sd = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
          expect(Math.abs(mean), `output ${i} mean`).toBeLessThan(0.15);
          expect(Math.abs(sd - 1), `output ${i} std`).toBeLessThan(0.1);
        }
      }
      h = l < layers.length - 1 ? Float64Array.from(z, (v) => Math.max(v, 0)) : z;
    });
  });

  it("without tuning keeps U(−0.5, 0.5) biases and unit-norm rows", () => {
    const { layers } = multilayerDiscreteTeacher.generate({
      shape: mshape,
      params: { tuneBias: 0, standardize: 0 },
      rng: createRng(7),
    });
    for (const L of layers) for (const b of L.bias as Float64Array) expect(Math.abs(b)).toBeLessThan(0.5);
    for (let r = 0; r < layers[0].rows; r++)
      expect(rowNorm(layers[0].data, layers[0].cols, r)).toBeCloseTo(1, 12);
  });
});

describe("glorot-relu", () => {
  it("draws Glorot-uniform layers without bias and an all-ones output", () => {
    const { layers } = glorotReluTeacher.generate({
      shape: { inputDim: 10, widths: [20, 10], outputs: 1 },
      params: {},
      rng: createRng(8),
    });
    expect(layers.map((l) => [l.rows, l.cols])).toEqual([
      [20, 10],
      [10, 20],
      [1, 10],
    ]);
    const limit = Math.sqrt(6 / 30);
    const first = Array.from(layers[0].data);
    expect(Math.max(...first.map(Math.abs))).toBeLessThanOrEqual(limit);
    // Uniform(−a, a) has variance a²/3; 200 draws: SE of the sample variance ≈ a²·0.0067·… use 5σ
    const variance = first.reduce((s, v) => s + v * v, 0) / first.length;
    const se = Math.sqrt((limit ** 4 / 5 - (limit ** 2 / 3) ** 2) / first.length);
    expect(Math.abs(variance - limit ** 2 / 3)).toBeLessThan(5 * se);
    expect(layers.every((l) => l.bias === undefined)).toBe(true);
    expect(Array.from(layers[2].data)).toEqual(new Array(10).fill(1));
  });
});

describe("declared params", () => {
  // lookupPlugin refuses keys a plugin does not declare; teachers that take none declare an empty set.
  it("every deep teacher declares the keys generate() reads, with the defaults it falls back to", async () => {
    const { lookupPlugin, createRegistry } = await import("@pupil/plugin");
    const registry = createRegistry()
      .use(discreteFanoutTeacher, multilayerDiscreteTeacher, glorotReluTeacher)
      .freeze();
    expect(Object.keys(discreteFanoutTeacher.params ?? {}).sort()).toEqual(["bias", "levels", "p"]);
    expect(discreteFanoutTeacher.params?.bias).toMatchObject({ default: -0.1 });
    const ref = (id: string, params: Record<string, unknown>) => ({ id, params });
    expect(() =>
      lookupPlugin(registry, "teacher", ref("discrete-fanout", { P: 7 }), "train.teacher"),
    ).toThrow(/train\.teacher\.params\.P.*no such parameter/);
    expect(() =>
      lookupPlugin(registry, "teacher", ref("multilayer-discrete", { tuneSamples: 500, p: 1 }), "t"),
    ).not.toThrow();
    expect(() => lookupPlugin(registry, "teacher", ref("glorot-relu", { scale: 2 }), "t")).toThrow(
      /t\.params\.scale/,
    );
  });
});
