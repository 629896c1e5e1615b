// An emitted sweep on a REAL single-node Slurm cluster (tests/slurm/start-cluster.sh: munged, slurmctld
// and slurmd on this machine). `pupil sweep --emit-jobs --submit` sbatches the array; one task is
// interrupted mid-run with `scancel --signal=INT` and requeued, another is requeued while running (Slurm
// kills it, as a preemption would); both resume from their checkpoints. `pupil report` on the cluster's
// sweep directory must then merge exactly the table a local `pupil sweep` of the same grid and seeds
// writes, from byte-identical run logs. Skipped, saying why, only where sbatch is not installed; under
// CI=true a missing sbatch fails instead (.ci/run installs slurm-wlm and starts the cluster).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorkspaceOnce } from "../../support/build-once.js";
import { type Result, runPupil } from "../../support/pupil-bin.js";

const onPath = (cmd: string) =>
  (process.env.PATH ?? "").split(delimiter).some((d) => d !== "" && existsSync(join(d, cmd)));
const hasSbatch = onPath("sbatch");
const inCi = Boolean(process.env.CI) && process.env.CI !== "false" && process.env.CI !== "0";
const skipReason =
  "sbatch not on PATH: apt-get install -y slurm-wlm munge, then tests/slurm/start-cluster.sh";

function sh(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const e = error as Error & { stderr?: string };
    throw new Error(`${cmd} ${args.join(" ")}: ${e.stderr?.trim() || e.message}`);
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(200);
  }
}

let tmp = "";
let submittedJob: string | undefined;
function pupil(args: string[]): Promise<Result> {
  return runPupil(args, { cwd: tmp, timeoutMs: 10 * 60_000 });
}

const read = (...parts: string[]) => readFileSync(join(tmp, ...parts), "utf8");
const lineCount = (...parts: string[]) =>
  existsSync(join(tmp, ...parts)) ? read(...parts).split("\n").length - 1 : 0;
/** Slurm's state of one array task, or undefined once squeue no longer lists it. */
const taskState = (job: string, index: number) =>
  sh("squeue", ["-h", "-r", "-j", job, "-o", "%i %T"])
    .split("\n")
    .map((l) => l.trim().split(" "))
    .find(([id]) => id === `${job}_${index}`)?.[1];

/** Slurm holds a requeued task back two minutes; release it now, as an operator would. */
async function releaseNow(job: string, index: number): Promise<void> {
  await until(
    `task ${index} pending after requeue`,
    () => {
      try {
        sh("scontrol", ["update", `JobId=${job}_${index}`, "StartTime=now"]);
        return true;
      } catch {
        return undefined; // still completing its kill
      }
    },
    60_000,
  );
}

// Online SGD, N = 1000 up to α = 1000: a million steps, long enough on a quiet machine for a task to be
// caught mid-run; checkpointed every 2 records.
const config = {
  name: "slurm-small",
  kind: "online",
  seed: 4,
  N: 1000,
  lr: 0.3,
  alphaMax: 1000,
  model: { activation: "quadratic", p: 3, pStar: 2 },
  record: { perDecade: 10 },
  checkpoint: { every: 2 },
};
const grid = ["--grid", "model.p=2,3", "--seeds", "2"];

if (!hasSbatch)
  console.warn(`tests/slurm: ${inCi ? "FAILING (CI must have Slurm)" : "SKIPPED"}: ${skipReason}`);

// Under CI a missing sbatch is a failure, never a skip.
if (!hasSbatch && inCi) {
  describe("Slurm in CI", () => {
    it("has sbatch (.ci/run installs slurm-wlm and starts the cluster)", () => {
      expect(hasSbatch, skipReason).toBe(true);
    });
  });
}

