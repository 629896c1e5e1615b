import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { defineLoss } from "../define.js";
import type { DistillationLossPlugin, LossCreateArgs, LossInputs, Tensor } from "../types.js";
import { checkPlugin } from "./plan.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const failing = async (plugin: DistillationLossPlugin) =>
  (await checkPlugin(plugin, { tf, seed: 2 }))
    .filter((r) => !r.ok)
    .map((r) => r.name.replace(/^[^:]*: /, ""));

interface Variant {
  leak?: boolean;
  keepOnDispose?: boolean;
  unusedVariable?: boolean;
  ignoreStudent?: boolean;
  ignoreSeed?: boolean;
}
let unseeded = 100;

/** KD (softened KL, T = 4) plus a 1×1-conv translator from student to teacher channels (factor-transfer style). */
function kdWithTranslator(variant: Variant = {}): DistillationLossPlugin {
  return defineLoss({
    id: "test/kd-translator",
    create: ({ tf: t, studentFeatureShapes, teacherFeatureShapes, seed }: LossCreateArgs) => {
      const cs = studentFeatureShapes[0].at(-1)!;
      const ct = teacherFeatureShapes[0].at(-1)!;
      const init = variant.ignoreSeed ? unseeded++ : seed;
      // tf.variable copies its initial value: make it inside tidy so the initial tensor is released.
      const W = t.tidy(() => t.variable(t.randomNormal([cs, ct], 0, 0.3, "float32", init)));
      const extra = variant.unusedVariable ? t.tidy(() => t.variable(t.zeros([2]))) : undefined;
      const vars = extra ? [W, extra] : [W];
      const T = 4;
      return {
        trainableVariables: vars,
        loss: ({ studentLogits, teacherLogits, studentFeatures, teacherFeatures }: LossInputs) =>
          t.tidy(() => {
            if (variant.leak) t.keep(t.zeros([1]));
            const p = t.softmax(t.div(teacherLogits, T));
            if (variant.ignoreStudent)
              return t.add(t.mean(t.square(W)), t.mean(t.square(teacherLogits))) as tf.Scalar;
            const logQ = t.logSoftmax(t.div(studentLogits, T));
            const kl = t.mul(t.mean(t.sum(t.mul(p, t.sub(t.log(p), logQ)), -1)), T * T);
            const translated = t.matMul(t.reshape(studentFeatures[0], [-1, cs]), W);
            const target: Tensor = t.reshape(teacherFeatures[0], [-1, ct]);
            return t.add(kl, t.mean(t.square(t.sub(translated, target)))) as tf.Scalar;
          }),
        dispose: () => {
          if (!variant.keepOnDispose) for (const v of vars) v.dispose();
        },
      };
    },
  });
}

const ALL = [
  "loss is a finite scalar",
  "gradients reach every trainable variable of the loss (finite, not all zero)",
  "the gradient reaches the student's logits or features",
  "no tensor leaks per call inside tf.tidy",
  "dispose() releases the loss's variables and tensors",
  "the same seed gives the same loss",
];

describe("checkPlugin on distillation losses", () => {
  it("fails a loss that leaves its variable's initial tensor behind", async () => {
    const sloppy = defineLoss({
      id: "test/sloppy-init",
      create: ({ tf: t }) => {
        const W = t.variable(t.ones([2]));
        return {
          trainableVariables: [W],
          loss: ({ studentLogits }) => t.tidy(() => t.add(t.sum(W), t.mean(studentLogits)) as tf.Scalar),
          dispose: () => W.dispose(),
        };
      },
    });
    expect(await failing(sloppy)).toEqual(["dispose() releases the loss's variables and tensors"]);
  });
  it("passes a correct KD + translator loss, leaving no tensor behind", async () => {
    const before = tf.memory().numTensors;
    const results = await checkPlugin(kdWithTranslator(), { tf, seed: 2 });
    expect(results.map((r) => r.name.replace(/^[^:]*: /, ""))).toEqual([
      "follows the plugin contract (kind, id, apiVersion, required functions)",
      ...ALL,
    ]);
    for (const r of results) expect(r.ok, `${r.name}: ${r.message}`).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });
  it("passes plain KD: no trainables, features unused", async () => {
    const kd = defineLoss({
      id: "test/kd",
      create: ({ tf: t }) => ({
        trainableVariables: [],
        loss: ({ studentLogits, teacherLogits }) =>
          t.tidy(() => t.losses.softmaxCrossEntropy(t.softmax(teacherLogits), studentLogits) as tf.Scalar),
        dispose: () => {},
      }),
    });
    expect(await failing(kd)).toEqual([]);
  });
  it("fails a loss that keeps a tensor per call", async () => {
    expect(await failing(kdWithTranslator({ leak: true }))).toEqual([
      "no tensor leaks per call inside tf.tidy",
      "dispose() releases the loss's variables and tensors",
    ]);
  });
  it("fails a dispose() that keeps its variables", async () => {
    expect(await failing(kdWithTranslator({ keepOnDispose: true }))).toEqual([
      "dispose() releases the loss's variables and tensors",
    ]);
  });
  it("fails a trainable variable the loss never uses", async () => {
    expect(await failing(kdWithTranslator({ unusedVariable: true }))).toEqual([
      "gradients reach every trainable variable of the loss (finite, not all zero)",
    ]);
  });
  it("fails a loss that ignores the student", async () => {
    expect(await failing(kdWithTranslator({ ignoreStudent: true }))).toEqual([
      "the gradient reaches the student's logits or features",
    ]);
  });
  it("fails a loss whose initialisation ignores the seed", async () => {
    expect(await failing(kdWithTranslator({ ignoreSeed: true }))).toEqual([
      "the same seed gives the same loss",
    ]);
  });
  it("fails every tf-dependent check, clearly, without options.tf", async () => {
    const results = await checkPlugin(kdWithTranslator());
    expect(results.filter((r) => !r.ok)).toHaveLength(ALL.length);
    expect(results[1].message).toMatch(/needs options\.tf/);
  });
});
