import type { PluginPack } from "@pupil/plugin";
import { version } from "../package.json";
import { activeNodes, evalMse, specializationMetrics, spectralImportance } from "./plugins.js";

export { accuracy, LastAndBest, meanSquaredError } from "./evaluation.js";
export {
  bestMatch,
  lShape,
  PEARSON_EPSILON,
  PearsonAccumulator,
  SPECIALIZATION_THRESHOLDS,
  specializationCounts,
} from "./pearson.js";
export {
  activeNodes,
  evalMse,
  firstLayerCorrelation,
  type SpecializationOptions,
  specializationMetrics,
  spectralImportance,
} from "./plugins.js";
export {
  ACTIVE_NODE_THRESHOLD,
  activeNodeCount,
  nodeImportance,
  normalizedImportance,
  rowImportance,
} from "./spectral.js";

const pack: PluginPack = {
  meta: { name: "@pupil/plugin-metrics", version },
  plugins: [...specializationMetrics(), spectralImportance, activeNodes, evalMse],
};
export default pack;
