// Conformance of the training kernels, in the style of tfjs' shared backend tests: one suite of random cases
// runs against each backend (cpu, and wasm with these kernels registered), every kernel output checked against
// a float64 definition-level reference (reference.ts); then wasm is compared with the cpu kernel directly.
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs build script without type declarations
import { assembleKernel } from "../asm/assemble.mjs";
import { registerTrainingKernels, type TrainingKernels } from "./index.js";
import { TRAINING_KERNELS_WASM_BASE64 } from "./kernels-wasm.generated.js";
import {
  type ConvGeometry,
  filterGradRef,
  inputGradRef,
  maxPoolGradRef,
  type Reference,
} from "./reference.js";

/** mulberry32: a small seeded generator for the random shapes and values. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
  const normals = (n: number) => Float32Array.from({ length: n }, () => (next() + next() + next() - 1.5) * 2);
  return { int, pick, normals };
}

type Pad = "same" | "valid" | number;
interface Case {
  name: string;
  geometry: ConvGeometry;
  pad: Pad;
  a: Float32Array;
  b: Float32Array;
}

const CHANNELS = [1, 2, 3, 4, 5, 8, 9, 12, 16, 17, 24, 32];

/** Random conv cases (strides 1/2, same/valid/explicit padding, channels 1..32, batch 1..8). */
function convCases(seed: number, count: number, kind: "filter" | "input", depthwise = false): Case[] {
  const r = rng(seed);
  const out: Case[] = [];
  while (out.length < count) {
    const B = r.int(1, 8);
    const H = r.int(3, 12);
    const W = r.int(3, 12);
    const CI = r.pick(CHANNELS);
    const M = depthwise ? r.int(1, 3) : 0;
    const CO = depthwise ? CI * M : r.pick(CHANNELS);
    const FH = r.pick([1, 2, 3, 5]);
    const FW = r.pick([1, 3, 5]);
    const s = r.pick([1, 2]);
    const sw = r.pick([1, s]);
    const pad: Pad = r.pick(["same", "valid", 1] as const);
    if (pad === "valid" && (FH > H || FW > W)) continue;
    if (B * H * W * FH * FW * CI * CO > 1.5e6) continue;
    const info = tf.backend_util.computeConv2DInfo(
      [B, H, W, CI],
      [FH, FW, CI, depthwise ? M : CO],
      [s, sw],
      1,
      pad,
      undefined,
      depthwise,
    );
    const geometry: ConvGeometry = {
      B,
      H,
      W,
      CI,
      CO,
      FH,
      FW,
      sh: s,
      sw,
      OH: info.outHeight,
      OW: info.outWidth,
      top: info.padInfo.top,
      left: info.padInfo.left,
      depthwise,
    };
    const ySize = B * info.outHeight * info.outWidth * CO;
    const a = kind === "filter" ? r.normals(B * H * W * CI) : r.normals(ySize);
    const b = kind === "filter" ? r.normals(ySize) : r.normals(FH * FW * CI * (depthwise ? M : CO));
    const name = `B${B} ${H}×${W}×${CI}→${CO}${depthwise ? ` (×${M})` : ""} f${FH}×${FW} s${s},${sw} pad ${pad}`;
    out.push({ name, geometry, pad, a, b });
  }
  return out;
}

function poolCases(seed: number, count: number): Case[] {
  const r = rng(seed);
  const out: Case[] = [];
  while (out.length < count) {
    const B = r.int(1, 8);
    const H = r.int(2, 14);
    const W = r.int(2, 14);
    const C = r.pick(CHANNELS);
    const F = r.pick([2, 3]);
    const s = r.pick([1, 2]);
    const pad: Pad = r.pick(["same", "valid"] as const);
    if (F > H || F > W) continue;
    const info = tf.backend_util.computePool2DInfo([B, H, W, C], [F, F], [s, s], 1, pad);
    const geometry: ConvGeometry = {
      B,
      H,
      W,
      CI: C,
      CO: C,
      FH: F,
      FW: F,
      sh: s,
      sw: s,
      OH: info.outHeight,
      OW: info.outWidth,
      top: info.padInfo.top,
      left: info.padInfo.left,
    };
    const x = r.normals(B * H * W * C);
    out.push({
      name: `B${B} ${H}×${W}×${C} f${F} s${s} pad ${pad}`,
      geometry,
      pad,
      a: x,
      b: r.normals(B * info.outHeight * info.outWidth * C),
    });
  }
  return out;
}

