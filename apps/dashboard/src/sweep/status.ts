// Where each point of a sweep stands, from its run directory and, when a scheduler can be asked, from
// Slurm (squeue for queued and running tasks; sacct when accounting is configured).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { RunSummary } from "@pupil/experiments";
import { RUN_FILES, readJson } from "@pupil/experiments/node";
import type { SweepManifest, SweepPoint } from "./plan.js";

export type PointState = "done" | "running" | "pending" | "failed" | "missing";

export interface PointStatus {
  index: number;
  point: SweepPoint;
  state: PointState;
  /** Why, in a few words: the run's own status, the scheduler's state, the log's last line. */
  detail: string;
}

/** A scheduler's view of one array task: Slurm state names (PENDING, RUNNING, FAILED, ...). */
export type SchedulerStates = Map<number, string>;

function runState(dir: string): { state: string; summary?: RunSummary } | undefined {
  if (existsSync(join(dir, RUN_FILES.summary))) {
    const summary = readJson<RunSummary>(join(dir, RUN_FILES.summary));
    return { state: String(summary.status ?? "done"), summary };
  }
  if (!existsSync(join(dir, RUN_FILES.config))) return undefined;
  try {
    return { state: String(readJson<{ state?: string }>(join(dir, RUN_FILES.status)).state ?? "started") };
  } catch {
    return { state: "started" };
  }
}

const ACTIVE = new Set([
  "RUNNING",
  "COMPLETING",
  "CONFIGURING",
  "SUSPENDED",
  "STAGE_OUT",
  "RESIZING",
  "SIGNALING",
]);
const QUEUED = new Set(["PENDING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED"]);

/**
 * One status per point. A run directory with summary.json is done (a diverged run is a result too);
 * without one, the scheduler says whether its task is still running or queued; with no scheduler
 * answer, a run whose status.json says running counts as running.
 */
export function sweepStatus(
  sweepDir: string,
  manifest: SweepManifest,
  scheduler?: SchedulerStates,
): PointStatus[] {
  return manifest.points.map((point, index) => {
    const run = runState(join(sweepDir, point.dir));
    const sched = scheduler?.get(index);
    if (run?.summary) {
      const eg = run.summary.final?.eg ?? run.summary.final?.losses?.test;
      return {
        index,
        point,
        state: "done",
        detail: `${run.state}${typeof eg === "number" ? ` ${eg.toPrecision(4)}` : ""}`,
      };
    }
    if (sched && ACTIVE.has(sched))
      return { index, point, state: "running", detail: `slurm ${sched}${run ? `, run ${run.state}` : ""}` };
    if (sched && QUEUED.has(sched))
      return {
        index,
        point,
        state: "pending",
        detail: `slurm ${sched}${run ? `, run ${run.state} (resumes)` : ""}`,
      };
    if (!run) {
      return {
        index,
        point,
        state: "missing",
        detail: sched ? `slurm ${sched}, no run directory` : "no run directory",
      };
    }
    if (run.state === "running" && !sched)
      return { index, point, state: "running", detail: "run running (no scheduler answer)" };
    return { index, point, state: "failed", detail: `run ${run.state}${sched ? `, slurm ${sched}` : ""}` };
  });
}

/** `jobId` or `jobId_INDEX` rows of squeue -r / sacct → array index → state. */
function parseStates(text: string, jobId: string): SchedulerStates {
  const out: SchedulerStates = new Map();
  for (const line of text.split("\n")) {
    const [id, state] = line.trim().split(/[|\s]+/);
    const m = new RegExp(`^${jobId}_(\\d+)$`).exec(id ?? "");
    if (m && state) out.set(Number(m[1]), state.replace(/\+$/, ""));
  }
  return out;
}

const run = (cmd: string, args: string[]) =>
  execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 20_000 });

/**
 * Slurm's states for the array tasks of a submitted sweep: sacct (finished tasks too) when accounting
 * is on, overlaid by squeue (live tasks). Undefined when neither can be asked.
 */
export function slurmStates(jobId: string): { states: SchedulerStates; sources: string[] } | undefined {
  const states: SchedulerStates = new Map();
  const sources: string[] = [];
  try {
    for (const [k, v] of parseStates(
      run("sacct", ["-n", "-P", "-X", "-j", jobId, "-o", "JobID,State"]),
      jobId,
    ))
      states.set(k, v);
    sources.push("sacct");
  } catch {
    // No accounting storage (sacct says so and exits 1) or no sacct: squeue alone.
  }
  try {
    const text = run("squeue", ["-h", "-r", "-j", jobId, "-o", "%i %T"]);
    for (const [k, v] of parseStates(text, jobId)) states.set(k, v);
    sources.push("squeue");
  } catch {
    // squeue errors for a job id it no longer knows; the run directories still answer.
  }
  return sources.length > 0 ? { states, sources } : undefined;
}

/** The last non-empty line of task INDEX's newest Slurm log, if any. */
export function lastLogLine(sweepDir: string, index: number): string | undefined {
  const logs = join(sweepDir, "logs");
  if (!existsSync(logs)) return undefined;
  const mine = readdirSync(logs)
    .filter((f) => f.endsWith(`_${index}.out`))
    .sort();
  if (mine.length === 0) return undefined;
  const lines = readFileSync(join(logs, mine.at(-1)!), "utf8")
    .trim()
    .split("\n");
  return lines.at(-1);
}

/** One line per point without a finished run: `0003 runs/0003 {"model.p":4} seed 2: missing (...)`. */
export function incompleteRuns(sweepDir: string, manifest: SweepManifest): string[] {
  return sweepStatus(sweepDir, manifest)
    .filter((s) => s.state !== "done")
    .map(
      (s) =>
        `${s.point.id} ${s.point.dir} ${JSON.stringify(s.point.params)} seed ${s.point.seed}: ${s.state === "missing" ? "missing" : "unfinished"} (${s.detail})`,
    );
}
