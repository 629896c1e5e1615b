// Typed identity helpers: an author writes the fields that matter, the definer fills `kind` and `apiVersion`
// so the registry can check the plugin was written against this contract.
import {
  type ActivationPlugin,
  type DistillationLossPlugin,
  type MetricPlugin,
  PLUGIN_API_VERSION,
  type PluginKind,
  type TeacherPlugin,
} from "./types.js";

/** A plugin as its author writes it: `kind` and `apiVersion` may be left out. */
export type PluginDefinition<P extends { kind: PluginKind; apiVersion: number }> = Omit<
  P,
  "kind" | "apiVersion"
> & {
  readonly kind?: P["kind"];
  readonly apiVersion?: number;
};

function define<K extends PluginKind, P>(kind: K, definition: object): P {
  const given = (definition as { kind?: unknown }).kind;
  if (given !== undefined && given !== kind) {
    throw new Error(`define: "kind" is ${JSON.stringify(given)} but this definer makes "${kind}" plugins`);
  }
  const apiVersion = (definition as { apiVersion?: number }).apiVersion ?? PLUGIN_API_VERSION;
  return { ...definition, kind, apiVersion } as P;
}

/** An activation g: f, df, its tfjs op and optional closed-form Gaussian integrals. */
export function defineActivation(definition: PluginDefinition<ActivationPlugin>): ActivationPlugin {
  return define("activation", definition);
}

/** A teacher generator: weights from a shape, parameters and an RNG. */
export function defineTeacher(definition: PluginDefinition<TeacherPlugin>): TeacherPlugin {
  return define("teacher", definition);
}

/** A distillation loss: creates a scalar loss (plus its own trainables) on the host's tf. */
export function defineLoss(definition: PluginDefinition<DistillationLossPlugin>): DistillationLossPlugin {
  return define("loss", definition);
}

/** A metric: maps a Snapshot (and weights when it asks) to a number, vector or matrix. */
export function defineMetric(definition: PluginDefinition<MetricPlugin>): MetricPlugin {
  return define("metric", definition);
}
