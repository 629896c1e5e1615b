// A distillation weight of 0 is plain training, bit for bit: a small student trained for a few SGD steps with
// each loss at its plain params ends with exactly the weights plain cross-entropy training gives.
import { crossEntropy, type DistillationLossPlugin, type LossInstance } from "@pupil/plugin";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { attentionTransfer } from "./attention.js";
import { factorTransfer } from "./factor-transfer.js";
import { fitnets } from "./fitnets.js";
import { kd } from "./kd.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const T = tf as never;

/** Student: x [8, 12] → dense → ReLU map [8, 4, 4, 2] → global mean → dense → logits [8, 5]. */
function train(loss: LossInstance | undefined): Float32Array[] {
  const W1 = tf.variable(tf.randomNormal([12, 32], 0, 0.3, "float32", 1));
  const W2 = tf.variable(tf.randomNormal([2, 5], 0, 0.3, "float32", 2));
  const x = tf.randomNormal([8, 12], 0, 1, "float32", 3);
  const teacherMap = tf.relu(tf.randomNormal([8, 4, 4, 3], 0, 1, "float32", 4));
  const teacherLogits = tf.randomNormal([8, 5], 0, 1, "float32", 5);
  const labels = tf.oneHot([0, 1, 2, 3, 4, 0, 1, 2], 5).toFloat();
  const optimizer = tf.train.sgd(0.1);
  const vars = [W1, W2, ...(loss?.trainableVariables ?? [])];
  for (let step = 0; step < 5; step++) {
    optimizer.minimize(
      () => {
        const map = tf.reshape(tf.relu(tf.matMul(x, W1)), [8, 4, 4, 2]);
        const logits = tf.matMul(tf.mean(map, [1, 2]) as tf.Tensor2D, W2);
        if (!loss) return crossEntropy(T, logits, labels);
        return loss.loss({
          studentLogits: logits,
          teacherLogits,
          studentFeatures: [map],
          teacherFeatures: [teacherMap],
          labels,
        });
      },
      false,
      vars,
    );
  }
  const out = [W1, W2].map((w) => Float32Array.from(w.dataSync()));
  tf.dispose([W1, W2, x, teacherMap, teacherLogits, labels]);
  optimizer.dispose();
  return out;
}

const cases: [DistillationLossPlugin, Record<string, unknown>][] = [
  [kd, { alpha: 0, gamma: 1 }],
  [fitnets, { beta: 0 }],
  [attentionTransfer, { beta: 0 }],
  [factorTransfer, { beta: 0 }],
  [factorTransfer, { mode: "spatial", beta: 0 }],
];

describe("plain params in a training run", () => {
  const plain = train(undefined);
  it.each(cases.map(([p, params]) => [`${p.id} ${JSON.stringify(params)}`, p, params] as const))(
    "%s trains the student to the same bits as plain cross-entropy",
    (_name, plugin, params) => {
      const loss = plugin.create({
        tf: T,
        studentFeatureShapes: [[4, 4, 2]],
        teacherFeatureShapes: [[4, 4, 3]],
        numClasses: 5,
        params,
        seed: 9,
      });
      const trained = train(loss);
      loss.dispose();
      for (let k = 0; k < 2; k++)
        expect(new Uint32Array(trained[k].buffer)).toEqual(new Uint32Array(plain[k].buffer));
    },
  );
  it("and a non-zero weight does change them (the comparison can fail)", () => {
    const loss = factorTransfer.create({
      tf: T,
      studentFeatureShapes: [[4, 4, 2]],
      teacherFeatureShapes: [[4, 4, 3]],
      numClasses: 5,
      params: { beta: 1 },
      seed: 9,
    });
    const trained = train(loss);
    loss.dispose();
    expect(new Uint32Array(trained[0].buffer)).not.toEqual(new Uint32Array(plain[0].buffer));
  });
});