interface KernelUnderTest {
  kernel: string;
  cases: Case[];
  reference(c: Case): Reference;
  run(c: Case): Float32Array;
}

const g4 = (g: ConvGeometry, c: number) => [g.B, g.H, g.W, c] as [number, number, number, number];
const y4 = (g: ConvGeometry) => [g.B, g.OH, g.OW, g.CO] as [number, number, number, number];

function runKernel(name: string, inputs: Record<string, tf.Tensor>, attrs: object): Float32Array {
  const out = tf.engine().runKernel(name, inputs, attrs as never) as tf.Tensor;
  const values = out.dataSync() as Float32Array;
  tf.dispose([out, ...Object.values(inputs)]);
  return values;
}

const KERNELS: KernelUnderTest[] = [
  {
    kernel: "Conv2DBackpropFilter",
    cases: convCases(11, 14, "filter"),
    reference: (c) => filterGradRef(c.geometry, c.a, c.b),
    run: (c) => {
      const g = c.geometry;
      return runKernel(
        "Conv2DBackpropFilter",
        { x: tf.tensor4d(c.a, g4(g, g.CI)), dy: tf.tensor4d(c.b, y4(g)) },
        { strides: [g.sh, g.sw], pad: c.pad, dataFormat: "NHWC", filterShape: [g.FH, g.FW, g.CI, g.CO] },
      );
    },
  },
  {
    kernel: "Conv2DBackpropInput",
    cases: convCases(12, 14, "input"),
    reference: (c) => inputGradRef(c.geometry, c.a, c.b),
    run: (c) => {
      const g = c.geometry;
      return runKernel(
        "Conv2DBackpropInput",
        { dy: tf.tensor4d(c.a, y4(g)), filter: tf.tensor4d(c.b, [g.FH, g.FW, g.CI, g.CO]) },
        { strides: [g.sh, g.sw], pad: c.pad, dataFormat: "NHWC", inputShape: g4(g, g.CI) },
      );
    },
  },
  {
    kernel: "MaxPoolGrad",
    cases: poolCases(13, 16),
    reference: (c) => maxPoolGradRef(c.geometry, c.a, c.b),
    run: (c) => {
      const g = c.geometry;
      const x = tf.tensor4d(c.a, g4(g, g.CI));
      const y = tf.maxPool(x, [g.FH, g.FW], [g.sh, g.sw], c.pad as "same");
      return runKernel(
        "MaxPoolGrad",
        { dy: tf.tensor4d(c.b, y4(g)), input: x, output: y },
        { filterSize: [g.FH, g.FW], strides: [g.sh, g.sw], pad: c.pad },
      );
    },
  },
  {
    kernel: "DepthwiseConv2dNativeBackpropFilter",
    cases: convCases(14, 8, "filter", true),
    reference: (c) => filterGradRef(c.geometry, c.a, c.b),
    run: (c) => {
      const g = c.geometry;
      return runKernel(
        "DepthwiseConv2dNativeBackpropFilter",
        { x: tf.tensor4d(c.a, g4(g, g.CI)), dy: tf.tensor4d(c.b, y4(g)) },
        { strides: [g.sh, g.sw], dilations: 1, pad: c.pad, filterShape: [g.FH, g.FW, g.CI, g.CO / g.CI] },
      );
    },
  },
  {
    kernel: "DepthwiseConv2dNativeBackpropInput",
    cases: convCases(15, 8, "input", true),
    reference: (c) => inputGradRef(c.geometry, c.a, c.b),
    run: (c) => {
      const g = c.geometry;
      return runKernel(
        "DepthwiseConv2dNativeBackpropInput",
        { dy: tf.tensor4d(c.a, y4(g)), filter: tf.tensor4d(c.b, [g.FH, g.FW, g.CI, g.CO / g.CI]) },
        { strides: [g.sh, g.sw], dilations: 1, pad: c.pad, inputShape: g4(g, g.CI) },
      );
    },
  },
];

/** Float32 summation error bound, relative to Σ|terms| of each entry. */
const REL = 2e-5;

