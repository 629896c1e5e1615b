// Plugin modules in Node: npm package names or paths (relative to the config file), each default-exporting
// a PluginPack. Specifiers are resolved to file URLs once, on the main thread, so a worker thread imports
// the very same modules and builds an identical registry from the same recipe.
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import {
  ConfigError,
  type FrozenRegistry,
  type PackLoader,
  type PluginRecipe,
  resolveRecipe,
} from "@pupil/plugin";

function exportTarget(pkg: Record<string, unknown>, subpath: string): string | undefined {
  const exportsField = pkg.exports as unknown;
  if (exportsField === undefined)
    return subpath === "." ? ((pkg.module ?? pkg.main ?? "index.js") as string) : undefined;
  const entry =
    typeof exportsField === "string"
      ? subpath === "."
        ? exportsField
        : undefined
      : (exportsField as Record<string, unknown>)[subpath];
  if (typeof entry === "string") return entry;
  if (entry && typeof entry === "object") {
    const e = entry as Record<string, unknown>;
    const pick = e.import ?? e.node ?? e.default;
    if (typeof pick === "string") return pick;
    if (pick && typeof pick === "object") return (pick as Record<string, string>).default;
  }
  return undefined;
}

/** Resolves one specifier from `baseDir` to a file URL, or returns undefined when nothing is found. */
export function resolvePluginModule(specifier: string, baseDir: string): string | undefined {
  if (specifier.startsWith("file:")) return specifier;
  if (specifier.startsWith(".") || isAbsolute(specifier)) {
    const file = resolve(baseDir, specifier);
    return existsSync(file) ? pathToFileURL(file).href : undefined;
  }
  const parts = specifier.split("/");
  const nameLength = specifier.startsWith("@") ? 2 : 1;
  const name = parts.slice(0, nameLength).join("/");
  const subpath = parts.length > nameLength ? `./${parts.slice(nameLength).join("/")}` : ".";
  for (let dir = resolve(baseDir); ; dir = dirname(dir)) {
    const pkgDir = join(dir, "node_modules", name);
    const manifest = join(pkgDir, "package.json");
    if (existsSync(manifest)) {
      const target = exportTarget(JSON.parse(readFileSync(manifest, "utf8")), subpath);
      if (target && existsSync(join(pkgDir, target))) return pathToFileURL(join(pkgDir, target)).href;
      return undefined;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** Resolves the config's `plugins` against the config file's folder; every failure is reported at once. */
export function resolvePluginModules(specifiers: readonly string[], baseDir: string): string[] {
  const issues = [];
  const urls: string[] = [];
  for (const [i, spec] of specifiers.entries()) {
    const url = resolvePluginModule(spec, baseDir);
    if (url) urls.push(url);
    else
      issues.push({
        path: `plugins[${i}]`,
        value: spec,
        expected: `an npm package or a file that can be found from ${baseDir}`,
      });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return urls;
}

const REFUSED = /^(https?|data|blob|node):/i;

/**
 * The Node host's pack loader: imports a resolved file URL (or a package name the importing package can
 * see). Code named by a URL other than file: is never loaded, nor Node built-ins.
 */
export const nodePackLoader: PackLoader = (specifier) => {
  if (REFUSED.test(specifier)) {
    throw new Error(`refusing to load ${JSON.stringify(specifier)}: only local files and installed packages`);
  }
  return import(specifier);
};

/** The frozen registry of a recipe whose specifiers this process can import (see resolvePluginModules). */
export function resolveNodeRecipe(recipe: PluginRecipe): Promise<FrozenRegistry> {
  return resolveRecipe(recipe, nodePackLoader);
}

/** A frozen registry of module URLs (the config's plugins, resolved): the recipe { builtins: [], modules }. */
export function registryOfModules(modules: readonly string[]): Promise<FrozenRegistry> {
  return resolveNodeRecipe({ builtins: [], modules });
}
