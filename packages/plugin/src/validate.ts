// Shape checks for values that claim to be plugins or packs. They return every problem found (the conformance
// kit reports them all); the registry throws on the first list that is not empty.
import { ACTIVATION_FAMILIES, PLUGIN_API_VERSION, type PluginKind } from "./types.js";

export const PLUGIN_KINDS: readonly PluginKind[] = ["activation", "teacher", "loss", "metric"];

export function isPluginKind(value: unknown): value is PluginKind {
  return typeof value === "string" && (PLUGIN_KINDS as readonly string[]).includes(value);
}

export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}

/** True when the value looks like a pack (has `plugins`), so `use()` can tell packs from single plugins. */
export function looksLikePack(value: unknown): boolean {
  return typeof value === "object" && value !== null && "plugins" in value;
}

const INTEGRAL_NAMES = ["I2", "J2", "I3", "I4"] as const;
const METRIC_OUTPUTS = ["scalar", "vector", "matrix"];
const METRIC_VIEWS = ["line", "heatmap", "table", "bar", "scatter"];

/** "activation \"erf\"", or a placeholder when kind/id are themselves broken. */
export function pluginLabel(value: unknown): string {
  const v = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  const kind = isPluginKind(v.kind) ? v.kind : "plugin";
  return typeof v.id === "string" && v.id !== "" ? `${kind} "${v.id}"` : `${kind} with no valid id`;
}

/**
 * Problems with a plugin value, as sentences naming the field and what was expected. An apiVersion mismatch is
 * reported alone: the rest of the object follows another contract and cannot be judged against this one.
 */
export function pluginProblems(value: unknown): string[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return [`a plugin must be an object with kind, id and apiVersion; got ${describeValue(value)}`];
  }
  const v = value as Record<string, unknown>;
  const problems: string[] = [];
  if (!isPluginKind(v.kind)) {
    problems.push(`"kind" must be one of ${PLUGIN_KINDS.join(", ")}; got ${describeValue(v.kind)}`);
  }
  if (typeof v.id !== "string" || v.id.trim() === "" || /\s/.test(v.id)) {
    problems.push(
      `"id" must be a non-empty string without spaces ("name" or "owner/name"); got ${describeValue(v.id)}`,
    );
  }
  if (typeof v.apiVersion !== "number") {
    problems.push(
      `"apiVersion" must be a number (this @pupil/plugin requires apiVersion ${PLUGIN_API_VERSION}; the define* helpers fill it in); got ${describeValue(v.apiVersion)}`,
    );
  } else if (v.apiVersion !== PLUGIN_API_VERSION) {
    return [
      `plugin ${pluginLabel(v)} declares apiVersion ${v.apiVersion}, but this @pupil/plugin requires apiVersion ${PLUGIN_API_VERSION}`,
    ];
  }
  for (const field of ["title", "doc"]) {
    if (v[field] !== undefined && typeof v[field] !== "string") {
      problems.push(`"${field}" must be a string when given; got ${describeValue(v[field])}`);
    }
  }
  const needFunction = (field: string) => {
    if (typeof v[field] !== "function") {
      problems.push(`"${field}" must be a function; got ${describeValue(v[field])}`);
    }
  };
  switch (v.kind) {
    case "activation":
      needFunction("f");
      needFunction("df");
      needFunction("tf");
      problems.push(...activationExtrasProblems(v));
      break;
    case "teacher":
      needFunction("generate");
      break;
    case "loss":
      needFunction("create");
      break;
    case "metric": {
      needFunction("compute");
      const output = v.output as { type?: unknown } | undefined;
      if (typeof output !== "object" || output === null || !METRIC_OUTPUTS.includes(output.type as string)) {
        problems.push(
          `"output" must be { type: "scalar" | "vector" | "matrix", ... }; got ${describeValue(output)}`,
        );
      }
      if (v.view !== undefined && !METRIC_VIEWS.includes(v.view as string)) {
        problems.push(
          `"view" must be one of ${METRIC_VIEWS.join(", ")} when given; got ${describeValue(v.view)}`,
        );
      }
      const threshold = v.threshold as { value?: unknown; event?: unknown } | undefined;
      if (
        threshold !== undefined &&
        (typeof threshold !== "object" ||
          threshold === null ||
          typeof threshold.value !== "number" ||
          (threshold.event !== undefined && threshold.event !== "node-specialized"))
      ) {
        problems.push(
          `"threshold" must be { value: number, label?, event?: "node-specialized" } when given; got ${describeValue(threshold)}`,
        );
      }
      if (v.needsWeights !== undefined && typeof v.needsWeights !== "boolean") {
        problems.push(`"needsWeights" must be a boolean when given; got ${describeValue(v.needsWeights)}`);
      }
      break;
    }
  }
  return problems;
}