function worstExcess(got: Float32Array, ref: Reference, rel: number): { at: number; excess: number } {
  let worst = { at: -1, excess: 0 };
  for (let i = 0; i < got.length; i++) {
    const excess = Math.abs(got[i] - ref.value[i]) - (rel * ref.scale[i] + 1e-6);
    if (!(excess <= worst.excess)) worst = { at: i, excess };
  }
  return worst;
}

let handle: TrainingKernels;
beforeAll(async () => {
  await tf.setBackend("wasm");
  await tf.ready();
  handle = registerTrainingKernels(tf, tf.findBackend("wasm"));
});
afterAll(() => handle.unregister());

describe("the committed wasm bytes", () => {
  it("equal a fresh assembly of asm/conv-kernels.wat", async () => {
    const fresh: Uint8Array = await assembleKernel();
    expect(Buffer.from(TRAINING_KERNELS_WASM_BASE64, "base64").equals(Buffer.from(fresh))).toBe(true);
  });
});

for (const backend of ["cpu", "wasm"] as const) {
  describe(`conformance on ${backend}`, () => {
    beforeAll(async () => {
      await tf.setBackend(backend);
    });
    for (const k of KERNELS) {
      describe(k.kernel, () => {
        for (const c of k.cases) {
          it(c.name, () => {
            const ref = k.reference(c);
            const got = k.run(c);
            expect(got.length).toBe(ref.value.length);
            const worst = worstExcess(got, ref, REL);
            expect(worst.at, `entry ${worst.at}: ${got[worst.at]} vs ${ref.value[worst.at]}`).toBe(-1);
          });
        }
      });
    }
  });
}

/** Sum cases: leading axes (the SIMD path), other axes and odd widths (the replaced kernel), keepDims. */
function sumCases(seed: number, count: number) {
  const r = rng(seed);
  return Array.from({ length: count }, (_, i) => {
    const shape = [r.int(1, 8), r.int(1, 9), r.int(1, 9), r.pick(CHANNELS)];
    const axis = i % 3 === 2 ? [1, 2] : i % 3 === 1 ? [0] : [0, 1, 2];
    return { shape, axis, keepDims: i % 2 === 0, x: r.normals(shape.reduce((a, b) => a * b, 1)) };
  });
}

function sumRef(shape: number[], axis: number[], x: Float32Array): Reference {
  const strides = shape.map((_, k) => shape.slice(k + 1).reduce((a, b) => a * b, 1));
  const keptAxes = shape.map((_, k) => k).filter((k) => !axis.includes(k));
  const outSize = keptAxes.reduce((a, k) => a * shape[k], 1);
  const value = new Float64Array(outSize);
  const scale = new Float64Array(outSize);
  for (let i = 0; i < x.length; i++) {
    let o = 0;
    for (const k of keptAxes) o = o * shape[k] + (Math.floor(i / strides[k]) % shape[k]);
    value[o] += x[i];
    scale[o] += Math.abs(x[i]);
  }
  return { value, scale };
}

describe("Sum (bias gradients) on each backend and against cpu", () => {
  const cases = sumCases(16, 18);
  it(`${cases.length} random shapes and axes equal the float64 sum, on cpu and wasm, and wasm equals cpu`, async () => {
    for (const c of cases) {
      const results: Record<string, Float32Array> = {};
      for (const backend of ["cpu", "wasm"]) {
        await tf.setBackend(backend);
        const x = tf.tensor(c.x, c.shape);
        const out = tf.sum(x, c.axis, c.keepDims);
        const kept = c.shape.filter((_, k) => !c.axis.includes(k));
        expect(out.shape).toEqual(c.keepDims ? c.shape.map((d, k) => (c.axis.includes(k) ? 1 : d)) : kept);
        results[backend] = out.dataSync() as Float32Array;
        tf.dispose([x, out]);
        const worst = worstExcess(results[backend], sumRef(c.shape, c.axis, c.x), REL);
        expect(worst.at, `${backend} ${c.shape} axis ${c.axis}`).toBe(-1);
      }
      const ref = sumRef(c.shape, c.axis, c.x);
      const worst = worstExcess(
        results.wasm,
        { value: Float64Array.from(results.cpu), scale: ref.scale },
        2 * REL,
      );
      expect(worst.at).toBe(-1);
    }
  });
});

