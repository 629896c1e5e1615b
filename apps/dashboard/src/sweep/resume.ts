// `pupil sweep --resume DIR`: finish only what is missing. Each point is in one of three states — done
// (summary.json), started (a run directory: resumed from its verified checkpoint) or not started (created
// from DIR/jobs/NNNN.json, the resolved config the sweep wrote before running anything) — and every
// started point is verified before anything is written, so a refused resume leaves the sweep as it was.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { isRunDir, RUN_FILES, readJson, runDirError, verifyResume } from "@pupil/experiments/node";
import { type LoadedConfig, loadConfig } from "../load.js";
import type { SweepManifest } from "./plan.js";

export const SWEEP_FILES = { manifest: "sweep.json", jobs: "jobs" } as const;

export const jobFile = (dir: string, id: string) => join(dir, SWEEP_FILES.jobs, `${id}.json`);

export type PointState = "done" | "started" | "pending";

export function readManifest(dir: string): SweepManifest {
  const file = join(dir, SWEEP_FILES.manifest);
  if (!existsSync(file)) {
    throw runDirError(
      `cannot resume ${dir}: it is not a sweep directory`,
      "--resume",
      dir,
      "a sweep directory (with sweep.json)",
    );
  }
  const m = readJson<SweepManifest>(file);
  if (
    m?.format !== "pupil-sweep/1" ||
    !Array.isArray(m.points) ||
    !m.points.every((p) => typeof p?.id === "string" && /^\d+$/.test(p.id) && typeof p.dir === "string")
  ) {
    throw runDirError(
      `cannot resume ${dir}: sweep.json is not a pupil-sweep/1 manifest`,
      "--resume",
      dir,
      "sweep.json as pupil sweep wrote it",
    );
  }
  return m;
}

export function pointState(dir: string, point: SweepManifest["points"][number]): PointState {
  const runDir = join(dir, point.dir);
  if (existsSync(join(runDir, RUN_FILES.summary))) return "done";
  if (isRunDir(runDir)) return "started";
  return "pending";
}

export interface ResumePlan {
  states: PointState[];
  /** Loaded configs of the points still to run (undefined for done points). */
  loaded: (LoadedConfig | undefined)[];
}

/**
 * Checks every unfinished point before anything is written: started points' checkpoints are verified
 * (read-only) and their config loaded from the run directory; pending points load DIR/jobs/NNNN.json.
 */
export async function planResume(dir: string, manifest: SweepManifest): Promise<ResumePlan> {
  const states = manifest.points.map((p) => pointState(dir, p));
  const loaded: (LoadedConfig | undefined)[] = [];
  for (const [i, point] of manifest.points.entries()) {
    const runDir = join(dir, point.dir);
    if (states[i] === "done") {
      loaded.push(undefined);
      continue;
    }
    let raw: Record<string, unknown>;
    let base: string;
    if (states[i] === "started") {
      raw = verifyResume(runDir, RUN_FILES).config;
      base = runDir;
    } else {
      const job = jobFile(dir, point.id);
      if (!existsSync(job)) {
        throw runDirError(
          `cannot resume ${dir}: point ${point.id} never started and ${job} is missing`,
          "--resume",
          dir,
          "a sweep directory written by pupil sweep (jobs/NNNN.json for each point)",
        );
      }
      raw = readJson<Record<string, unknown>>(job);
      base = dir;
    }
    const { pupil: _meta, ...rest } = raw;
    loaded.push(await loadConfig(rest, base, join(runDir, RUN_FILES.config)));
  }
  return { states, loaded };
}
