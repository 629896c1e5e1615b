// @pupil/plugin-distill: distillation losses as loss plugins (KD, FitNets, attention transfer, factor transfer).
import type { PluginPack } from "@pupil/plugin";
import { version } from "../package.json";
import { attentionTransfer } from "./attention.js";
import { factorTransfer } from "./factor-transfer.js";
import { fitnets } from "./fitnets.js";
import { kd } from "./kd.js";
import { presets } from "./presets.js";

export { attentionMap, attentionParams, attentionTransfer, poolTo } from "./attention.js";
export {
  type FactorDistanceOptions,
  type FactorKind,
  factorDistance,
  factorOf,
  NORM_FLOOR,
  type Reduction,
} from "./factor.js";
export { FACTOR_TRANSFER_MODES, factorTransfer, factorTransferParams } from "./factor-transfer.js";
export { fitnets, fitnetsParams } from "./fitnets.js";
export { kd, kdParams, softenedKl } from "./kd.js";
export {
  createParaphraser,
  PARAPHRASER_DEFAULTS,
  type Paraphraser,
  type ParaphraserOptions,
  type TrainParaphraserOptions,
  trainParaphraser,
} from "./paraphraser.js";
export { presets } from "./presets.js";

const pack: PluginPack = {
  meta: { name: "@pupil/plugin-distill", version },
  plugins: [kd, fitnets, attentionTransfer, factorTransfer],
  presets,
};
export default pack;
