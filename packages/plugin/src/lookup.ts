// One way from a config's plugin reference to a plugin value, for every host and every run kind: the id
// must be registered, and params are checked against the plugin's declared ParamSpec (unknown keys and
// out-of-range values are refused, naming the field) before an activation is configured with them. A
// plugin without a ParamSpec: an activation takes no params; a teacher/metric/loss checks its own.
import { ConfigError, type ConfigIssue } from "./errors.js";
import type { PluginLookup } from "./registry.js";
import type { ParamSpec, PluginKind, PluginOfKind } from "./types.js";

/** A plugin named in a config: its id ("erf"), or { id, params } ({ "id": "leaky-relu", "params": { "slope": 0.1 } }). */
export type PluginRef = string | { readonly id: string; readonly params?: Readonly<Record<string, unknown>> };

export const refId = (ref: PluginRef): string => (typeof ref === "string" ? ref : ref.id);
export const refParams = (ref: PluginRef): Readonly<Record<string, unknown>> | undefined =>
  typeof ref === "string" ? undefined : ref.params;

function paramIssues(
  specs: Readonly<Record<string, ParamSpec>> | undefined,
  params: Readonly<Record<string, unknown>>,
  path: string,
  label: string,
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const keys = Object.keys(params);
  if (!specs) {
    if (keys.length > 0) issues.push({ path, value: params, expected: `no params (${label} declares none)` });
    return issues;
  }
  const known = Object.keys(specs);
  for (const key of keys) {
    const spec = specs[key];
    const value = params[key];
    if (!spec || !Object.hasOwn(specs, key)) {
      issues.push({
        path: `${path}.${key}`,
        value,
        expected: `no such parameter of ${label} (known: ${known.join(", ") || "none"})`,
      });
      continue;
    }
    if (spec.type === "number") {
      const lo = spec.min ?? Number.NEGATIVE_INFINITY;
      const hi = spec.max ?? Number.POSITIVE_INFINITY;
      if (typeof value !== "number" || !Number.isFinite(value) || value < lo || value > hi) {
        const range = spec.min !== undefined || spec.max !== undefined ? ` in [${lo}, ${hi}]` : "";
        issues.push({ path: `${path}.${key}`, value, expected: `a finite number${range}` });
      }
    }
  }
  return issues;
}

/**
 * The plugin `ref` names, of `kind`, from `registry`; `path` is where the ref sits in the config
 * ("model.activation"). An activation with params comes back configured with them; other kinds come back
 * as registered (the caller passes the checked params on, e.g. to a teacher's generate()).
 * Throws ConfigError naming `path` (unknown id) or `path.params.key` (unknown or invalid parameter).
 */
export function lookupPlugin<K extends PluginKind>(
  registry: PluginLookup,
  kind: K,
  ref: PluginRef,
  path: string,
): PluginOfKind<K> {
  const id = refId(ref);
  if (typeof id !== "string" || !registry.has(kind, id)) {
    const known = registry.list(kind).map((p) => p.id);
    throw new ConfigError([
      {
        path: typeof ref === "string" ? path : `${path}.id`,
        value: id,
        expected: `a registered ${kind} plugin id: ${known.join(", ") || "(none registered)"}`,
      },
    ]);
  }
  const plugin = registry.get(kind, id);
  const params = refParams(ref);
  if (params === undefined) return plugin;
  const label = `${kind} "${id}"`;
  // A plugin that declares no ParamSpec: an activation then takes no params (it could not be configured
  // with them); other kinds receive them unchecked and validate them themselves.
  if (!plugin.params && plugin.kind !== "activation") return plugin;
  const issues = paramIssues(plugin.params, params, `${path}.params`, label);
  if (issues.length > 0) throw new ConfigError(issues);
  if (plugin.kind !== "activation" || Object.keys(params).length === 0) return plugin;
  const activation = plugin as PluginOfKind<"activation">;
  if (!activation.configure) return plugin;
  try {
    return activation.configure(params as Record<string, number>) as PluginOfKind<K>;
  } catch (error) {
    throw new ConfigError([{ path: `${path}.params`, value: params, expected: (error as Error).message }]);
  }
}

/** Like lookupPlugin, but gathers the problem into `issues` instead of throwing (for all-at-once reports). */
export function collectLookup<K extends PluginKind>(
  issues: ConfigIssue[],
  registry: PluginLookup,
  kind: K,
  ref: PluginRef,
  path: string,
): PluginOfKind<K> | undefined {
  try {
    return lookupPlugin(registry, kind, ref, path);
  } catch (error) {
    if (error instanceof ConfigError) {
      issues.push(...error.issues);
      return undefined;
    }
    throw error;
  }
}
