// From `CONFIG|PRESET [--set k=v] [--seed N]` to a resolved config and its registry. Every problem (a
// missing file, malformed JSON, an unknown --set key, a bad field, a plugin that cannot be found) is
// gathered into one ConfigError, so the user sees all of them at once and nothing is written.
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import {
  applyOverrides,
  ConfigError,
  checkRunnable,
  listPresets,
  presets as ownPresets,
  type Preset,
  type ResolvedConfig,
  resolveConfig,
} from "@pupil/experiments";
import { resolvePluginModules } from "@pupil/experiments/node";
import type { FrozenRegistry } from "@pupil/plugin";
import { cliRegistry, cliRunHost, mergeIssues } from "./registry.js";

export interface ConfigSource {
  raw: Record<string, unknown>;
  /** Folder that relative plugin paths are resolved against. */
  baseDir: string;
  label: string;
}

/** `presets`: where preset names are looked up (this package's and the built-in packs'). */
export function readConfigSource(
  target: string | undefined,
  presets: readonly Preset[] = ownPresets,
): ConfigSource {
  const names = presets.map((p) => p.name).join(", ");
  if (target === undefined) {
    throw new ConfigError([
      { path: "CONFIG|PRESET", value: undefined, expected: `a config file or a preset name (${names})` },
    ]);
  }
  const file = resolve(target);
  if (!existsSync(file)) {
    const preset = presets.find((p) => p.name === target);
    if (preset)
      return {
        raw: structuredClone(preset.config) as Record<string, unknown>,
        baseDir: process.cwd(),
        label: `preset ${target}`,
      };
    throw new ConfigError([
      {
        path: "CONFIG|PRESET",
        value: target,
        expected: `an existing config file or a preset name (${names})`,
      },
    ]);
  }
  if (statSync(file).isDirectory()) {
    throw new ConfigError([
      {
        path: "CONFIG|PRESET",
        value: target,
        expected: "a config file (this is a directory; to continue a run use --resume DIR)",
      },
    ]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ConfigError([
      { path: target, value: "(file contents)", expected: `valid JSON (${(error as Error).message})` },
    ]);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ConfigError([{ path: target, value: raw, expected: "a JSON object (the run config)" }]);
  }
  return { raw: raw as Record<string, unknown>, baseDir: dirname(file), label: target };
}

export interface LoadedConfig {
  config: ResolvedConfig;
  registry: FrozenRegistry;
  pluginUrls: string[];
}

/** Resolves plugins, validates and checks the config against its registry (throws one ConfigError). */
export async function loadConfig(
  raw: Record<string, unknown>,
  baseDir: string,
  label?: string,
): Promise<LoadedConfig> {
  const errors: unknown[] = [];
  let pluginUrls: string[] = [];
  if (Array.isArray(raw.plugins) && raw.plugins.every((p) => typeof p === "string" && p.length > 0)) {
    try {
      pluginUrls = resolvePluginModules(raw.plugins as string[], baseDir);
    } catch (error) {
      errors.push(error);
    }
  }
  let registry: FrozenRegistry;
  try {
    registry = await cliRegistry(pluginUrls);
  } catch (error) {
    errors.push(error);
    registry = await cliRegistry([]);
  }
  let config: ResolvedConfig | undefined;
  try {
    config = resolveConfig(raw, { registry, source: label });
  } catch (error) {
    errors.push(error);
  }
  const merged = mergeIssues(errors);
  if (merged || !config) throw merged ?? new Error("unreachable");
  config = { ...config, plugins: pluginUrls };
  checkRunnable(config, registry, await cliRunHost(config));
  return { config, registry, pluginUrls };
}

export async function loadRunConfig(
  target: string | undefined,
  sets: string[],
): Promise<LoadedConfig & { source: ConfigSource }> {
  const source = readConfigSource(target, listPresets(await cliRegistry([])));
  const raw = applyOverrides(source.raw, sets);
  return { ...(await loadConfig(raw, source.baseDir, source.label)), source };
}
