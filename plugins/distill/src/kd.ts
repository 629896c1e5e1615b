// Hinton knowledge distillation: L = w_CE·CE(y, z_s) + w_KL·T²·KL(softmax(z_t/T) ‖ softmax(z_s/T)), KL summed
// over classes and averaged over the batch. Convention "alpha-on-kl" (the default): w_KL = α, w_CE = γ;
// "alpha-on-ce" (as some codebases write it): w_CE = α, w_KL = γ. Defaults T = 4, α = 0.9, γ = 0.1.
import { crossEntropy, defineLoss, type Scalar, stopGradient, type Tensor, type Tf } from "@pupil/plugin";
import { readParams } from "./params.js";

/** The params this loss reads, with defaults and bounds (hosts draw controls from them). */
export const kdParamRules = {
  temperature: { default: 4, above: 0 },
  alpha: { default: 0.9, min: 0 },
  gamma: { default: 0.1, min: 0 },
  convention: { default: "alpha-on-kl", choices: ["alpha-on-kl", "alpha-on-ce"] },
} as const;

export function kdParams(params?: Readonly<Record<string, unknown>>) {
  const p = readParams("kd", params, kdParamRules);
  const onKl = p.convention === "alpha-on-kl";
  return { ...p, ceWeight: onKl ? p.gamma : p.alpha, klWeight: onKl ? p.alpha : p.gamma };
}

/** T²·KL(softmax(z_t/T) ‖ softmax(z_s/T)), KL summed over classes, mean over the batch; z_t gets no gradient. */
export function softenedKl(
  tf: Tf,
  studentLogits: Tensor,
  teacherLogits: Tensor,
  temperature: number,
): Scalar {
  return tf.tidy(() => {
    const logP = tf.logSoftmax(tf.div(stopGradient(tf, teacherLogits), temperature));
    const logQ = tf.logSoftmax(tf.div(studentLogits, temperature));
    const kl = tf.mean(tf.sum(tf.mul(tf.exp(logP), tf.sub(logP, logQ)), -1));
    return tf.mul(kl, temperature * temperature) as Scalar;
  });
}

export const kd = defineLoss({
  id: "kd",
  title: "Knowledge distillation (Hinton)",
  doc:
    "w_CE·CE + w_KL·T²·KL(p_t ‖ p_s). Params: temperature (4), alpha (0.9), gamma (0.1), convention " +
    "(alpha-on-kl: w_KL = alpha, w_CE = gamma; alpha-on-ce: w_CE = alpha, w_KL = gamma).",
  create: ({ tf, params: raw }) => {
    const { ceWeight, klWeight, temperature } = kdParams(raw);
    return {
      trainableVariables: [],
      loss: ({ studentLogits, teacherLogits, labels }) =>
        tf.tidy(() => {
          // A zero weight drops its term (so α = 0, γ = 1 is the plain cross-entropy, bit for bit).
          const ce = ceWeight === 0 ? undefined : crossEntropy(tf, studentLogits, labels);
          const weightedCe = ce && ceWeight !== 1 ? tf.mul(ce, ceWeight) : ce;
          if (klWeight === 0) return (weightedCe ?? tf.scalar(0)) as Scalar;
          const kl = tf.mul(softenedKl(tf, studentLogits, teacherLogits, temperature), klWeight);
          return (weightedCe ? tf.add(weightedCe, kl) : kl) as Scalar;
        }),
      dispose: () => {},
    };
  },
});
