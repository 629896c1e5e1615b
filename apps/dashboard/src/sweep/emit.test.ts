// Emitted cluster jobs: the Slurm array's directives, the per-index task script run for real by bash
// (fresh start, resume from a checkpointed run directory, skip a finished run), the Kubernetes Indexed
// Job validated by the validator generated from Kubernetes' own OpenAPI schema for batch/v1 Job, and the
// incomplete-sweep behaviour of `pupil report` and `pupil jobs`.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Job } from "kubernetes-models/batch/v1/Job";
import { afterAll, describe, expect, it } from "vitest";
import type { Io } from "../io.js";
import { main } from "../main.js";
import { k8sName } from "./k8s.js";
import { expandSweep } from "./plan.js";
import { parseResources, timeSeconds } from "./resources.js";
import { taskScript } from "./slurm.js";

const tmp = mkdtempSync(join(tmpdir(), "pupil-emit-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function captureIo(): Io & { text: () => string; errText: () => string } {
  let out = "";
  let err = "";
  return {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    tty: false,
    stdout: process.stdout,
    stdin: process.stdin,
    text: () => out,
    errText: () => err,
  };
}

const config = { kind: "ode", lr: 0.2, alphaMax: 5, model: { activation: "quadratic", p: 2, pStar: 1 } };
writeFileSync(join(tmp, "base.json"), JSON.stringify(config));
const grid = ["sweep", join(tmp, "base.json"), "--grid", "model.p=2,3", "--seeds", "2"];

async function emit(name: string, extra: string[]) {
  const io = captureIo();
  const code = await main([...grid, "--emit-jobs", join(tmp, name), ...extra], io);
  return { code, out: io.text(), err: io.errText() };
}

describe("the Slurm array", () => {
  it("makes logs/ at emit time, requeues with appended logs, and writes the resource flags", async () => {
    const r = await emit("slurm", [
      ...["--time", "1:30:00", "--mem", "2G", "--cpus", "2", "--partition", "short", "--account", "lab"],
      "--sbatch=--qos=low",
      "--sbatch=--constraint=avx2",
    ]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const dir = join(tmp, "slurm");
    expect(existsSync(join(dir, "logs"))).toBe(true);
    const script = readFileSync(join(dir, "run-array.slurm"), "utf8");
    const directives = script.split("\n").filter((l) => l.startsWith("#SBATCH "));
    expect(directives).toEqual([
      "#SBATCH --job-name=pupil-sweep",
      "#SBATCH --array=0-3",
      "#SBATCH --cpus-per-task=2",
      `#SBATCH --chdir=${dir}`,
      `#SBATCH --output=${dir}/logs/%A_%a.out`,
      "#SBATCH --open-mode=append",
      "#SBATCH --requeue",
      "#SBATCH --time=1:30:00",
      "#SBATCH --mem=2G",
      "#SBATCH --partition=short",
      "#SBATCH --account=lab",
      "#SBATCH --qos=low",
      "#SBATCH --constraint=avx2",
    ]);
    // bash reads the #SBATCH lines as comments; the script itself is valid bash.
    execFileSync("bash", ["-n", join(dir, "run-array.slurm")]);
    execFileSync("bash", ["-n", join(dir, "run-task.sh")]);
    // The default pupil command is this node binary, resolved at emit time, not a `pupil` on PATH.
    expect(readFileSync(join(dir, "run-task.sh"), "utf8")).toContain(`CMD=('${process.execPath}' `);
  });

  it.each([
    [["--time", "90 minutes"], /--time: got "90 minutes"/],
    [["--mem", "2GB"], /--mem: got "2GB"/],
    [["--cpus", "0"], /--cpus: got "0"/],
    [["--partition", "a b"], /--partition: got "a b"/],
    [["--sbatch", "qos=low"], /--sbatch: got "qos=low"/],
    [["--engine", "pbs"], /--engine: got "pbs"/],
    [["--engine", "k8s", "--submit"], /--submit: got true/],
    [["--image", "x"], /--image: got "x".*--engine k8s/],
  ])("bad job flags %j exit 2 naming the flag, nothing written", async (flags, message) => {
    const name = `bad-${flags.join("-").replace(/[^a-z0-9-]/gi, "")}`;
    const r = await emit(name, flags);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(existsSync(join(tmp, name))).toBe(false);
  });

  it("--submit without sbatch on PATH: the jobs are emitted, the command says so and exits 1", async () => {
    const path = process.env.PATH;
    process.env.PATH = join(tmp, "no-such-bin");
    try {
      const r = await emit("no-sbatch", ["--submit"]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/sbatch not found on PATH.*\n.*submit later with: sbatch .*run-array\.slurm/);
      expect(existsSync(join(tmp, "no-sbatch", "run-array.slurm"))).toBe(true);
      expect(existsSync(join(tmp, "no-sbatch", "submitted.json"))).toBe(false);
    } finally {
      process.env.PATH = path;
    }
  });

  it("job flags without --emit-jobs exit 2", async () => {
    const io = captureIo();
    expect(await main([...grid, "--time", "10", "--out", join(tmp, "no-emit")], io)).toBe(2);
    expect(io.errText()).toMatch(/--time: got "10".*used with --emit-jobs/);
  });

  it("reads Slurm time limits in all of sbatch's forms", () => {
    expect(timeSeconds("30")).toBe(1800);
    expect(timeSeconds("30:15")).toBe(1815);
    expect(timeSeconds("2:00:01")).toBe(7201);
    expect(timeSeconds("1-2")).toBe(93_600);
    expect(timeSeconds("1-02:03")).toBe(93_780);
    expect(timeSeconds("1-02:03:04")).toBe(93_784);
    expect(timeSeconds("1:75:00")).toBeUndefined();
    expect(timeSeconds("0")).toBeUndefined();
    expect(parseResources({}).cpus).toBe(1);
  });
});

describe("run-task.sh, run by bash", () => {
  // A stand-in for the CLI that records how it was called; its path has a space and a quote in it.
  const stubDir = join(tmp, "stub dir's");
  mkdirSync(stubDir, { recursive: true });
  const stub = join(stubDir, "cli.mjs");
  writeFileSync(
    stub,
    `import { appendFileSync } from "node:fs";\nappendFileSync(process.env.CALLS, JSON.stringify(process.argv.slice(2)) + "\\n");\n`,
  );
  const sweep = join(tmp, "task");
  mkdirSync(join(sweep, "runs"), { recursive: true });
  const manifest = expandSweep("t", [{ key: "lr", values: [0.1, 0.2] }], 2, 0);
  writeFileSync(join(sweep, "run-task.sh"), taskScript(manifest, { node: process.execPath, cli: stub }));
  chmodSync(join(sweep, "run-task.sh"), 0o755);
  const calls = join(tmp, "calls.jsonl");

  const task = (index: number, env: Record<string, string> = {}) => {
    rmSync(calls, { force: true });
    // From another directory: the script finds its sweep directory itself.
    const out = execFileSync("bash", [join(sweep, "run-task.sh"), String(index)], {
      cwd: tmp,
      encoding: "utf8",
      env: { ...process.env, CALLS: calls, ...env },
    });
    const argv = existsSync(calls)
      ? readFileSync(calls, "utf8")
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l))
      : [];
    return { out, argv };
  };

  it("a fresh point runs its job config into runs/NNNN", () => {
    expect(task(0).argv).toEqual([["run", "jobs/0000.json", "--out", "runs/0000", "--no-ui"]]);
  });

  it("a run directory holding a run resumes it from its checkpoint", () => {
    mkdirSync(join(sweep, "runs", "0001"));
    writeFileSync(join(sweep, "runs", "0001", "config.json"), "{}");
    writeFileSync(join(sweep, "runs", "0001", "snapshots.jsonl"), "");
    const r = task(1);
    expect(r.out).toContain("resuming runs/0001");
    expect(r.argv).toEqual([["run", "--resume", "runs/0001", "--no-ui"]]);
  });

  it("a finished run is skipped; an empty leftover directory starts afresh", () => {
    mkdirSync(join(sweep, "runs", "0002"));
    writeFileSync(join(sweep, "runs", "0002", "summary.json"), "{}");
    const r = task(2);
    expect(r.out).toContain("already finished");
    expect(r.argv).toEqual([]);
    mkdirSync(join(sweep, "runs", "0003"));
    expect(task(3).argv).toEqual([["run", "jobs/0003.json", "--out", "runs/0003", "--no-ui"]]);
    expect(existsSync(join(sweep, "runs", "0003"))).toBe(false);
  });

  it("$PUPIL replaces the emitted command", () => {
    rmSync(join(sweep, "runs", "0001"), { recursive: true });
    writeFileSync(join(tmp, "stub2.mjs"), readFileSync(stub, "utf8"));
    expect(task(1, { PUPIL: `${process.execPath} ${join(tmp, "stub2.mjs")} --flag` }).argv).toEqual([
      ["--flag", "run", "jobs/0001.json", "--out", "runs/0001", "--no-ui"],
    ]);
  });
});

