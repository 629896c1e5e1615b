// Attention transfer and FitNets against float64 loops.
import { crossEntropy, type LossInputs } from "@pupil/plugin";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { attentionTransfer } from "./attention.js";
import { fitnets } from "./fitnets.js";
import { at, conv2d, normalizeRows } from "./test-support/naive.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const T = tf as never;

function inputs(fs: tf.Tensor[], ft: tf.Tensor[]): LossInputs {
  return {
    studentLogits: tf.tensor2d([
      [0.2, -1, 0.5],
      [1, 0, 0],
    ]),
    teacherLogits: tf.zeros([2, 3]),
    studentFeatures: fs,
    teacherFeatures: ft,
    labels: tf.oneHot([2, 1], 3).toFloat(),
  };
}

/** (loss − CE)/β: the distillation term as the plugin computes it. */
function term(instance: { loss(x: LossInputs): tf.Scalar }, x: LossInputs, beta: number): number {
  const [l, ce] = [instance.loss(x), crossEntropy(T, x.studentLogits, x.labels)];
  const value = (l.dataSync()[0] - ce.dataSync()[0]) / beta;
  tf.dispose([l, ce]);
  return value;
}

/** Q̂ per sample of a [b, h, w, c] map pooled by `f`×`f` averages. */
function attention64(x: Float32Array, shape: number[], f: number): Float64Array {
  const [b, h, w, c] = shape;
  const [ph, pw] = [h / f, w / f];
  const q = new Float64Array(b * ph * pw);
  for (let n = 0; n < b; n++)
    for (let i = 0; i < ph; i++)
      for (let j = 0; j < pw; j++)
        for (let k = 0; k < c; k++) {
          let mean = 0;
          for (let u = 0; u < f; u++)
            for (let v = 0; v < f; v++) mean += x[at(shape, n, i * f + u, j * f + v, k)];
          q[(n * ph + i) * pw + j] += (mean / (f * f)) ** 2;
        }
  return normalizeRows(q, b);
}

describe("attention transfer", () => {
  it("equals β·Σ_pairs mean((Q̂_s − Q̂_t)²), the larger map average-pooled to the smaller", () => {
    const shapes = {
      student: [
        [4, 4, 3],
        [2, 2, 5],
      ],
      teacher: [
        [2, 2, 6],
        [2, 2, 4],
      ],
    };
    const loss = attentionTransfer.create({
      tf: T,
      studentFeatureShapes: shapes.student,
      teacherFeatureShapes: shapes.teacher,
      numClasses: 3,
      params: { beta: 10 },
      seed: 1,
    });
    const fs = shapes.student.map((s, k) => tf.randomNormal([2, ...s], 0, 1, "float32", 30 + k));
    const ft = shapes.teacher.map((s, k) => tf.randomNormal([2, ...s], 0, 1, "float32", 40 + k));
    let expected = 0;
    for (let k = 0; k < 2; k++) {
      const qs = attention64(fs[k].dataSync() as Float32Array, fs[k].shape, (fs[k].shape[1] as number) / 2);
      const qt = attention64(ft[k].dataSync() as Float32Array, ft[k].shape, 1);
      let sum = 0;
      for (let i = 0; i < qs.length; i++) sum += (qs[i] - qt[i]) ** 2;
      expected += sum / qs.length;
    }
    const x = inputs(fs, ft);
    expect(Math.abs(term(loss, x, 10) - expected)).toBeLessThan(1e-5 * expected + 1e-7);
    tf.dispose([...fs, ...ft, x.studentLogits, x.teacherLogits, x.labels]);
  });
  it("refuses maps that do not pool by integer factors, naming the field", () => {
    expect(() =>
      attentionTransfer.create({
        tf: T,
        studentFeatureShapes: [[6, 6, 2]],
        teacherFeatureShapes: [[4, 4, 2]],
        numClasses: 3,
        params: {},
        seed: 1,
      }),
    ).toThrow(/^studentFeatureShapes\[0\]: 6×6 and 4×4 do not pool/);
  });
});

describe("fitnets", () => {
  it("equals β·½·mean((u_h − r(v_g))²) with a valid-conv regressor for a larger student map", () => {
    const loss = fitnets.create({
      tf: T,
      studentFeatureShapes: [[5, 4, 3]],
      teacherFeatureShapes: [[3, 3, 2]],
      numClasses: 3,
      params: {},
      seed: 2,
    });
    const [kernel, bias] = loss.trainableVariables;
    expect(kernel.shape).toEqual([3, 2, 3, 2]); // (5−3+1)×(4−3+1), 3 → 2 channels
    bias.assign(tf.tensor([0.3, -0.1]));
    const fs = tf.randomNormal([2, 5, 4, 3], 0, 1, "float32", 50);
    const ft = tf.randomNormal([2, 3, 3, 2], 0, 1, "float32", 51);
    const r = conv2d(fs.dataSync(), fs.shape, kernel.dataSync(), kernel.shape, bias.dataSync(), 0);
    const u = ft.dataSync();
    let sum = 0;
    for (let i = 0; i < u.length; i++) sum += (u[i] - r.data[i]) ** 2;
    const expected = (0.5 * sum) / u.length;
    const x = inputs([fs], [ft]);
    expect(Math.abs(term(loss, x, 100) - expected)).toBeLessThan(1e-4 * expected);
    tf.dispose([fs, ft, x.studentLogits, x.teacherLogits, x.labels]);
    loss.dispose();
  });
  it("uses a dense regressor for vector features and the batchmean reduction when asked", () => {
    const loss = fitnets.create({
      tf: T,
      studentFeatureShapes: [[4]],
      teacherFeatureShapes: [[3]],
      numClasses: 3,
      params: { reduction: "batchmean", beta: 2 },
      seed: 2,
    });
    const [w, b] = loss.trainableVariables;
    const fs = tf.tensor2d([
      [1, 0, -1, 2],
      [0.5, 0.5, 0, -1],
    ]);
    const ft = tf.tensor2d([
      [0, 1, 0],
      [2, 0, -1],
    ]);
    const [W, v, s, t] = [w.dataSync(), b.dataSync(), fs.dataSync(), ft.dataSync()];
    let sum = 0;
    for (let n = 0; n < 2; n++)
      for (let o = 0; o < 3; o++) {
        let r = v[o];
        for (let i = 0; i < 4; i++) r += s[n * 4 + i] * W[i * 3 + o];
        sum += (t[n * 3 + o] - r) ** 2;
      }
    const x = inputs([fs], [ft]);
    expect(Math.abs(term(loss, x, 2) - (0.5 * sum) / 2)).toBeLessThan(1e-5 * sum);
    tf.dispose([fs, ft, x.studentLogits, x.teacherLogits, x.labels]);
    loss.dispose();
  });
  it("refuses a student map smaller than the hint, naming the field", () => {
    expect(() =>
      fitnets.create({
        tf: T,
        studentFeatureShapes: [[2, 2, 3]],
        teacherFeatureShapes: [[4, 4, 3]],
        numClasses: 3,
        params: {},
        seed: 1,
      }),
    ).toThrow(/^studentFeatureShapes\[0\]: the student map 2×2 is smaller than the teacher's hint 4×4/);
    expect(() =>
      fitnets.create({
        tf: T,
        studentFeatureShapes: [[4]],
        teacherFeatureShapes: [[4]],
        numClasses: 3,
        params: { beta: -1 },
        seed: 1,
      }),
    ).toThrow(/^params\.beta: must be ≥ 0/);
  });
});
