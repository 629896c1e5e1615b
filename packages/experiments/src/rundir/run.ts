// A run written to its directory: the handle's events go to snapshots.jsonl and checkpoint.json as they
// arrive; the end writes summary.json (done or diverged) or leaves a resumable checkpoint (interrupted).
import { join } from "node:path";
import type { FrozenRegistry } from "@pupil/plugin";
import type { ResolvedConfig } from "../config/resolve.js";
import { buildPlan } from "../kinds/committee/plan.js";
import { RunDivergedError } from "../run/errors.js";
import { type RunEvent, type RunHandle, type RunOptions, runExperiment } from "../run/handle.js";
import { analyseSource } from "./analysis.js";
import { ioReason, RunDirError, runDirError } from "./errors.js";
import { RUN_FILES, type RunDirWriter } from "./files.js";
import { readSnapshots } from "./jsonl.js";
import { type RunSummary, type SourceAnalysis, summarizeRun } from "./summary.js";

export type RunOutcomeState = "done" | "diverged" | "interrupted";

export interface RunOutcome {
  state: RunOutcomeState;
  dir: string;
  summary?: RunSummary;
  divergence?: { message: string; alpha: number; step: number };
}

export interface DirRun {
  handle: RunHandle;
  outcome: Promise<RunOutcome>;
}

export interface DirRunOptions extends RunOptions {
  writer: RunDirWriter;
  onEvent?: (event: RunEvent) => void;
  /** The summary's analysis per source (default analyseSource: plateau, escape α, conserved, Hessians). */
  analyse?: SourceAnalysis;
  /**
   * The same analysis computed elsewhere (a worker thread), so this thread stays free while it runs; used
   * when `analyse` is not given. It must resolve to what `analyse` would return.
   */
  analyseAsync?: AsyncSourceAnalysis;
}

/** A SourceAnalysis that runs somewhere else and resolves to its result. */
export type AsyncSourceAnalysis = (
  ...args: Parameters<SourceAnalysis>
) => Promise<ReturnType<SourceAnalysis>>;

/** A write to the run directory failed (deleted, read-only, disk full): stop and say so (exit 2). */
function directoryLost(dir: string, error: unknown): unknown {
  if (error instanceof RunDirError || typeof (error as NodeJS.ErrnoException)?.code !== "string")
    return error;
  return runDirError(
    `the run directory ${dir} cannot be written any more (${ioReason(error)}); the run was stopped`,
    "--out",
    dir,
    "a directory that stays writable while the run writes it (start again with a new --out)",
  );
}

export function runInDirectory(
  config: ResolvedConfig,
  registry: FrozenRegistry,
  options: DirRunOptions,
): DirRun {
  const { writer } = options;
  const handle = runExperiment(config, registry, options);
  // Best effort: when the directory itself is what failed, the status cannot be written either.
  const tryStatus = (status: Parameters<RunDirWriter["status"]>[0]) => {
    try {
      writer.status(status);
    } catch {}
  };
  const finish = async (divergence?: RunOutcome["divergence"]): Promise<RunOutcome> => {
    const snapshots = readSnapshots(join(writer.dir, RUN_FILES.snapshots));
    // Divergent runs get the plain summary (their overlaps may be huge or non-finite).
    let analyse = divergence ? undefined : (options.analyse ?? analyseSource);
    const committee = config.kind !== "train" && config.kind !== "distill";
    const plan = analyse && committee ? buildPlan(config, registry) : undefined;
    if (plan && !divergence && !options.analyse && options.analyseAsync) {
      // Each source's analysis computed elsewhere first (one after another), then summarised as usual.
      const results = new Map<string, Record<string, unknown>>();
      for (const source of new Set(snapshots.map((s) => String(s.source)))) {
        const own = snapshots.filter((s) => s.source === source);
        results.set(source, await options.analyseAsync(plan, own, source));
      }
      analyse = (_plan, _snapshots, source) => results.get(source) ?? {};
    }
    const metricIds =
      config.kind === "train" ? config.train.metrics : committee ? (config.metrics ?? []) : [];
    const metrics = metricIds.map((id) => registry.get("metric", id));
    const summary = summarizeRun(config, snapshots, { plan, analyse, divergence, metrics });
    writer.summary(summary);
    return { state: divergence ? "diverged" : "done", dir: writer.dir, summary, divergence };
  };
  const outcome = (async (): Promise<RunOutcome> => {
    try {
      try {
        writer.status({ state: "running" });
      } catch (error) {
        throw directoryLost(writer.dir, error);
      }
      for await (const event of handle.events()) {
        try {
          if (event.type === "snapshot") writer.write(event.snapshot);
          else if (event.type === "checkpoint") writer.checkpoint(event.state);
          else if (event.type === "status")
            writer.status({ state: event.status === "paused" ? "paused" : "running" });
        } catch (error) {
          // Leaving the loop terminates a worker; an inline run is told to stop.
          handle.stop();
          throw directoryLost(writer.dir, error);
        }
        options.onEvent?.(event);
        if (event.type === "done") {
          if (event.stopped) {
            try {
              writer.status({
                state: "interrupted",
                message: `resume with: pupil run --resume ${writer.dir}`,
              });
            } catch (error) {
              throw directoryLost(writer.dir, error);
            }
            return { state: "interrupted", dir: writer.dir };
          }
          let result: RunOutcome;
          try {
            result = await finish();
            writer.status({ state: "done" });
          } catch (error) {
            throw directoryLost(writer.dir, error);
          }
          return result;
        }
      }
      throw new Error("the run ended without a done event");
    } catch (error) {
      if (error instanceof RunDivergedError) {
        const divergence = { message: error.message, alpha: error.alpha, step: error.step };
        const result = await finish(divergence);
        writer.status({ state: "diverged", message: error.message, alpha: error.alpha, step: error.step });
        return result;
      }
      tryStatus({ state: "failed", message: (error as Error).message });
      throw error;
    } finally {
      writer.close();
    }
  })();
  return { handle, outcome };
}
