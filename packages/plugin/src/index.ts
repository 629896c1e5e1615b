// @pupil/plugin: the contract every plugin implements, the registry hosts compose, the recipe a run's
// plugins are described by, and Gaussian integrals resolved from an activation (closed forms where given,
// quadrature otherwise).

export {
  defineActivation,
  defineLoss,
  defineMetric,
  defineTeacher,
  type PluginDefinition,
} from "./define.js";
export { ConfigError, type ConfigIssue, formatIssue, formatValue } from "./errors.js";
export {
  DEFAULT_INTEGRAL_ORDER,
  INTEGRAL_NAMES,
  type IntegralName,
  type ResolvedIntegrals,
  type ResolveIntegralsOptions,
  resolveIntegrals,
} from "./integrals.js";
export { collectLookup, lookupPlugin, type PluginRef, refId, refParams } from "./lookup.js";
export { crossEntropy, stopGradient } from "./losses.js";
export { isPluginRecipe, type PackLoader, type PluginRecipe, resolveRecipe } from "./recipe.js";
export { createRegistry, type FrozenRegistry, type PluginLookup, type Registry } from "./registry.js";
export type * from "./snapshot.js";
export * from "./types.js";
export { PLUGIN_KINDS, pluginProblems } from "./validate.js";
