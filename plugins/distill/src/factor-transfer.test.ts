import type { LossInputs } from "@pupil/plugin";
import { crossEntropy } from "@pupil/plugin";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { factorTransfer, factorTransferParams } from "./factor-transfer.js";
import { createParaphraser, trainParaphraser } from "./paraphraser.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const T = tf as never;
const create = (params: Record<string, unknown> = {}, student = [4, 4, 6], teacher = [4, 4, 6]) =>
  factorTransfer.create({
    tf: T,
    studentFeatureShapes: [student],
    teacherFeatureShapes: [teacher],
    numClasses: 5,
    params,
    seed: 3,
  });

function inputs(fs: tf.Tensor, ft: tf.Tensor): LossInputs {
  return {
    studentLogits: tf.tensor2d([
      [0.2, -1, 0.5, 0, 1],
      [1, 0, 0, -0.5, 0.3],
    ]),
    teacherLogits: tf.zeros([2, 5]),
    studentFeatures: [fs],
    teacherFeatures: [ft],
    labels: tf.oneHot([4, 1], 5).toFloat(),
  };
}

describe("factor transfer", () => {
  it("gives the plain CE when F_S = c·F_T and the translator equals the paraphraser's encoder", () => {
    // At initialisation the biases are 0, so encoder and translator are positively homogeneous:
    // FT(translator(c·x)) = FT(encoder(x)). c = 4 scales every float without rounding: bit for bit.
    const loss = create();
    const encoder = loss.frozenVariables!.slice(0, 6);
    loss.trainableVariables.forEach((v, i) => {
      v.assign(encoder[i]);
    });
    const ft = tf.randomNormal([2, 4, 4, 6], 0, 1, "float32", 11);
    for (const [c, tol] of [
      [4, 0],
      [3, 1e-4], // β = 500 times an element mean of float32 rounding differences (~1e-8 each)
    ]) {
      const fs = tf.mul(ft, c);
      const x = inputs(fs, ft);
      const [l, ce] = [loss.loss(x), crossEntropy(T, x.studentLogits, x.labels)];
      expect(Math.abs(l.dataSync()[0] - ce.dataSync()[0]), `c = ${c}`).toBeLessThanOrEqual(tol);
      tf.dispose([fs, l, ce, x.studentLogits, x.teacherLogits, x.labels]);
    }
    ft.dispose();
    loss.dispose();
  });
  it("sends no gradient to the paraphraser or the teacher even when a host differentiates every variable", () => {
    const loss = create({}, [4, 4, 6], [4, 4, 8]);
    const fs = tf.randomNormal([2, 4, 4, 6], 0, 1, "float32", 12);
    const ft = tf.variable(tf.randomNormal([2, 4, 4, 8], 0, 1, "float32", 13)); // the teacher's map, as a variable
    const x = inputs(fs, ft);
    // No varList: tfjs differentiates every trainable variable it knows, paraphraser and "teacher" included.
    const { value, grads } = tf.variableGrads(() => loss.loss(x));
    const norm = (v: tf.Variable) => (grads[v.name] ? tf.norm(grads[v.name]).dataSync()[0] : 0);
    for (const v of loss.frozenVariables!) expect(norm(v)).toBe(0);
    expect(norm(ft)).toBe(0);
    expect(loss.trainableVariables.some((v) => norm(v) > 0)).toBe(true);
    tf.dispose([value, ...Object.values(grads), fs, ft, x.studentLogits, x.teacherLogits, x.labels]);
    loss.dispose();
  });
  it("trains the paraphraser in its pre-stage (L1 reconstruction falls), touching nothing else, leaking nothing", async () => {
    const loss = create({}, [4, 4, 6], [4, 4, 8]);
    const stage = loss.preStages![0];
    expect(stage.name).toBe("paraphraser");
    const maps = [0, 1].map((k) => tf.relu(tf.randomNormal([4, 4, 4, 8], 0, 1, "float32", 20 + k)));
    const translatorBefore = loss.trainableVariables.map((v) => v.dataSync().slice());
    const before = tf.memory().numTensors;
    const paraphraser = createParaphraser(T, { channels: 8, seed: 5 });
    const history = await trainParaphraser(T, paraphraser, () => maps, { epochs: 15, learningRate: 1e-2 });
    expect(history).toHaveLength(15);
    // Random ReLU maps through a 4-of-8-channel bottleneck: not fully compressible, but the loss must fall.
    expect(history[14]).toBeLessThan(0.8 * history[0]);
    paraphraser.dispose();
    expect(tf.memory().numTensors).toBe(before);
    // The same stage through the contract: the host's own loop over stage.loss.
    const opt = tf.train.adam(1e-2);
    const first = tf.tidy(() => stage.loss([maps[0]])).dataSync()[0];
    for (let e = 0; e < 5; e++)
      for (const m of maps) opt.minimize(() => stage.loss([m]), false, [...stage.trainableVariables]);
    const last = tf.tidy(() => stage.loss([maps[0]])).dataSync()[0];
    opt.dispose();
    expect(last).toBeLessThan(first);
    loss.trainableVariables.forEach((v, i) => {
      expect(v.dataSync()).toEqual(translatorBefore[i]);
    });
    tf.dispose(maps);
    loss.dispose();
  });
  it("builds the paper's modules: m' = round(m·k), 3×3 kernels, no batch norm", () => {
    const loss = create({ rate: 0.3 }, [4, 4, 6], [4, 4, 10]);
    const shapes = (vs: readonly tf.Variable[]) => vs.map((v) => v.shape.join("×"));
    // Encoder m→m, m→m', m'→m'; decoder (transposed, filters [3,3,out,in]) m'→m', m'→m, m→m. m' = 3.
    expect(shapes(loss.frozenVariables!)).toEqual([
      "3×3×10×10",
      "10",
      "3×3×10×3",
      "3",
      "3×3×3×3",
      "3",
      "3×3×3×3",
      "3",
      "3×3×10×3",
      "10",
      "3×3×10×10",
      "10",
    ]);
    // Translator m_s→m_s, m_s→m', m'→m'.
    expect(shapes(loss.trainableVariables)).toEqual(["3×3×6×6", "6", "3×3×6×3", "3", "3×3×3×3", "3"]);
    loss.dispose();
  });
  it("names the mode's values and refuses bad params or shapes, naming the field", () => {
    expect(factorTransferParams()).toMatchObject({
      mode: "paper",
      beta: 500,
      p: 1,
      reduction: "mean",
      rate: 0.5,
      factor: "vector",
      reconstruction: "l1",
    });
    expect(factorTransferParams({ mode: "spatial" })).toMatchObject({ beta: 200, factor: "spatial" });
    expect(factorTransferParams({ mode: "mse-reconstruction" })).toMatchObject({
      beta: 1000,
      reconstruction: "mse",
    });
    expect(factorTransferParams({ mode: "spatial", beta: 50 })).toMatchObject({
      beta: 50,
      factor: "spatial",
    });
    expect(() => factorTransferParams({ p: 3 })).toThrow(/^params\.p: expected one of 1, 2/);
    expect(() => factorTransferParams({ reduction: "max" })).toThrow(/^params\.reduction:/);
    expect(() => factorTransferParams({ mode: "rkd" })).toThrow(/^params\.mode:/);
    expect(() => create({}, [4, 4, 6], [2, 2, 6])).toThrow(
      /^studentFeatureShapes\[0\]: factor transfer needs the same spatial size/,
    );
    expect(() => create({}, [16], [16])).toThrow(/^studentFeatureShapes\[0\]: expected a feature map shape/);
  });
});
