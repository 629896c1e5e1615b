import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { kd, kdParams } from "./kd.js";
import { crossEntropy64 } from "./test-support/naive.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function kdValue(params: Record<string, unknown>, zs: number[][], zt: number[][], labels: number[]): number {
  const classes = zs[0].length;
  const instance = kd.create({
    tf: tf as never,
    studentFeatureShapes: [],
    teacherFeatureShapes: [],
    numClasses: classes,
    params,
    seed: 1,
  });
  const inputs = {
    studentLogits: tf.tensor2d(zs),
    teacherLogits: tf.tensor2d(zt),
    studentFeatures: [],
    teacherFeatures: [],
    labels: tf.oneHot(labels, classes).toFloat(),
  };
  const loss = instance.loss(inputs);
  const value = loss.dataSync()[0];
  loss.dispose();
  tf.dispose([inputs.studentLogits, inputs.teacherLogits, inputs.labels]);
  return value;
}

describe("kd", () => {
  it("matches a value worked by hand", () => {
    // z_s = [0, 0], z_t = [ln 3, 0], y = 0, T = 1: p = [3/4, 1/4], q = [1/2, 1/2],
    // KL = ¾ ln(3/2) + ¼ ln(1/2) = 0.130812035…, CE = ln 2 = 0.693147181…,
    // L = 0.1·CE + 0.9·1²·KL = 0.0693147181 + 0.1177308315 = 0.1870455496.
    const value = kdValue({ temperature: 1 }, [[0, 0]], [[Math.log(3), 0]], [0]);
    expect(value).toBeCloseTo(0.1870455496, 6);
  });
  it("matches an independent float64 formula on small logits at T = 4", () => {
    const zs = [
      [1, 2, 0.5],
      [0, -1, 1],
      [0.3, 0.2, -0.4],
    ];
    const zt = [
      [2, 0, 1],
      [1, 1, -1],
      [-0.5, 2.5, 0],
    ];
    const labels = [1, 2, 0];
    const T = 4;
    const softmax = (z: number[]) => {
      const e = z.map((v) => Math.exp(v / T));
      const s = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / s);
    };
    let kl = 0;
    zs.forEach((z, b) => {
      const [p, q] = [softmax(zt[b]), softmax(z)];
      kl += p.reduce((s, pk, k) => s + pk * Math.log(pk / q[k]), 0);
    });
    kl /= zs.length;
    const expected = 0.1 * crossEntropy64(zs, labels) + 0.9 * T * T * kl;
    expect(Math.abs(kdValue({}, zs, zt, labels) - expected)).toBeLessThan(1e-6 * expected + 1e-7);
  });
  it("makes the α/γ convention explicit: alpha-on-ce swaps which term α weighs", () => {
    const zs = [[0.5, -0.2, 1.1]];
    const zt = [[1.5, 0.1, -0.3]];
    const a = kdValue({ alpha: 0.3, gamma: 0.7, convention: "alpha-on-ce" }, zs, zt, [2]);
    const b = kdValue({ alpha: 0.7, gamma: 0.3 }, zs, zt, [2]);
    expect(a).toBe(b);
    expect(kdParams({ convention: "alpha-on-ce", alpha: 0.3, gamma: 0.7 })).toMatchObject({
      ceWeight: 0.3,
      klWeight: 0.7,
    });
    expect(kdParams()).toEqual({
      temperature: 4,
      alpha: 0.9,
      gamma: 0.1,
      convention: "alpha-on-kl",
      ceWeight: 0.1,
      klWeight: 0.9,
    });
  });
  it("refuses bad params, naming the field", () => {
    expect(() => kdParams({ temperature: 0 })).toThrow(/^params\.temperature: must be > 0/);
    expect(() => kdParams({ convention: "alpha" })).toThrow(
      /^params\.convention: expected one of alpha-on-kl, alpha-on-ce/,
    );
    expect(() => kdParams({ T: 4 })).toThrow(/^params\.T: kd has no such param/);
  });
});
