// The CLI's plugins and where its runs execute. A run's plugins are a recipe: the built-in packs by name
// plus the config's `plugins` as resolved file URLs. The built `pupil` binary runs each run in a worker
// thread (cli.ts calls runInWorkerThreads()); from sources (tests) runs go inline. Both paths resolve the
// same recipe, so they run the same plugins.
import {
  analyseSource,
  ConfigError,
  type ConfigIssue,
  type Execution,
  kindNeedsHost,
  type ResolvedConfig,
  type RunHost,
  type RunOptions,
} from "@pupil/experiments";
import { type DirRunOptions, nodeRunHost } from "@pupil/experiments/node";
import { type FrozenRegistry, type PackLoader, type PluginRecipe, resolveRecipe } from "@pupil/plugin";
import { BUILTIN_PACKS } from "./builtins.js";
import { nodePackLoader } from "./node-host.js";

let execution: Execution = "inline";

/** Called by the `pupil` binary: runs go to worker threads (the built node-worker.js). */
export function runInWorkerThreads(): void {
  execution = "worker";
}

/**
 * tfjs (wasm + training kernels), data sets and the stage cache, for configs whose kind needs them: to check
 * such a config before anything is written, and for inline runs (a worker thread makes its own).
 */
export async function cliRunHost(config: ResolvedConfig): Promise<RunHost | undefined> {
  return kindNeedsHost(config.kind) ? nodeRunHost() : undefined;
}

/**
 * How runExperiment/runInDirectory should execute this run: on a pooled worker thread in the binary, else
 * inline with the host its kind needs. `inline` keeps the run on this thread even in the binary: a single
 * run without a dashboard has no UI to keep responsive (the engine yields between grid points, so signals
 * still stop it), and a worker would load the whole bundle a second time.
 */
export async function cliRunOptionsFor(
  config: ResolvedConfig,
  { inline = false }: { inline?: boolean } = {},
): Promise<Pick<RunOptions, "execution" | "worker" | "host">> {
  if (inline || execution === "inline") return { execution: "inline", host: await cliRunHost(config) };
  // node:worker_threads loads only for commands that use workers.
  const { nodeWorker } = await import("./worker-pool.js");
  return { execution, worker: nodeWorker() };
}

/**
 * The built-ins as a worker thread can import them: resolved file URLs from this package (its
 * dependencies), or their names when running inline.
 */
function builtinSpecifiers(): string[] {
  const names = Object.keys(BUILTIN_PACKS);
  return execution === "worker" ? names.map((name) => import.meta.resolve(name)) : names;
}

const cliLoader: PackLoader = (specifier, origin) =>
  origin === "builtin" && specifier in BUILTIN_PACKS
    ? BUILTIN_PACKS[specifier]()
    : nodePackLoader(specifier, origin);

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

/** Called as each stage of a source's summary analysis starts. */
export type AnalysisProgress = (source: string, stage: string, index: number, total: number) => void;

/**
 * Where a run's summary analysis is computed (the Hessians take seconds at large p): after a run on a worker,
 * on that worker (idle in the pool by then, everything loaded), so this thread keeps drawing; after an
 * inline run, here. Both routes call analyseSource on the same snapshots, so the summary is the same bytes.
 */
export function cliAnalysis(
  config: ResolvedConfig,
  registry: FrozenRegistry,
  execution: Execution | undefined,
  onProgress?: AnalysisProgress,
): Pick<DirRunOptions, "analyse" | "analyseAsync"> {
  if (execution === "worker" && registry.recipe) {
    const { recipe } = registry;
    return {
      analyseAsync: async (_plan, snapshots, source) =>
        (await import("./worker-pool.js")).analyseOnWorker(
          { config, recipe, source, snapshots },
          onProgress && ((stage, index, total) => onProgress(source, stage, index, total)),
        ),
    };
  }
  if (!onProgress) return {};
  return {
    analyse: (plan, snapshots, source) =>
      analyseSource(plan, snapshots, source, {
        onProgress: (stage, index, total) => onProgress(source, stage, index, total),
      }),
  };
}