describe("the Kubernetes Indexed Job", () => {
  it("validates against batch/v1 Job and maps JOB_COMPLETION_INDEX to the sweep point", async () => {
    const r = await emit("k8s", ["--engine", "k8s", "--time", "2:00:00", "--mem", "1G", "--workers", "3"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const dir = join(tmp, "k8s");
    const job = JSON.parse(readFileSync(join(dir, "job.k8s.json"), "utf8"));
    expect(() => new Job(job).validate()).not.toThrow();
    expect(job.spec).toMatchObject({ completionMode: "Indexed", completions: 4, parallelism: 3 });
    const pod = job.spec.template.spec;
    expect(pod.restartPolicy).toBe("OnFailure");
    expect(pod.activeDeadlineSeconds).toBe(7200);
    const [container] = pod.containers;
    expect(container.command.join(" ")).toContain(`${dir}/run-task.sh "$JOB_COMPLETION_INDEX"`);
    expect(container.resources).toEqual({ requests: { cpu: "1", memory: "1Gi" }, limits: { memory: "1Gi" } });
    expect(container.volumeMounts).toEqual([{ name: "sweep", mountPath: dir }]);
    expect(existsSync(join(dir, "run-array.slurm"))).toBe(false);
    expect(existsSync(join(dir, "run-task.sh"))).toBe(true);
  });

  it("the validator is not vacuous: a wrong type or a missing field fails it", async () => {
    const job = JSON.parse(readFileSync(join(tmp, "k8s", "job.k8s.json"), "utf8"));
    const wrong = structuredClone(job);
    wrong.spec.completions = "4";
    expect(() => new Job(wrong).validate()).toThrow(/completions must be integer/);
    const noImage = structuredClone(job);
    delete noImage.spec.template.spec.containers[0].name;
    expect(() => new Job(noImage).validate()).toThrow(/name/);
  });

  it("names are DNS-1123 labels", () => {
    expect(k8sName("Quadratic Escape_p=4")).toBe("pupil-quadratic-escape-p-4");
    expect(k8sName("x".repeat(100))).toHaveLength(63);
  });
});

describe("an incomplete sweep", () => {
  it("report lists missing and unfinished runs on stderr and exits 1 unless --allow-missing", async () => {
    const dir = join(tmp, "incomplete");
    expect((await emit("incomplete", [])).code).toBe(0);
    const runs = await import("@pupil/experiments/node");
    // Point 0 finished (a real run, written through the same writer the CLI uses); point 1 interrupted.
    const io0 = captureIo();
    expect(await main(["run", join(dir, "jobs", "0000.json"), "--out", join(dir, "runs", "0000")], io0)).toBe(
      0,
    );
    mkdirSync(join(dir, "runs", "0001"));
    writeFileSync(join(dir, "runs", "0001", "config.json"), "{}");
    writeFileSync(join(dir, "runs", "0001", "snapshots.jsonl"), "");
    writeFileSync(join(dir, "runs", "0001", "status.json"), JSON.stringify({ state: "interrupted" }));
    expect(runs.isRunDir(join(dir, "runs", "0001"))).toBe(true);

    const io = captureIo();
    expect(await main(["report", dir], io)).toBe(1);
    expect(io.errText()).toContain("3 of 4 runs not in the table");
    expect(io.errText()).toMatch(/0001 runs\/0001 \{"model\.p":2\} seed 1: unfinished \(run interrupted\)/);
    expect(io.errText()).toMatch(/0003 runs\/0003 \{"model\.p":3\} seed 1: missing/);
    expect(readFileSync(join(dir, "table.md"), "utf8")).toMatch(/\| 2 \| 1\/2 \|/);
    const allowed = captureIo();
    expect(await main(["report", dir, "--allow-missing"], allowed)).toBe(0);
    expect(allowed.errText()).toContain("3 of 4 runs not in the table");

    const jobs = captureIo();
    expect(await main(["jobs", dir, "--json"], jobs)).toBe(1);
    const status = JSON.parse(jobs.text());
    expect(status.counts).toEqual({ done: 1, running: 0, pending: 0, failed: 1, missing: 2 });
    expect(status.tasks.map((t: { state: string }) => t.state)).toEqual([
      "done",
      "failed",
      "missing",
      "missing",
    ]);
  });

  it("jobs on a directory without sweep.json exits 2", async () => {
    const io = captureIo();
    expect(await main(["jobs", tmp], io)).toBe(2);
    expect(io.errText()).toMatch(/DIR: got .*a sweep directory/);
  });
});
