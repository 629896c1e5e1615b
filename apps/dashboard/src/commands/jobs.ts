// pupil jobs DIR [--json]: where each array task of an emitted sweep stands.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "@pupil/experiments";
import { readJson } from "@pupil/experiments/node";
import { parse } from "../args.js";
import { EXIT } from "../exit-codes.js";
import type { Io } from "../io.js";
import type { SweepManifest } from "../sweep/plan.js";
import { lastLogLine, type PointState, slurmStates, sweepStatus } from "../sweep/status.js";

export const JOBS_HELP = `pupil jobs DIR [--json]
  The state of every point of a sweep directory (from pupil sweep --emit-jobs or pupil sweep): done,
  running, pending, failed or missing per array index, from the run directories and, for a sweep
  submitted with --submit, from Slurm (squeue; sacct when accounting is on). For a failed task the last
  line of its Slurm log is shown.

Options:
  --json     one JSON object: { sweep, jobId, sources, counts, tasks: [{ index, dir, state, detail }] }

Exit codes: 0 every point done, 1 some point not done (yet), 2 not a sweep directory.

Examples:
  pupil jobs jobs/escape
  pupil jobs jobs/escape --json | jq '.counts'`;

const ORDER: PointState[] = ["done", "running", "pending", "failed", "missing"];

export async function jobsCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    "jobs",
    args,
    { json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    1,
  );
  if (values.help) {
    io.out(`${JOBS_HELP}\n`);
    return EXIT.done;
  }
  const dir = positionals[0];
  if (dir === undefined || !existsSync(join(dir, "sweep.json")))
    throw new ConfigError([{ path: "DIR", value: dir, expected: "a sweep directory (with sweep.json)" }]);
  const manifest = readJson<SweepManifest>(join(dir, "sweep.json"));
  const submitted = existsSync(join(dir, "submitted.json"))
    ? readJson<{ jobId?: string }>(join(dir, "submitted.json"))
    : undefined;
  const slurm = submitted?.jobId ? slurmStates(submitted.jobId) : undefined;
  const tasks = sweepStatus(dir, manifest, slurm?.states).map((t) => ({
    ...t,
    detail: t.state === "failed" ? `${t.detail}${logTail(dir, t.index)}` : t.detail,
  }));
  const counts = Object.fromEntries(ORDER.map((s) => [s, tasks.filter((t) => t.state === s).length]));
  const sources = ["run directories", ...(slurm?.sources ?? [])];
  if (values.json) {
    io.out(
      `${JSON.stringify({
        sweep: manifest.name,
        jobId: submitted?.jobId ?? null,
        sources,
        counts,
        tasks: tasks.map((t) => ({ index: t.index, dir: t.point.dir, state: t.state, detail: t.detail })),
      })}\n`,
    );
  } else {
    const head = `sweep ${manifest.name}${submitted?.jobId ? ` (Slurm job ${submitted.jobId})` : ""}: ${tasks.length} points, ${ORDER.map((s) => `${counts[s]} ${s}`).join(", ")}`;
    const rows = tasks.map(
      (t) => `${String(t.index).padStart(5)}  ${t.point.dir.padEnd(10)} ${t.state.padEnd(8)} ${t.detail}`,
    );
    io.out(`${head}\n(from ${sources.join(", ")})\nindex  run        state    detail\n${rows.join("\n")}\n`);
  }
  return counts.done === tasks.length ? EXIT.done : EXIT.failed;
}

function logTail(dir: string, index: number): string {
  const line = lastLogLine(dir, index);
  return line ? `; log: ${line.slice(0, 160)}` : "";
}