function activationExtrasProblems(v: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (v.integrals !== undefined) {
    if (typeof v.integrals !== "object" || v.integrals === null) {
      problems.push(
        `"integrals" must be an object of closed forms when given; got ${describeValue(v.integrals)}`,
      );
    } else {
      const integrals = v.integrals as Record<string, unknown>;
      for (const key of Object.keys(integrals)) {
        if (!(INTEGRAL_NAMES as readonly string[]).includes(key)) {
          problems.push(`"integrals.${key}" is not a known integral (expected ${INTEGRAL_NAMES.join(", ")})`);
        } else if (integrals[key] !== undefined && typeof integrals[key] !== "function") {
          problems.push(`"integrals.${key}" must be a function; got ${describeValue(integrals[key])}`);
        }
      }
    }
  }
  if (v.family !== undefined && !(ACTIVATION_FAMILIES as readonly string[]).includes(v.family as string)) {
    problems.push(
      `"family" must be one of ${ACTIVATION_FAMILIES.join(", ")} when given; got ${describeValue(v.family)}`,
    );
  }
  if (v.parity !== undefined && !["even", "odd", "none"].includes(v.parity as string)) {
    problems.push(`"parity" must be "even", "odd" or "none" when given; got ${describeValue(v.parity)}`);
  }
  if (v.configure !== undefined && typeof v.configure !== "function") {
    problems.push(`"configure" must be a function when given; got ${describeValue(v.configure)}`);
  }
  if (v.params !== undefined) {
    if (typeof v.params !== "object" || v.params === null) {
      problems.push(
        `"params" must be an object of parameter specs when given; got ${describeValue(v.params)}`,
      );
    } else {
      for (const [name, spec] of Object.entries(v.params as Record<string, unknown>)) {
        const s = spec as { type?: unknown; default?: unknown } | null;
        if (typeof s !== "object" || s === null || s.type !== "number" || typeof s.default !== "number") {
          problems.push(`"params.${name}" must be { type: "number", default: number, min?, max? }`);
        }
      }
      if (typeof v.configure !== "function") {
        problems.push(`"configure" must be a function when "params" are declared`);
      }
    }
  }
  return problems;
}

/** Problems with a pack's own fields (its plugins are checked one by one by the caller). */
export function packProblems(value: unknown): string[] {
  const v = value as { meta?: { name?: unknown; version?: unknown }; plugins?: unknown };
  const problems: string[] = [];
  if (typeof v.meta !== "object" || v.meta === null) {
    problems.push(`a pack needs "meta": { name, version }; got ${describeValue(v.meta)}`);
  } else {
    if (typeof v.meta.name !== "string" || v.meta.name === "") {
      problems.push(`pack "meta.name" must be a non-empty string; got ${describeValue(v.meta.name)}`);
    }
    if (typeof v.meta.version !== "string") {
      problems.push(`pack "meta.version" must be a string; got ${describeValue(v.meta.version)}`);
    }
  }
  if (!Array.isArray(v.plugins)) {
    problems.push(`pack "plugins" must be an array of plugins; got ${describeValue(v.plugins)}`);
  }
  const presets = (value as { presets?: unknown }).presets;
  if (presets !== undefined) {
    if (!Array.isArray(presets)) {
      problems.push(`pack "presets" must be an array when given; got ${describeValue(presets)}`);
    } else {
      presets.forEach((p: { name?: unknown; title?: unknown; config?: unknown } | null, i) => {
        const ok =
          typeof p === "object" &&
          p !== null &&
          typeof p.name === "string" &&
          p.name !== "" &&
          typeof p.title === "string" &&
          typeof p.config === "object" &&
          p.config !== null &&
          !Array.isArray(p.config);
        if (!ok) problems.push(`pack "presets[${i}]" must be { name, title, paper?, config: object }`);
      });
    }
  }
  return problems;
}
