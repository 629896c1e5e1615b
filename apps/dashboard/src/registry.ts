// The CLI's plugins and where its runs execute. A run's plugins are a recipe: the built-in packs by name
// plus the config's `plugins` as resolved file URLs. The built `pupil` binary runs each run in a worker
// thread (cli.ts calls runInWorkerThreads()); from sources (tests) runs go inline. Both paths resolve the
// same recipe, so they run the same plugins.
import {
  ConfigError,
  type ConfigIssue,
  type Execution,
  kindNeedsHost,
  type ResolvedConfig,
  type RunHost,
  type RunOptions,
} from "@pupil/experiments";
import { nodeRunHost } from "@pupil/experiments/node";
import { type FrozenRegistry, type PackLoader, type PluginRecipe, resolveRecipe } from "@pupil/plugin";
import { nodePackLoader, nodeWorker } from "./node-host.js";

/** The built-in packs (dependencies of this package), loaded by name on this thread. */
const BUILTINS: Record<string, () => Promise<unknown>> = {
  "@pupil/plugin-activations": () => import("@pupil/plugin-activations"),
  "@pupil/plugin-teachers": () => import("@pupil/plugin-teachers"),
  "@pupil/plugin-metrics": () => import("@pupil/plugin-metrics"),
  "@pupil/plugin-distill": () => import("@pupil/plugin-distill"),
};

let execution: Execution = "inline";

/** Called by the `pupil` binary: runs go to worker threads (the built node-worker.js). */
export function runInWorkerThreads(): void {
  execution = "worker";
}

/** How runExperiment/runInDirectory should execute this CLI's runs. */
export function cliRunOptions(): Pick<RunOptions, "execution" | "worker"> {
  return execution === "worker" ? { execution, worker: nodeWorker() } : { execution };
}

/**
 * tfjs (wasm + training kernels), data sets and the stage cache, for configs whose kind needs them: to check
 * such a config before anything is written, and for inline runs (a worker thread makes its own).
 */
export async function cliRunHost(config: ResolvedConfig): Promise<RunHost | undefined> {
  return kindNeedsHost(config.kind) ? nodeRunHost() : undefined;
}

/** cliRunOptions() plus the host an inline run of this config needs. */
export async function cliRunOptionsFor(
  config: ResolvedConfig,
): Promise<Pick<RunOptions, "execution" | "worker" | "host">> {
  const options = cliRunOptions();
  return options.execution === "inline" ? { ...options, host: await cliRunHost(config) } : options;
}

/**
 * The built-ins as a worker thread can import them: resolved file URLs from this package (its
 * dependencies), or their names when running inline.
 */
function builtinSpecifiers(): string[] {
  const names = Object.keys(BUILTINS);
  return execution === "worker" ? names.map((name) => import.meta.resolve(name)) : names;
}

const cliLoader: PackLoader = (specifier, origin) =>
  origin === "builtin" && specifier in BUILTINS ? BUILTINS[specifier]() : nodePackLoader(specifier, origin);

/** The recipe of a run: built-ins plus the config's plugin module URLs. */
export function cliRecipe(pluginUrls: readonly string[]): PluginRecipe {
  return { builtins: builtinSpecifiers(), modules: [...pluginUrls] };
}

/** A frozen registry of the built-ins and the given plugin module URLs (it carries its recipe). */
export function cliRegistry(pluginUrls: readonly string[]): Promise<FrozenRegistry> {
  return resolveRecipe(cliRecipe(pluginUrls), cliLoader);
}

export function mergeIssues(errors: unknown[]): ConfigError | undefined {
  const issues: ConfigIssue[] = [];
  for (const e of errors) {
    if (e instanceof ConfigError) issues.push(...e.issues);
    else if (e) throw e;
  }
  return issues.length > 0 ? new ConfigError(issues) : undefined;
}