describe("Add (bias broadcast) on wasm equals cpu bit for bit", () => {
  it("bias vectors of widths 1..32 over random leading shapes, either operand order, and plain adds", async () => {
    const r = rng(17);
    for (let i = 0; i < 16; i++) {
      const C = r.pick(CHANNELS);
      const shape = [r.int(1, 6), r.int(1, 7), C];
      const x = r.normals(shape.reduce((p, q) => p * q, 1));
      const b = r.normals(C);
      const results: Record<string, Float32Array[]> = {};
      for (const backend of ["cpu", "wasm"]) {
        await tf.setBackend(backend);
        const [xt, bt] = [tf.tensor(x, shape), tf.tensor1d(b)];
        const outs = [tf.add(xt, bt), tf.add(bt, xt), tf.add(xt, xt)];
        results[backend] = outs.map((o) => o.dataSync() as Float32Array);
        for (const o of outs) expect(o.shape).toEqual(shape);
        tf.dispose([xt, bt, ...outs]);
      }
      for (const [k, w] of results.wasm.entries())
        expect(Buffer.from(w.buffer).equals(Buffer.from(results.cpu[k].buffer))).toBe(true);
      // and against the definition
      const first = results.wasm[0];
      for (let j = 0; j < first.length; j++) expect(first[j]).toBe(Math.fround(x[j] + b[j % C]));
    }
  });
});

describe("wasm kernels equal the cpu backend's kernels", () => {
  for (const k of KERNELS) {
    it(`${k.kernel} on ${k.cases.length} random shapes`, async () => {
      for (const c of k.cases) {
        await tf.setBackend("cpu");
        const cpu = k.run(c);
        await tf.setBackend("wasm");
        const wasm = k.run(c);
        const ref = k.reference(c);
        const between: Reference = { value: Float64Array.from(cpu), scale: ref.scale };
        const worst = worstExcess(wasm, between, 2 * REL);
        expect(worst.at, `${c.name}, entry ${worst.at}: wasm ${wasm[worst.at]} vs cpu ${cpu[worst.at]}`).toBe(
          -1,
        );
      }
    });
  }
});

describe("registration", () => {
  it("adds the missing kernels, replaces the slow ones, and unregister restores the registry", async () => {
    await tf.setBackend("wasm");
    expect(handle.registered).toContain("Conv2DBackpropFilter");
    expect(handle.replaced).toEqual(["Conv2DBackpropInput", "MaxPoolGrad", "Identity", "Sum", "Add"]);
    const mine = tf.getKernel("Conv2DBackpropInput", "wasm");
    const again = registerTrainingKernels(tf, undefined, { kernels: ["Conv2DBackpropInput"] });
    again.unregister();
    expect(tf.getKernel("Conv2DBackpropInput", "wasm")).toBe(mine);
  });

  it("Identity shares the data: a clone keeps its values after the source is disposed", async () => {
    await tf.setBackend("wasm");
    const x = tf.tensor2d([1.5, -2, 3, 4], [2, 2]);
    const y = tf.clone(x);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1.5, -2, 3, 4]);
    expect(y.shape).toEqual([2, 2]);
    y.dispose();
  });

  it("names bad arguments", () => {
    expect(() => registerTrainingKernels({} as typeof tf)).toThrow(/tf:/);
    expect(() => registerTrainingKernels(tf, {})).toThrow(/wasmBackend/);
    expect(() => registerTrainingKernels(tf, undefined, { kernels: ["Nope" as "MaxPoolGrad"] })).toThrow(
      /kernels: unknown kernel "Nope"/,
    );
  });

  it("names an unsupported data format", async () => {
    await tf.setBackend("wasm");
    const x = tf.zeros([1, 4, 4, 1]);
    const dy = tf.zeros([1, 4, 4, 1]);
    expect(() =>
      tf.engine().runKernel("Conv2DBackpropFilter", { x, dy }, {
        strides: 1,
        pad: "same",
        dataFormat: "NCHW",
        filterShape: [1, 1, 1, 1],
      } as never),
    ).toThrow(/attrs.dataFormat must be "NHWC"/);
    tf.dispose([x, dy]);
  });
});
