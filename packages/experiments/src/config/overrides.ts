// `--set key=value` overrides: the key must name a field of the schema (checked by walking it), the value
// is JSON when it parses as JSON (numbers, arrays, true/false) and a plain string otherwise.
import type * as z from "zod";
import { ConfigError, type ConfigIssue } from "./errors.js";
import { configKeysSchema } from "./schema.js";

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  options?: z.ZodType[];
}
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (
    let def = defOf(s);
    def.innerType && ["optional", "default", "prefault", "nullable"].includes(def.type);
    def = defOf(s)
  ) {
    s = def.innerType;
  }
  return s;
}

/** Every settable dotted key of the config schema (objects expanded; records and unions are leaves). */
export function settableKeys(schema: z.ZodType = configKeysSchema, prefix = ""): string[] {
  const def = defOf(unwrap(schema));
  if (def.type !== "object" || !def.shape) return prefix ? [prefix] : [];
  const keys: string[] = [];
  for (const [key, child] of Object.entries(def.shape)) {
    if (key === "$schema" || key === "pupil") continue;
    const path = prefix ? `${prefix}.${key}` : key;
    const childDef = defOf(unwrap(child));
    if (childDef.type === "object") keys.push(...settableKeys(child, path));
    else keys.push(path);
    if (childDef.type === "record") keys.push(`${path}.*`);
  }
  return keys;
}

function isKnownKey(path: string[]): boolean {
  let schema: z.ZodType = configKeysSchema;
  for (const part of path) {
    const def = defOf(unwrap(schema));
    if (def.type === "record") return true;
    if (def.type !== "object" || !def.shape || !(part in def.shape)) return false;
    schema = def.shape[part];
  }
  return true;
}

export function parseSetValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Applies `key=value` overrides to a raw config (a deep copy is returned). Unknown keys and malformed
 * arguments are reported all at once as a ConfigError naming each `--set` argument.
 */
export function applyOverrides(
  raw: Record<string, unknown>,
  sets: readonly string[],
): Record<string, unknown> {
  const out = structuredClone(raw);
  const issues: ConfigIssue[] = [];
  for (const arg of sets) {
    const eq = arg.indexOf("=");
    if (eq <= 0) {
      issues.push({ path: "--set", value: arg, expected: "key=value (for example model.p=4)" });
      continue;
    }
    const key = arg.slice(0, eq).trim();
    const path = key.split(".");
    if (path.some((p) => p === "") || !isKnownKey(path)) {
      issues.push({
        path: `--set ${key}`,
        value: arg.slice(eq + 1),
        expected: `a known config key (${settableKeys().join(", ")})`,
      });
      continue;
    }
    let node: Record<string, unknown> = out;
    for (const part of path.slice(0, -1)) {
      const next = node[part];
      if (typeof next !== "object" || next === null || Array.isArray(next)) node[part] = {};
      node = node[part] as Record<string, unknown>;
    }
    node[path[path.length - 1]] = parseSetValue(arg.slice(eq + 1));
  }
  if (issues.length > 0) throw new ConfigError(issues, "command-line arguments");
  return out;
}
