// FitNets hints: L = CE(y, z_S) + β · Σ_pairs ½·reduce((u_h − r(v_g))²), u_h the teacher's hint layer, v_g the
// student's guided layer (pair k = student feature k ↔ teacher feature k), r a trainable regressor per pair:
// for maps of the same H×W a 3×3 convolution (stride 1, same padding, bias); for a larger student map a valid
// convolution of kernel (H_s − H_t + 1)×(W_s − W_t + 1) (the FitNets construction); for vectors a dense layer.
// The regressor is linear (no activation): our choice. β = 100; reduction "mean" (element mean, as the common
// MSE implementation) or "batchmean" (½‖·‖² summed per sample, averaged over the batch, the paper's literal form).
import {
  crossEntropy,
  defineLoss,
  type Scalar,
  stopGradient,
  type Tensor,
  type Tf,
  type Variable,
} from "@pupil/plugin";
import { reduce } from "./factor.js";
import { applyConv, type Conv, conv, convVariables } from "./layers.js";
import { readParams } from "./params.js";

/** The params this loss reads, with defaults and bounds (hosts draw controls from them). */
export const fitnetsParamRules = {
  beta: { default: 100, min: 0 },
  reduction: { default: "mean", choices: ["mean", "batchmean"] },
} as const;

export function fitnetsParams(params?: Readonly<Record<string, unknown>>) {
  return readParams("fitnets", params, fitnetsParamRules);
}

type Regressor =
  | { readonly kind: "conv"; readonly layer: Conv }
  | { readonly kind: "dense"; readonly weight: Variable; readonly bias: Variable };

function regressor(
  tf: Tf,
  k: number,
  student: readonly number[],
  teacher: readonly number[],
  seed: number,
): Regressor {
  const field = `studentFeatureShapes[${k}]`;
  if (student.length === 1 && teacher.length === 1) {
    const limit = Math.sqrt(6 / (student[0] + teacher[0]));
    return {
      kind: "dense",
      weight: tf.tidy(() =>
        tf.variable(tf.randomUniform([student[0], teacher[0]], -limit, limit, "float32", seed)),
      ),
      bias: tf.tidy(() => tf.variable(tf.zeros([teacher[0]]))),
    };
  }
  if (student.length !== 3 || teacher.length !== 3)
    throw new Error(
      `${field}: student [${student}] and teacher [${teacher}] must both be [H, W, C] or both [units]`,
    );
  const [hs, ws, cs] = student;
  const [ht, wt, ct] = teacher;
  if (hs < ht || ws < wt)
    throw new Error(`${field}: the student map ${hs}×${ws} is smaller than the teacher's hint ${ht}×${wt}`);
  if (hs === ht && ws === wt) return { kind: "conv", layer: conv(tf, cs, ct, seed) };
  return {
    kind: "conv",
    layer: conv(tf, cs, ct, seed, { kernel: [hs - ht + 1, ws - wt + 1], padding: "valid" }),
  };
}

function regress(tf: Tf, r: Regressor, x: Tensor): Tensor {
  if (r.kind === "conv") return applyConv(tf, r.layer, x);
  return tf.add(tf.matMul(x as Parameters<Tf["matMul"]>[0], r.weight as unknown as Tensor), r.bias);
}

export const fitnets = defineLoss({
  id: "fitnets",
  title: "FitNets hints",
  doc: "CE + β·Σ ½·reduce((u_h − r(v_g))²) with a trainable regressor r per pair. Params: beta (100), reduction.",
  create: ({ tf, params: raw, studentFeatureShapes, teacherFeatureShapes, seed }) => {
    const { beta, reduction } = fitnetsParams(raw);
    if (studentFeatureShapes.length !== teacherFeatureShapes.length || studentFeatureShapes.length === 0)
      throw new Error(
        `studentFeatureShapes: fitnets pairs student and teacher features one to one, got ${studentFeatureShapes.length} and ${teacherFeatureShapes.length}`,
      );
    const regressors = studentFeatureShapes.map((s, k) =>
      regressor(tf, k, s, teacherFeatureShapes[k], seed * 1000 + 10 * k + 1),
    );
    const trainableVariables = regressors.flatMap((r) =>
      r.kind === "conv" ? convVariables([r.layer]) : [r.weight, r.bias],
    );
    return {
      trainableVariables,
      loss: ({ studentLogits, labels, studentFeatures, teacherFeatures }) =>
        tf.tidy(() => {
          const ce = crossEntropy(tf, studentLogits, labels);
          if (beta === 0) return ce;
          const terms = regressors.map((r, k) => {
            const diff = tf.sub(regress(tf, r, studentFeatures[k]), stopGradient(tf, teacherFeatures[k]));
            return tf.mul(reduce(tf, tf.square(diff), reduction as "mean" | "batchmean"), 0.5);
          });
          return tf.add(ce, tf.mul(tf.addN(terms), beta)) as Scalar;
        }),
      dispose: () => {
        for (const v of trainableVariables) v.dispose();
      },
    };
  },
});
