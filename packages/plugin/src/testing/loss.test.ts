import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { defineLoss } from "../define.js";
import { crossEntropy, stopGradient } from "../losses.js";
import type { DistillationLossPlugin, LossCreateArgs, LossInputs, Tensor, Tf } from "../types.js";
import { rescaleFeaturesPerSample, teacherProportionalToStudent } from "./loss-properties.js";
import { checkPlugin } from "./plan.js";
import type { LossCheckOptions } from "./types.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const failing = async (plugin: DistillationLossPlugin, loss: LossCheckOptions = {}) =>
  (await checkPlugin(plugin, { tf, seed: 2, loss }))
    .filter((r) => !r.ok)
    .map((r) => r.name.replace(/^[^:]*: /, ""));

interface Variant {
  leak?: boolean;
  keepOnDispose?: boolean;
  unusedVariable?: boolean;
  ignoreStudent?: boolean;
  ignoreSeed?: boolean;
  /** Lets the gradient reach the teacher (no stopGradient). */
  teacherGradient?: boolean;
  /** Doubles the gradient of the KL term with respect to the student's logits (a wrong backward pass). */
  wrongGradient?: boolean;
}
let unseeded = 100;

/** KD (softened KL, T = 4) plus a 1×1-conv translator from student to teacher channels (factor-transfer style). */
function kdWithTranslator(variant: Variant = {}): DistillationLossPlugin {
  return defineLoss({
    id: "test/kd-translator",
    create: ({ tf: t, studentFeatureShapes, teacherFeatureShapes, seed, params }: LossCreateArgs) => {
      const cs = studentFeatureShapes[0].at(-1)!;
      const ct = teacherFeatureShapes[0].at(-1)!;
      const init = variant.ignoreSeed ? unseeded++ : seed;
      // tf.variable copies its initial value: make it inside tidy so the initial tensor is released.
      const W = t.tidy(() => t.variable(t.randomNormal([cs, ct], 0, 0.3, "float32", init)));
      const extra = variant.unusedVariable ? t.tidy(() => t.variable(t.zeros([2]))) : undefined;
      const vars = extra ? [W, extra] : [W];
      const T = 4;
      const weight = Number(params.weight ?? 1);
      const sg = (x: Tensor) => (variant.teacherGradient ? x : stopGradient(t as Tf, x));
      const doubled = t.customGrad(((x: Tensor) => ({
        value: t.clone(x),
        gradFunc: (dy: Tensor) => t.mul(dy, 2),
      })) as Parameters<Tf["customGrad"]>[0]);
      return {
        trainableVariables: vars,
        loss: ({ studentLogits, teacherLogits, studentFeatures, teacherFeatures, labels }: LossInputs) =>
          t.tidy(() => {
            if (variant.leak) t.keep(t.zeros([1]));
            const ce = crossEntropy(t as Tf, studentLogits, labels);
            if (weight === 0) return ce;
            const p = t.softmax(t.div(sg(teacherLogits), T));
            if (variant.ignoreStudent)
              return t.add(t.mean(t.square(W)), t.mean(t.square(teacherLogits))) as tf.Scalar;
            const z = variant.wrongGradient ? (doubled(studentLogits) as Tensor) : studentLogits;
            const logQ = t.logSoftmax(t.div(z, T));
            const kl = t.mul(t.mean(t.sum(t.mul(p, t.sub(t.log(p), logQ)), -1)), T * T);
            const translated = t.matMul(t.reshape(studentFeatures[0], [-1, cs]), W);
            const target: Tensor = t.reshape(sg(teacherFeatures[0]), [-1, ct]);
            const term = t.add(kl, t.mean(t.square(t.sub(translated, target))));
            return t.add(ce, t.mul(term, weight)) as tf.Scalar;
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
  "no tensor leaks: tf.memory().numTensors flat over 20 calls of loss and gradients",
  "dispose() releases the loss's variables and tensors",
  "the same seed gives the same loss",
  "no gradient reaches the teacher's logits or features",
  "no gradient reaches the frozen variables; frozen and trainable are disjoint",
  "every gradient (and every pre-stage's) agrees with central finite differences",
  "with its plain params the loss is crossEntropy bit for bit (value and gradient)",
  "its state (trainable then frozen variables) restores into a fresh instance",
  "pre-stages: a finite loss of the teacher features whose gradient reaches the stage's variables, frozen later",
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
    const results = await checkPlugin(kdWithTranslator(), {
      tf,
      seed: 2,
      loss: { plainParams: { weight: 0 } },
    });
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
          t.tidy(
            () =>
              t.losses.softmaxCrossEntropy(
                t.softmax(stopGradient(t as Tf, teacherLogits)),
                studentLogits,
              ) as tf.Scalar,
          ),
        dispose: () => {},
      }),
    });
    expect(await failing(kd)).toEqual([]);
  });
  it("fails a loss that keeps a tensor per call", async () => {
    expect(await failing(kdWithTranslator({ leak: true }))).toEqual([
      "no tensor leaks: tf.memory().numTensors flat over 20 calls of loss and gradients",
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
    expect(await failing(kdWithTranslator({ ignoreStudent: true, teacherGradient: true }))).toEqual([
      "the gradient reaches the student's logits or features",
      "no gradient reaches the teacher's logits or features",
    ]);
  });
  it("fails a loss whose initialisation ignores the seed", async () => {
    expect(await failing(kdWithTranslator({ ignoreSeed: true }))).toEqual([
      "the same seed gives the same loss",
    ]);
  });
  it("fails a loss that lets the gradient reach the teacher", async () => {
    expect(await failing(kdWithTranslator({ teacherGradient: true }))).toEqual([
      "no gradient reaches the teacher's logits or features",
    ]);
  });
  it("fails a wrong backward pass (KL gradient doubled) against finite differences", async () => {
    expect(await failing(kdWithTranslator({ wrongGradient: true }))).toEqual([
      "every gradient (and every pre-stage's) agrees with central finite differences",
    ]);
  });
  it("fails plain params that do not give the plain cross-entropy bit for bit", async () => {
    // A weight of 1e-30 changes the value by less than an ulp but not the gradient... or does: either way ≠.
    expect(await failing(kdWithTranslator(), { plainParams: { weight: 1e-3 } })).toEqual([
      "with its plain params the loss is crossEntropy bit for bit (value and gradient)",
    ]);
  });
  it("fails a frozen variable the gradient reaches, and state it cannot restore", async () => {
    const leakyFrozen = defineLoss({
      id: "test/leaky-frozen",
      create: ({ tf: t, seed }) => {
        const frozen = t.tidy(() => t.variable(t.randomNormal([2], 0, 1, "float32", seed)));
        const hidden = t.randomNormal([2], 0, 1, "float32", seed + 1); // state outside the variables
        return {
          trainableVariables: [],
          frozenVariables: [frozen],
          loss: ({ studentLogits }) =>
            t.tidy(() => t.add(t.mean(studentLogits), t.sum(t.mul(frozen, hidden))) as tf.Scalar),
          dispose: () => {
            frozen.dispose();
            hidden.dispose();
          },
        };
      },
    });
    expect(await failing(leakyFrozen)).toEqual([
      "no gradient reaches the frozen variables; frozen and trainable are disjoint",
      "its state (trainable then frozen variables) restores into a fresh instance",
    ]);
  });
  it("checks pre-stages: their variables get gradients and are frozen in the student stage", async () => {
    const withStage = (frozenAfter: boolean) =>
      defineLoss({
        id: "test/pre-stage",
        create: ({ tf: t, seed }) => {
          const P = t.tidy(() => t.variable(t.randomNormal([8, 8], 0, 0.3, "float32", seed)));
          const code = (f: Tensor) => t.matMul(t.reshape(f, [-1, 8]), P);
          return {
            trainableVariables: [],
            frozenVariables: frozenAfter ? [P] : [],
            preStages: [
              {
                name: "autoencoder",
                trainableVariables: [P],
                loss: ([f]) =>
                  t.tidy(() =>
                    t.mean(t.abs(t.sub(t.matMul(code(f), P, false, true), t.reshape(f, [-1, 8])))),
                  ),
              },
            ],
            loss: ({ studentLogits, teacherFeatures, labels }) =>
              t.tidy(() =>
                t.add(
                  crossEntropy(t as Tf, studentLogits, labels),
                  t.mean(stopGradient(t as Tf, code(teacherFeatures[0]))),
                ),
              ) as tf.Scalar,
            dispose: () => P.dispose(),
          };
        },
      });
    expect(await failing(withStage(true))).toEqual([]);
    expect(await failing(withStage(false))).toEqual([
      "pre-stages: a finite loss of the teacher features whose gradient reaches the stage's variables, frozen later",
    ]);
  });
  it("checks declared invariances and zeros, and fails them when they do not hold", async () => {
    // Cosine distance of the flattened features: scale-free, 0 when proportional.
    const cosine = defineLoss({
      id: "test/cosine",
      create: ({ tf: t }) => ({
        trainableVariables: [],
        loss: ({ studentFeatures, teacherFeatures }) =>
          t.tidy(() => {
            const s = t.reshape(studentFeatures[0], [studentFeatures[0].shape[0], -1]);
            const u = t.reshape(stopGradient(t as Tf, teacherFeatures[0]), [s.shape[0], -1]);
            const cos = t.div(t.sum(t.mul(s, u), 1), t.mul(t.norm(s, 2, 1), t.norm(u, 2, 1)));
            return t.mean(t.sub(1, cos)) as tf.Scalar;
          }),
        dispose: () => {},
      }),
    });
    const shapes = { studentFeatureShapes: [[2, 2, 3]], teacherFeatureShapes: [[2, 2, 3]] };
    const declared = {
      ...shapes,
      invariances: [rescaleFeaturesPerSample("both")],
      zeros: [teacherProportionalToStudent(3)],
    };
    expect(await failing(cosine, declared)).toEqual([]);
    expect(
      await failing(kdWithTranslator(), {
        ...declared,
        studentFeatureShapes: [[4, 4, 8]],
        teacherFeatureShapes: [[4, 4, 8]],
      }),
    ).toEqual([
      "the loss is unchanged under a positive rescaling of each sample's student and teacher features",
      "the loss is 0 under teacher features = 3 · student features",
    ]);
  });
  it("fails every tf-dependent check, clearly, without options.tf", async () => {
    const results = await checkPlugin(kdWithTranslator());
    expect(results.filter((r) => !r.ok)).toHaveLength(ALL.length);
    expect(results[1].message).toMatch(/needs options\.tf/);
  });
});
