import { registerTrainingKernels, type TrainingKernels } from "@pupil/tfjs-wasm-train";
import * as tfjs from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tf, tfReady } from "../tf/test-tf.js";
import { ConvNet } from "./net.js";
import { initConvParams } from "./params.js";
import {
  type ConvNetSpec,
  convMacsPerImage,
  convStudentSpec,
  convTeacherSpec,
  validateConvNetSpec,
} from "./spec.js";
import { blobImages } from "./test-data.js";

let kernels: TrainingKernels;
beforeAll(async () => {
  expect(await tfReady()).toBe("wasm");
  kernels = registerTrainingKernels(tfjs, tfjs.findBackend("wasm"));
});
afterAll(() => kernels.unregister());

describe("conv specs", () => {
  it("the presets are valid, 10-class, and the student is the smaller net", () => {
    expect(validateConvNetSpec(convTeacherSpec())).toBe(10);
    expect(validateConvNetSpec(convStudentSpec())).toBe(10);
    // By hand: student 28·28·9·8 + 14·14·9·8·16 + 7·7·9·16·32 + 32·10 = 56448 + 225792 + 225792 + 320.
    expect(convMacsPerImage(convStudentSpec())).toBe(508352);
    expect(convMacsPerImage(convTeacherSpec())).toBeGreaterThan(3 * convMacsPerImage(convStudentSpec()));
  });

  it("names the bad field", () => {
    const good = convStudentSpec();
    const bad = (layers: unknown[]): ConvNetSpec => ({ input: [28, 28, 1], layers: layers as never });
    expect(() => validateConvNetSpec({ ...good, input: [28, 28] as never })).toThrow(/net.input/);
    expect(() => validateConvNetSpec(bad([{ kind: "conv", name: "a", filters: 0, kernel: 3 }]))).toThrow(
      /net.layers\[0\].filters must be a positive integer/,
    );
    expect(() =>
      validateConvNetSpec(
        bad([
          { kind: "gap", name: "g" },
          { kind: "conv", name: "c", filters: 2, kernel: 3 },
        ]),
      ),
    ).toThrow(/net.layers\[1\]: a conv layer needs a feature map/);
    expect(() =>
      validateConvNetSpec(
        bad([
          { kind: "conv", name: "a", filters: 2, kernel: 3 },
          { kind: "conv", name: "a", filters: 2, kernel: 3 },
        ]),
      ),
    ).toThrow(/net.layers\[1\].name "a" is used twice/);
    expect(() => validateConvNetSpec(bad([{ kind: "gap", name: "g" }]))).toThrow(/last layer must be dense/);
    expect(() => validateConvNetSpec(bad([{ kind: "pool", name: "p" }]))).toThrow(/net.layers\[0\].kind/);
  });
});

describe("ConvNet forward and taps", () => {
  it("taps the transfer points with the documented shapes, post-ReLU", () => {
    for (const spec of [convTeacherSpec(), convStudentSpec()]) {
      const net = new ConvNet(tf, spec, { seed: 1 });
      expect(net.tapShape("features")).toEqual([7, 7, 32]);
      expect(net.tapShape("block1")).toEqual([14, 14, 16]);
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const x = tf.randomNormal([3, 28, 28, 1], 0, 1, "float32", 5);
        const { logits, taps } = net.forward(x, ["features", "features:pre", "block1"]);
        expect(logits.shape).toEqual([3, 10]);
        expect(taps.features.shape).toEqual([3, 7, 7, 32]);
        expect(taps.block1.shape).toEqual([3, 14, 14, 16]);
        // post-ReLU: relu(pre) exactly, and never negative
        const diff = tf.max(tf.abs(tf.sub(taps.features, tf.relu(taps["features:pre"])))).dataSync()[0];
        expect(diff).toBe(0);
        expect(tf.min(taps.features).dataSync()[0]).toBeGreaterThanOrEqual(0);
        expect(tf.min(taps["features:pre"]).dataSync()[0]).toBeLessThan(0);
      });
      expect(tf.memory().numTensors).toBe(before);
      expect(() => tf.tidy(() => net.forward(tf.zeros([1, 28, 28, 1]), ["nope"]).logits)).toThrow(
        /taps: unknown tap "nope"/,
      );
      net.dispose();
    }
  });

  it("cross-entropy and accuracy equal a by-hand computation from the logits", () => {
    const net = new ConvNet(tf, convStudentSpec(), { seed: 2 });
    const { x, y } = blobImages(6, 3);
    tf.tidy(() => {
      const xt = tf.tensor4d(x, [6, 28, 28, 1]);
      const labels = tf.tensor1d(y, "int32");
      const logits = net.forward(xt).logits;
      const L = logits.arraySync() as number[][];
      let ce = 0;
      let hits = 0;
      L.forEach((row, i) => {
        const m = Math.max(...row);
        const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
        ce += lse - row[y[i]];
        if (row.indexOf(m) === y[i]) hits += 1;
      });
      expect(net.crossEntropy(logits, labels).dataSync()[0]).toBeCloseTo(ce / 6, 5);
      expect(net.accuracy(logits, labels)).toBeCloseTo(hits / 6, 10);
    });
    net.dispose();
  });

  it("initialisation is seeded: same seed same bytes, another seed differs", () => {
    const a = initConvParams(convTeacherSpec(), 7);
    const b = initConvParams(convTeacherSpec(), 7);
    const c = initConvParams(convTeacherSpec(), 8);
    expect(a.map((p) => p.name)).toEqual(b.map((p) => p.name));
    for (const [i, p] of a.entries())
      expect(Buffer.from(p.values.buffer).equals(Buffer.from(b[i].values.buffer))).toBe(true);
    expect(Buffer.from(a[0].values.buffer).equals(Buffer.from(c[0].values.buffer))).toBe(false);
  });
});

/** The gradient of the cross-entropy w.r.t. every variable, on the current backend. */
async function gradients(
  backend: string,
  spec: ConvNetSpec,
  x: Float32Array,
  y: Int32Array,
  n: number,
): Promise<Float32Array[]> {
  await tfjs.setBackend(backend);
  const net = new ConvNet(tf, spec, initConvParams(spec, 4));
  const out = tf.tidy(() => {
    const { grads } = tf.variableGrads(
      () => net.crossEntropy(net.forward(tf.tensor4d(x, [n, 28, 28, 1])).logits, tf.tensor1d(y, "int32")),
      net.variables,
    );
    return net.variables.map((v) => Float32Array.from(grads[v.name].dataSync() as Float32Array));
  });
  net.dispose();
  return out;
}

describe("conv-net gradients on wasm (training kernels) equal the cpu backend's", () => {
  for (const [name, spec] of [
    ["teacher (residual, stride 2, shortcut conv)", convTeacherSpec(4)],
    ["student (conv, max-pool)", convStudentSpec(4)],
  ] as const) {
    it(name, async () => {
      const n = 5;
      const { x, y } = blobImages(n, 9);
      const cpu = await gradients("cpu", spec, x, y, n);
      const wasm = await gradients("wasm", spec, x, y, n);
      expect(wasm.length).toBe(cpu.length);
      cpu.forEach((g, k) => {
        let scale = 0;
        for (const v of g) scale = Math.max(scale, Math.abs(v));
        expect(scale).toBeGreaterThan(0);
        for (let i = 0; i < g.length; i++)
          expect(Math.abs(wasm[k][i] - g[i])).toBeLessThanOrEqual(1e-4 * scale + 1e-7);
      });
      await tfReady();
    });
  }
});