const cluster = hasSbatch ? describe : describe.skip;
cluster(hasSbatch ? "a sweep on a real single-node Slurm cluster" : `SKIPPED: ${skipReason}`, () => {
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), "pupil-slurm-"));
    writeFileSync(join(tmp, "small.json"), JSON.stringify(config));
    buildWorkspaceOnce();
    const started = Date.now();
    const out = sh("bash", [join(import.meta.dirname, "..", "start-cluster.sh")]);
    console.log(`${out.trim()} (script ${Date.now() - started} ms)`);
  }, 900_000);

  afterAll(() => {
    if (submittedJob) execFileSync("scancel", [submittedJob], { stdio: "ignore" });
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("submits, survives an interrupt and a requeue, and merges the local sweep's table", async () => {
    const t0 = Date.now();
    const local = pupil(["sweep", "small.json", ...grid, "--workers", "2", "--out", "local"]);

    const submitted = await pupil(["sweep", "small.json", ...grid, "--emit-jobs", "cluster", "--submit"]);
    expect(submitted.stderr).toBe("");
    expect(submitted.code).toBe(0);
    const job = /^submitted job (\d+)$/m.exec(submitted.stdout)?.[1];
    expect(job).toMatch(/^\d+$/);
    expect(JSON.parse(read("cluster", "submitted.json")).jobId).toBe(job);
    const id = job as string;
    submittedJob = id;

    // Task 0: SIGINT mid-run (pupil flushes, checkpoints and exits 130), then requeued.
    await until("task 0 mid-run", () => lineCount("cluster", "runs", "0000", "snapshots.jsonl") > 8, 120_000);
    expect(taskState(id, 0)).toBe("RUNNING");
    // --full: the signal goes to the batch step's processes (pupil itself). slurmctld can answer "try
    // again later" while it still delivers the signal, so the task's own status is what counts.
    try {
      sh("scancel", ["--full", "--signal=INT", `${id}_0`]);
    } catch (error) {
      console.log(`scancel: ${(error as Error).message}`);
    }
    await until("task 0 to stop", () => taskState(id, 0) === undefined || undefined, 60_000);
    expect(JSON.parse(read("cluster", "runs", "0000", "status.json")).state).toBe("interrupted");
    expect(existsSync(join(tmp, "cluster", "runs", "0000", "summary.json"))).toBe(false);

    // Task 2 starts in the slot task 0 freed, so it is early in its run now: requeued while running,
    // Slurm kills it the way a preemption does.
    await until("task 2 mid-run", () => lineCount("cluster", "runs", "0002", "snapshots.jsonl") > 8, 120_000);
    expect(existsSync(join(tmp, "cluster", "runs", "0002", "summary.json"))).toBe(false);
    sh("scontrol", ["requeue", `${id}_2`]);

    // While they are out, jobs and report see an incomplete sweep.
    const midway = await pupil(["jobs", "cluster", "--json"]);
    expect(midway.code).toBe(1);
    expect(JSON.parse(midway.stdout).tasks[0].state).toBe("failed");
    const early = await pupil(["report", "cluster"]);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/0000 runs\/0000 \{"model\.p":2\} seed 4: unfinished \(run interrupted/);

    sh("scontrol", ["requeue", `${id}_0`]);
    await releaseNow(id, 0);
    await releaseNow(id, 2);
    await until(
      "the array to finish",
      () => sh("squeue", ["-h", "-j", id]).trim() === "" || undefined,
      300_000,
    );
    const clusterSeconds = (Date.now() - t0) / 1000;

    const status = await pupil(["jobs", "cluster", "--json"]);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).counts).toEqual({
      done: 4,
      running: 0,
      pending: 0,
      failed: 0,
      missing: 0,
    });
    for (const index of [0, 2]) {
      const log = read("cluster", "logs", `${id}_${index}.out`);
      expect(log).toMatch(new RegExp(`pupil task ${index} .* restart 0\\n`));
      expect(log).toMatch(new RegExp(`pupil task ${index} .* restart 1\\n`));
      expect(log).toContain(`resuming runs/000${index} from its checkpoint`);
    }
    expect(read("cluster", "logs", `${id}_0.out`)).toContain("interrupted; log flushed");

    const sweep = await local;
    expect(sweep.code).toBe(0);
    const report = await pupil(["report", "cluster"]);
    expect(report.stderr).toBe("");
    expect(report.code).toBe(0);
    for (const p of ["0000", "0001", "0002", "0003"])
      expect(read("cluster", "runs", p, "snapshots.jsonl")).toBe(read("local", "runs", p, "snapshots.jsonl"));
    expect(read("cluster", "table.csv")).toBe(read("local", "table.csv"));
    expect(read("cluster", "table.md")).toBe(read("local", "table.md"));
    expect(read("cluster", "table.csv").trim().split("\n")).toHaveLength(3);
    console.log(`slurm array with an interrupt and a requeue: ${clusterSeconds.toFixed(1)} s to finish`);
  }, 600_000);
});
