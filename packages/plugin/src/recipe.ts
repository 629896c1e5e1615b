// The plugins a run uses, as data: which packs to load (built-in pack names, module specifiers) and
// nothing else. A recipe crosses threads and processes (a worker thread, a Web Worker, a Slurm job) and is
// turned back into the same registry there by resolveRecipe with the host's own pack loader.
import { ConfigError, type ConfigIssue } from "./errors.js";
import { createRegistry, type FrozenRegistry } from "./registry.js";
import type { PluginPack } from "./types.js";

export interface PluginRecipe {
  /** Packs the host provides by name (Node: resolved module URLs or package names; a browser: bundled packs). */
  readonly builtins: readonly string[];
  /** The config's `plugins`: module specifiers (Node resolves them to file URLs before the run). */
  readonly modules: readonly string[];
}

/** Where a pack comes from: the host maps a built-in name or a module specifier to the module (or pack). */
export type PackLoader = (specifier: string, origin: "builtin" | "module") => unknown | Promise<unknown>;

export function freezeRecipe(recipe: PluginRecipe): PluginRecipe {
  return Object.freeze({
    builtins: Object.freeze([...recipe.builtins]),
    modules: Object.freeze([...recipe.modules]),
  });
}

/** True when the value has the shape of a recipe (used to check what arrives over a message port). */
export function isPluginRecipe(value: unknown): value is PluginRecipe {
  const r = value as PluginRecipe | undefined;
  const strings = (a: unknown) => Array.isArray(a) && a.every((x) => typeof x === "string");
  return !!r && typeof r === "object" && strings(r.builtins) && strings(r.modules);
}

function looksLikePack(x: unknown): x is PluginPack {
  const p = x as PluginPack | undefined;
  return !!p && typeof p === "object" && typeof p.meta?.name === "string" && Array.isArray(p.plugins);
}

/** A module's pack: its default export (ESM) or the value itself (a host that maps names to packs). */
function packOf(loaded: unknown): PluginPack | undefined {
  if (looksLikePack(loaded)) return loaded;
  const d = (loaded as { default?: unknown } | null)?.default;
  return looksLikePack(d) ? d : undefined;
}

/**
 * Loads every pack of the recipe with the host's loader and returns the frozen registry, which carries the
 * recipe. Problems are reported together: a module that fails to load or is not a pack is named by its
 * place in the config (`plugins[i]`, or `builtins[i]` for the host's own packs).
 */
export async function resolveRecipe(recipe: PluginRecipe, load: PackLoader): Promise<FrozenRegistry> {
  const issues: ConfigIssue[] = [];
  const packs: PluginPack[] = [];
  const entries = [
    ...recipe.builtins.map((spec, i) => ({ spec, origin: "builtin" as const, path: `builtins[${i}]` })),
    ...recipe.modules.map((spec, i) => ({ spec, origin: "module" as const, path: `plugins[${i}]` })),
  ];
  for (const { spec, origin, path } of entries) {
    let loaded: unknown;
    try {
      loaded = await load(spec, origin);
    } catch (error) {
      issues.push({
        path,
        value: spec,
        expected: `a module that loads cleanly (${(error as Error).message})`,
      });
      continue;
    }
    const pack = packOf(loaded);
    if (pack) packs.push(pack);
    else
      issues.push({
        path,
        value: spec,
        expected: "a module whose default export is a PluginPack ({ meta, plugins })",
      });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  const registry = createRegistry();
  try {
    registry.use(...packs);
  } catch (error) {
    throw new ConfigError([
      {
        path: "plugins",
        value: recipe.modules,
        expected: `packs that register cleanly (${(error as Error).message})`,
      },
    ]);
  }
  return registry.freeze(recipe);
}
