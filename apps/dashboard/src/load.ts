// From `CONFIG|PRESET [--set k=v] [--seed N]` to a resolved config and its registry. Every problem (a
// missing file, malformed JSON, an unknown --set key, a bad field, a plugin that cannot be found) is
// gathered into one ConfigError, so the user sees all of them at once and nothing is written.
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import {
  applyOverrides,
  ConfigError,
  type ConfigIssue,
  checkRunnable,
  listPresets,
  presets as ownPresets,
  type Preset,
  parseStrictJson,
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
  let isDirectory: boolean;
  try {
    isDirectory = statSync(file).isDirectory();
  } catch (error) {
    throw new ConfigError([
      {
        path: "CONFIG|PRESET",
        value: target,
        expected: `a readable config file (${(error as Error).message})`,
      },
    ]);
  }
  if (isDirectory) {
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
    // Strict: a key given twice ({"lr":-1,"lr":0.5}) is refused instead of silently keeping the last.
    raw = parseStrictJson(readFileSync(file, "utf8"));
  } catch (error) {
    const at = (error as { path?: string }).path;
    throw new ConfigError([
      {
        path: at ? `${target}: ${at}` : target,
        value: "(file contents)",
        expected: `valid JSON (${(error as Error).message})`,
      },
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

/** Default time a plugin module gets to finish importing (a top-level await that never settles). */
const PLUGIN_IMPORT_MS = 30_000;

/** Rejects with a ConfigError naming `plugins` when importing the modules takes longer than the limit. */
async function withImportTimeout<T>(work: Promise<T>, specifiers: readonly string[]): Promise<T> {
  const env = Number(process.env.PUPIL_PLUGIN_IMPORT_TIMEOUT_MS);
  const ms = Number.isFinite(env) && env > 0 ? env : PLUGIN_IMPORT_MS;
  let timer: NodeJS.Timeout | undefined;
  // The timer also keeps the event loop alive: without it, a never-settling import ends the process
  // with exit 0 and no output.
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ConfigError([
            {
              path: "plugins",
              value: specifiers,
              expected: `modules that finish loading within ${ms / 1000} s (one has a top-level await that has not settled)`,
            },
          ]),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** `name` becomes a directory name (runs/<name>-<date>): one path segment, printable, not too long. */
export const MAX_NAME_LENGTH = 100;

function nameIssues(name: unknown): ConfigIssue[] {
  if (typeof name !== "string") return [];
  const expected = `a name that is one path segment: no "/", "\\", "..", control characters or NUL, at most ${MAX_NAME_LENGTH} characters`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  const bad = /[/\\\x00-\x1f\x7f]/.test(name) || name === "." || name === ".." || name.includes("..");
  return bad || name.length > MAX_NAME_LENGTH || name.trim() === ""
    ? [{ path: "name", value: name, expected }]
    : [];
}

/** Largest N accepted: an N×p weight matrix (and the ODE's overlaps) must fit in memory. */
export const MAX_N = 100_000_000;

/**
 * Checks the config's boundary fields that the schema would blame on something else or word vaguely:
 * `plugins` entries (a raw zod message), N beyond memory (blamed on the teacher as "Invalid typed array
 * length"), `name` (a path).
 */
function boundaryIssues(raw: Record<string, unknown>): ConfigIssue[] {
  const issues: ConfigIssue[] = [...nameIssues(raw.name)];
  if (raw.plugins !== undefined) {
    if (!Array.isArray(raw.plugins)) {
      issues.push({ path: "plugins", value: raw.plugins, expected: "a list of plugin modules" });
    } else {
      raw.plugins.forEach((p, i) => {
        if (typeof p !== "string" || p.trim() === "")
          issues.push({
            path: `plugins[${i}]`,
            value: p,
            expected:
              'a plugin module: a path ("./my-plugin.js", relative to the config file) or an npm package name',
          });
      });
    }
  }
  if (typeof raw.N === "number" && raw.N > MAX_N) {
    issues.push({
      path: "N",
      value: raw.N,
      expected: `an integer ≤ ${MAX_N} (the N×p weight matrices must fit in memory)`,
    });
  }
  return issues;
}

/** Resolves plugins, validates and checks the config against its registry (throws one ConfigError). */
export async function loadConfig(
  raw: Record<string, unknown>,
  baseDir: string,
  label?: string,
): Promise<LoadedConfig> {
  const boundary = boundaryIssues(raw);
  if (boundary.length > 0) throw new ConfigError(boundary, label);
  const errors: unknown[] = [];
  let pluginUrls: string[] = [];
  if (Array.isArray(raw.plugins) && raw.plugins.length > 0) {
    try {
      pluginUrls = resolvePluginModules(raw.plugins as string[], baseDir);
    } catch (error) {
      errors.push(error);
    }
  }
  let registry: FrozenRegistry;
  try {
    registry = await withImportTimeout(cliRegistry(pluginUrls), raw.plugins as string[]);
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
