// Plugin modules: npm package names or paths (relative to the config file), each default-exporting a
// PluginPack. Specifiers are resolved to file URLs once, on the main thread, so a worker thread can import
// the very same modules and build an identical registry.
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRegistry, type PluginPack, type Registry } from "@pupil/plugin";
import { ConfigError } from "./config/errors.js";

const recipes = new WeakMap<Registry, readonly string[]>();

/** The module URLs a registry was built from (undefined for registries composed by hand). */
export function registryModules(registry: Registry): readonly string[] | undefined {
  return recipes.get(registry);
}

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

function looksLikePack(x: unknown): x is PluginPack {
  const p = x as PluginPack | undefined;
  return !!p && typeof p === "object" && typeof p.meta?.name === "string" && Array.isArray(p.plugins);
}

/** Imports each module and checks that its default export is a PluginPack. */
export async function importPacks(
  urls: readonly string[],
  labels: readonly string[] = urls,
): Promise<PluginPack[]> {
  const packs: PluginPack[] = [];
  const issues = [];
  for (const [i, url] of urls.entries()) {
    try {
      const mod = (await import(url)) as { default?: unknown };
      if (looksLikePack(mod.default)) packs.push(mod.default);
      else
        issues.push({
          path: `plugins[${i}]`,
          value: labels[i],
          expected: "a module whose default export is a PluginPack ({ meta, plugins })",
        });
    } catch (error) {
      issues.push({
        path: `plugins[${i}]`,
        value: labels[i],
        expected: `a module that imports cleanly (${(error as Error).message})`,
      });
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return packs;
}

/**
 * A frozen registry of the given packs plus the packs of the given module URLs. When every pack comes from
 * a module URL, the registry remembers them so runExperiment can rebuild it inside a worker thread.
 */
export async function buildRegistry(options: {
  modules?: readonly string[];
  packs?: readonly PluginPack[];
}): Promise<Registry> {
  const modules = options.modules ?? [];
  const registry = createRegistry();
  try {
    registry.use(...(options.packs ?? []), ...(await importPacks(modules)));
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError([
      {
        path: "plugins",
        value: modules,
        expected: `packs that register cleanly (${(error as Error).message})`,
      },
    ]);
  }
  registry.freeze();
  if (!options.packs || options.packs.length === 0) recipes.set(registry, [...modules]);
  return registry;
}
