// The modules' layers against float64 loops: a 3×3 convolution with padding 1 and its transposed twin.
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { applyConv, conv } from "./layers.js";
import { conv2d, conv2dTranspose } from "./test-support/naive.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

describe("conv layers", () => {
  const x = tf.randomNormal([2, 5, 4, 3], 0, 1, "float32", 1);
  it("conv: stride 1, padding 1, bias", () => {
    const layer = conv(tf as never, 3, 4, 9);
    layer.bias.assign(tf.tensor([0.1, -0.2, 0.3, 0]));
    const y = applyConv(tf as never, layer, x);
    const ref = conv2d(
      x.dataSync(),
      x.shape,
      layer.kernel.dataSync(),
      layer.kernel.shape,
      layer.bias.dataSync(),
      1,
    );
    expect(y.shape).toEqual(ref.shape);
    expect(maxDiff(y.dataSync(), ref.data)).toBeLessThan(1e-5); // float32 sums of 27 products of O(1) terms
  });
  it("transposed conv: stride 1, padding 1, bias (the adjoint of the padded conv)", () => {
    const layer = conv(tf as never, 3, 4, 10, { transposed: true });
    layer.bias.assign(tf.tensor([0.5, 0, -0.1, 0.2]));
    const y = applyConv(tf as never, layer, x);
    const ref = conv2dTranspose(
      x.dataSync(),
      x.shape,
      layer.kernel.dataSync(),
      layer.kernel.shape,
      layer.bias.dataSync(),
    );
    expect(y.shape).toEqual(ref.shape);
    expect(maxDiff(y.dataSync(), ref.data)).toBeLessThan(1e-5);
  });
  it("valid conv with a larger kernel (FitNets' regressor for a larger student map)", () => {
    const layer = conv(tf as never, 3, 2, 11, { kernel: [3, 2], padding: "valid" });
    const y = applyConv(tf as never, layer, x);
    const ref = conv2d(x.dataSync(), x.shape, layer.kernel.dataSync(), layer.kernel.shape, [0, 0], 0);
    expect(y.shape).toEqual([2, 3, 3, 2]);
    expect(maxDiff(y.dataSync(), ref.data)).toBeLessThan(1e-5);
  });
});
