// TfNet: layer taps by name read the same activations as the Float64Array route.
import { relu, tanh } from "@pupil/plugin-activations";
import { createRng } from "@pupil/tensors";
import { beforeAll, describe, expect, it } from "vitest";
import { gaussianInputs, layerActivations } from "../data.js";
import { initParams, mlpSpec } from "../spec.js";
import { TfNet } from "./net.js";
import { tf, tfReady } from "./test-tf.js";

beforeAll(async () => {
  await tfReady();
});

describe("TfNet", () => {
  it("taps return each named layer's activations, equal to the Float64Array route's", () => {
    const spec = mlpSpec({ inputDim: 3, widths: [5, 4], outputs: 2, activation: [relu, tanh] });
    const params = initParams(spec, createRng(1));
    const x = gaussianInputs(createRng(2), 7, 3);
    const net = new TfNet(tf, spec, params);
    const got = tf.tidy(() => {
      const r = net.forward(tf.tensor2d(Float32Array.from(x), [7, 3]), ["hidden0", "hidden1:pre", "output"]);
      return Object.fromEntries(Object.entries(r.taps).map(([k, v]) => [k, Array.from(v.dataSync())]));
    });
    expect(Object.keys(got).sort()).toEqual(["hidden0", "hidden1:pre", "output"]);
    const h0 = layerActivations(spec, params, x, 0);
    const out = layerActivations(spec, params, x, 2);
    for (const [k, v] of h0.entries()) expect(got.hidden0[k]).toBeCloseTo(v, 5);
    for (const [k, v] of out.entries()) expect(got.output[k]).toBeCloseTo(v, 5);
    // pre-activation of hidden1 through atanh of the post-activation
    const h1 = layerActivations(spec, params, x, 1);
    for (const [k, v] of h1.entries()) expect(Math.tanh(got["hidden1:pre"][k])).toBeCloseTo(v, 5);
    expect(() => tf.tidy(() => net.forward(tf.zeros([1, 3]), ["nope"]).output)).toThrow(
      /taps: unknown layer "nope"/,
    );
    net.dispose();
  });

  it("readParams round-trips the weights (float32 precision)", () => {
    const spec = mlpSpec({ inputDim: 2, widths: [3], outputs: 1, activation: relu, bias: false });
    const params = initParams(spec, createRng(3));
    const net = new TfNet(tf, spec, params);
    const back = net.readParams();
    expect(back[0].kind).toBe("dense");
    const a = (params[0] as { W: Float64Array }).W;
    const b = (back[0] as { W: Float64Array }).W;
    for (const [k, v] of a.entries()) expect(b[k]).toBeCloseTo(v, 6);
    net.dispose();
  });
});
