// @pupil/plugin-distill: distillation losses as loss plugins (KD, FitNets, attention transfer, factor transfer).
import type { PluginPack } from "@pupil/plugin";
import { version } from "../package.json";
import { attentionParamRules, attentionTransfer } from "./attention.js";
import { factorTransfer, factorTransferParamRules } from "./factor-transfer.js";
import { fitnets, fitnetsParamRules } from "./fitnets.js";
import { kd, kdParamRules } from "./kd.js";
import type { Rules } from "./params.js";
import { presets } from "./presets.js";

export {
  attentionMap,
  attentionParamRules,
  attentionParams,
  attentionTransfer,
  poolTo,
} from "./attention.js";
export {
  type FactorDistanceOptions,
  type FactorKind,
  factorDistance,
  factorOf,
  NORM_FLOOR,
  type Reduction,
} from "./factor.js";
export {
  FACTOR_TRANSFER_MODES,
  factorTransfer,
  factorTransferParamRules,
  factorTransferParams,
} from "./factor-transfer.js";
export { fitnets, fitnetsParamRules, fitnetsParams } from "./fitnets.js";
export { kd, kdParamRules, kdParams, softenedKl } from "./kd.js";
export type { ChoiceRule, NumberRule, ParamValue, Rules } from "./params.js";
export {
  createParaphraser,
  PARAPHRASER_DEFAULTS,
  type Paraphraser,
  type ParaphraserOptions,
  type TrainParaphraserOptions,
  trainParaphraser,
} from "./paraphraser.js";
export { presets } from "./presets.js";

/**
 * Each loss's params by plugin id: default, bounds (min, max, above = exclusive min, integer) or choices. What
 * a host draws a loss's controls from; the loss itself checks a config's params against the same rules.
 */
export const lossParamRules: Readonly<Record<string, Rules>> = {
  [kd.id]: kdParamRules,
  [fitnets.id]: fitnetsParamRules,
  [attentionTransfer.id]: attentionParamRules,
  [factorTransfer.id]: factorTransferParamRules,
};

const pack: PluginPack = {
  meta: { name: "@pupil/plugin-distill", version },
  plugins: [kd, fitnets, attentionTransfer, factorTransfer],
  presets,
};
export default pack;
