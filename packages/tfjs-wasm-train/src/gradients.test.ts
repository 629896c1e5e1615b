// Whole-gradient check: a small net that goes through every layer type a conv net for images commonly uses
// (conv2d with stride and padding, fused conv2d with bias, depthwise conv, max and average pooling, ReLU,
// ReLU6, leaky ReLU, ELU, sigmoid, global mean, dense, softmax cross-entropy). On plain tfjs-backend-wasm its
// gradient fails; with the training kernels registered it equals the cpu backend's, variable by variable.
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerTrainingKernels, type TrainingKernels } from "./index.js";

const shapes: Record<string, number[]> = {
  w1: [3, 3, 1, 8],
  b1: [8],
  dw: [3, 3, 8, 2],
  w2: [3, 3, 16, 12],
  b2: [12],
  w3: [1, 1, 12, 8],
  dense: [8, 5],
};

function values(seed: number, n: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648 - 0.5) * 0.6;
  });
}

/** The gradient of the zoo net's loss w.r.t. every weight on `backend`, as flat arrays by name. */
async function zooGradients(backend: string): Promise<Record<string, Float32Array>> {
  await tf.setBackend(backend);
  const vars = Object.fromEntries(
    Object.entries(shapes).map(([name, shape], i) => [
      name,
      tf.variable(
        tf.tensor(
          values(
            i + 1,
            shape.reduce((a, b) => a * b, 1),
          ),
          shape,
        ),
      ),
    ]),
  ) as Record<string, tf.Variable>;
  const x = tf.tensor4d(values(99, 4 * 12 * 12), [4, 12, 12, 1]);
  const labels = tf.oneHot(tf.tensor1d([0, 3, 1, 4], "int32"), 5);
  const { grads } = tf.variableGrads(() => {
    let h = tf.relu(tf.add(tf.conv2d(x, vars.w1 as tf.Tensor4D, 1, "same"), vars.b1)) as tf.Tensor4D;
    h = tf.leakyRelu(tf.depthwiseConv2d(h, vars.dw as tf.Tensor4D, 1, "same"), 0.1);
    h = tf.maxPool(h, 2, 2, "valid");
    h = tf.relu6(
      tf.fused.conv2d({ x: h, filter: vars.w2 as tf.Tensor4D, bias: vars.b2, strides: 2, pad: "same" }),
    );
    h = tf.elu(tf.avgPool(h, 2, 1, "same"));
    h = tf.sigmoid(tf.conv2d(h, vars.w3 as tf.Tensor4D, 1, "valid"));
    const logits = tf.matMul(tf.mean(h, [1, 2]) as tf.Tensor2D, vars.dense as tf.Tensor2D);
    return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
  }, Object.values(vars));
  const out = Object.fromEntries(
    Object.entries(vars).map(([name, v]) => [name, grads[v.name].dataSync() as Float32Array]),
  );
  tf.dispose([x, labels, ...Object.values(grads), ...Object.values(vars)]);
  return out;
}

let handle: TrainingKernels | undefined;
beforeAll(async () => {
  await tf.setBackend("wasm");
  await tf.ready();
});
afterAll(() => handle?.unregister());

describe("a zoo conv net's gradient on wasm", () => {
  it("fails on plain tfjs-backend-wasm (no Conv2DBackpropFilter)", async () => {
    await expect(zooGradients("wasm")).rejects.toThrow(/Conv2DBackpropFilter/);
  });

  it("with the training kernels equals the cpu backend's, weight by weight", async () => {
    const cpu = await zooGradients("cpu");
    await tf.setBackend("wasm");
    handle = registerTrainingKernels(tf, tf.findBackend("wasm"));
    const wasm = await zooGradients("wasm");
    for (const name of Object.keys(shapes)) {
      let scale = 0;
      for (const v of cpu[name]) scale = Math.max(scale, Math.abs(v));
      expect(scale, name).toBeGreaterThan(0);
      for (let i = 0; i < cpu[name].length; i++)
        expect(Math.abs(wasm[name][i] - cpu[name][i]), `${name}[${i}]`).toBeLessThanOrEqual(
          1e-4 * scale + 1e-7,
        );
    }
  });
});
