// Factor transfer (Kim, Park, Kwak 2018) as a loss plugin:
//   L = CE(y, z_S) + β · reduce(|FT(translator(F_S)) − FT(paraphraser.encode(F_T))|^p)
// at the last feature maps (transfer point 0). The paraphraser is trained first (the pre-stage) and then frozen;
// the translator (conv3×3 m_s→m_s, m_s→m', m'→m', LeakyReLU(0.1)) trains with the student.
import {
  crossEntropy,
  defineLoss,
  type LossCreateArgs,
  type Scalar,
  stopGradient,
  type Tf,
} from "@pupil/plugin";
import type { FactorKind, Reduction } from "./factor.js";
import { factorDistance } from "./factor.js";
import { conv, convVariables, leakyStack } from "./layers.js";
import { mapShape, readParams } from "./params.js";
import { createParaphraser, PARAPHRASER_DEFAULTS } from "./paraphraser.js";

/** Named modes: the paper's (default) and two other codebases' variants, offered, never defaults. */
export const FACTOR_TRANSFER_MODES = {
  /** Whole C·H·W factor, L1 reconstruction, β = 500, p = 1. */
  paper: { factor: "vector", reconstruction: "l1", beta: 500 },
  /** The factor reduced to the spatial map mean_c(F²) first, β = 200. */
  spatial: { factor: "spatial", reconstruction: "l1", beta: 200 },
  /** Paraphraser trained with MSE reconstruction; the factor term weighted 1000. */
  "mse-reconstruction": { factor: "vector", reconstruction: "mse", beta: 1000 },
} as const;

/** The params this loss reads, with defaults and bounds (hosts draw controls from them). */
export const factorTransferParamRules = {
  mode: { default: "paper", choices: Object.keys(FACTOR_TRANSFER_MODES) },
  beta: { default: 500, min: 0 },
  p: { default: 1, choices: [1, 2] },
  reduction: { default: "mean", choices: ["mean", "batchmean", "sum"] },
  rate: { default: 0.5, above: 0, max: 4 },
  factor: { default: "vector", choices: ["vector", "spatial"] },
  reconstruction: { default: "l1", choices: ["l1", "mse"] },
  paraphraserEpochs: { default: PARAPHRASER_DEFAULTS.epochs, min: 0, integer: true },
  paraphraserLearningRate: { default: PARAPHRASER_DEFAULTS.learningRate, above: 0 },
} as const;

/** Every param resolved (a mode's values under the explicit ones): what a run records. */
export function factorTransferParams(params?: Readonly<Record<string, unknown>>) {
  return readParams("factor-transfer", params, factorTransferParamRules, (given) => {
    const mode = typeof given.mode === "string" ? given.mode : "paper";
    return Object.hasOwn(FACTOR_TRANSFER_MODES, mode)
      ? FACTOR_TRANSFER_MODES[mode as keyof typeof FACTOR_TRANSFER_MODES]
      : {};
  });
}

export const factorTransfer = defineLoss({
  id: "factor-transfer",
  title: "Factor transfer (paraphraser + translator)",
  doc:
    "CE + β·reduce(|FT(translator(F_S)) − FT(paraphraser(F_T))|^p), FT(x) = vec(x)/‖vec(x)‖₂ per sample. " +
    "Params: mode (paper | spatial | mse-reconstruction), beta (500), p (1 | 2), reduction (mean | batchmean | sum), " +
    "rate k (0.5), factor, reconstruction, paraphraserEpochs, paraphraserLearningRate.",
  create: (args: LossCreateArgs) => {
    const { tf, seed } = args;
    const params = factorTransferParams(args.params);
    const [hs, ws, ms] = mapShape("studentFeatureShapes[0]", args.studentFeatureShapes[0]);
    const [ht, wt, mt] = mapShape("teacherFeatureShapes[0]", args.teacherFeatureShapes[0]);
    if (hs !== ht || ws !== wt)
      throw new Error(
        `studentFeatureShapes[0]: factor transfer needs the same spatial size, student ${hs}×${ws} vs teacher ${ht}×${wt}`,
      );
    const paraphraser = createParaphraser(tf, {
      channels: mt,
      rate: params.rate,
      reconstruction: params.reconstruction as "l1" | "mse",
      seed: seed * 1000 + 100,
    });
    const mp = paraphraser.factorChannels;
    const translator = [
      conv(tf, ms, ms, seed * 1000 + 1),
      conv(tf, ms, mp, seed * 1000 + 2),
      conv(tf, mp, mp, seed * 1000 + 3),
    ];
    const trainableVariables = convVariables(translator);
    const distance = {
      p: params.p as 1 | 2,
      reduction: params.reduction as Reduction,
      factor: params.factor as FactorKind,
    };
    return {
      trainableVariables,
      frozenVariables: [...paraphraser.variables],
      preStages: [
        {
          name: "paraphraser",
          trainableVariables: [...paraphraser.variables],
          loss: (teacherFeatures) => paraphraser.reconstructionLoss(teacherFeatures[0]),
          defaults: { epochs: params.paraphraserEpochs, learningRate: params.paraphraserLearningRate },
        },
      ],
      loss: ({ studentLogits, labels, studentFeatures, teacherFeatures }) =>
        tf.tidy(() => {
          const ce = crossEntropy(tf, studentLogits, labels);
          if (params.beta === 0) return ce;
          // The teacher factor is a constant for the student stage: no gradient to the paraphraser or teacher.
          const teacherFactor = stopGradient(tf as Tf, paraphraser.encode(teacherFeatures[0]));
          const studentFactor = leakyStack(tf, translator, studentFeatures[0]);
          const term = factorDistance(tf, studentFactor, teacherFactor, distance);
          return tf.add(ce, tf.mul(term, params.beta)) as Scalar;
        }),
      dispose: () => {
        for (const v of trainableVariables) v.dispose();
        paraphraser.dispose();
      },
    };
  },
});
