// A run written to its directory: the handle's events go to snapshots.jsonl and checkpoint.json as they
// arrive; the end writes summary.json (done or diverged) or leaves a resumable checkpoint (interrupted).
import { join } from "node:path";
import type { FrozenRegistry } from "@pupil/plugin";
import type { ResolvedConfig } from "../config/resolve.js";
import { buildPlan } from "../kinds/committee/plan.js";
import { RunDivergedError } from "../run/errors.js";
import { type RunEvent, type RunHandle, type RunOptions, runExperiment } from "../run/handle.js";
import { analyseSource } from "./analysis.js";
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
}

export function runInDirectory(
  config: ResolvedConfig,
  registry: FrozenRegistry,
  options: DirRunOptions,
): DirRun {
  const { writer } = options;
  const handle = runExperiment(config, registry, options);
  const finish = (divergence?: RunOutcome["divergence"]): RunOutcome => {
    const snapshots = readSnapshots(join(writer.dir, RUN_FILES.snapshots));
    // Divergent runs get the plain summary (their overlaps may be huge or non-finite).
    const analyse = divergence ? undefined : (options.analyse ?? analyseSource);
    const committee = config.kind !== "train" && config.kind !== "distill";
    const plan = analyse && committee ? buildPlan(config, registry) : undefined;
    const metricIds =
      config.kind === "train" ? config.train.metrics : committee ? (config.metrics ?? []) : [];
    const metrics = metricIds.map((id) => registry.get("metric", id));
    const summary = summarizeRun(config, snapshots, { plan, analyse, divergence, metrics });
    writer.summary(summary);
    return { state: divergence ? "diverged" : "done", dir: writer.dir, summary, divergence };
  };
  const outcome = (async (): Promise<RunOutcome> => {
    try {
      for await (const event of handle.events()) {
        if (event.type === "snapshot") writer.write(event.snapshot);
        else if (event.type === "checkpoint") writer.checkpoint(event.state);
        else if (event.type === "status")
          writer.status({ state: event.status === "paused" ? "paused" : "running" });
        options.onEvent?.(event);
        if (event.type === "done") {
          if (event.stopped) {
            writer.status({ state: "interrupted", message: `resume with: pupil run --resume ${writer.dir}` });
            return { state: "interrupted", dir: writer.dir };
          }
          const result = finish();
          writer.status({ state: "done" });
          return result;
        }
      }
      throw new Error("the run ended without a done event");
    } catch (error) {
      if (error instanceof RunDivergedError) {
        const divergence = { message: error.message, alpha: error.alpha, step: error.step };
        const result = finish(divergence);
        writer.status({ state: "diverged", message: error.message, alpha: error.alpha, step: error.step });
        return result;
      }
      writer.status({ state: "failed", message: (error as Error).message });
      throw error;
    } finally {
      writer.close();
    }
  })();
  return { handle, outcome };
}
