// @pupil/plugin: the contract every plugin implements, the registry hosts compose, and Gaussian integrals
// resolved from an activation (closed forms where given, quadrature otherwise).

export {
  defineActivation,
  defineLoss,
  defineMetric,
  defineTeacher,
  type PluginDefinition,
} from "./define.js";
export {
  DEFAULT_INTEGRAL_ORDER,
  INTEGRAL_NAMES,
  type IntegralName,
  type ResolvedIntegrals,
  type ResolveIntegralsOptions,
  resolveIntegrals,
} from "./integrals.js";
export { crossEntropy, stopGradient } from "./losses.js";
export { createRegistry, type Registry } from "./registry.js";
export type * from "./snapshot.js";
export * from "./types.js";
export { PLUGIN_KINDS, pluginProblems } from "./validate.js";
