// The distill kind through the BUILT `pupil` binary (worker threads, wasm + training kernels), on templated
// 16×16 images with the built-in nets sized to them: a shortened distill-compare sweep and its report, SIGKILL
// mid-run + --resume equal to an uninterrupted run, the same seed giving the same bytes, exit 2 and 3.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorkspaceOnce } from "../../support/build-once.js";

const root = join(import.meta.dirname, "..", "..", "..");
const bin = join(root, "apps", "dashboard", "dist", "cli.js");
const tmp = mkdtempSync(join(tmpdir(), "pupil-distill-e2e-"));

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs pupil with its own stage cache (`cache`), so each run trains its teacher unless told to share. */
function pupil(
  args: string[],
  cache: string,
  onSpawn?: (child: ReturnType<typeof spawn>) => void,
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: tmp,
      env: {
        ...process.env,
        CI: "true",
        FORCE_COLOR: "0",
        PUPIL_STAGE_CACHE_DIR: join(tmp, "stages", cache),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    onSpawn?.(child);
  });
}

const read = (...parts: string[]) => readFileSync(join(tmp, ...parts), "utf8");

/** Templated images (200), tiny schedule: teacher 2, paraphraser 1, student 2 epochs; a checkpoint each. */
const small = [
  "--set",
  "distill.data.dataset=templated",
  "--set",
  "distill.data.templated.perClass=20",
  "--set",
  "distill.data.trainSize=120",
  "--set",
  "distill.data.testSize=30",
  "--set",
  "distill.teacher.epochs=2",
  "--set",
  "distill.student.epochs=2",
  "--set",
  "distill.preStage.epochs=1",
  "--set",
  "distill.batchSize=32",
];

beforeAll(() => buildWorkspaceOnce(), 600_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("pupil distill", () => {
  it("a shortened distill-compare sweep runs every method end to end; report draws accuracy per method", async () => {
    const r = await pupil(
      [
        "sweep",
        "distill-compare",
        "--grid",
        'distill.loss=[null,"kd","fitnets","attention","factor-transfer"]',
        "--seeds",
        "1",
        "--workers",
        "2",
        "--out",
        "compare",
        ...small,
      ],
      "compare",
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const table = read("compare", "table.md");
    for (const method of ["null", "kd", "fitnets", "attention", "factor-transfer"])
      expect(table).toContain(method);
    expect(table).toContain("test accuracy");
    // Stages as declared: FT has its paraphraser, the plain student no teacher stage.
    const sources = (dir: string) =>
      read("compare", "runs", dir, "snapshots.jsonl")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).source);
    expect(sources("0000")).toEqual(["student", "student"]);
    expect(sources("0004")).toEqual(["teacher", "teacher", "paraphraser", "student", "student"]);
    const report = await pupil(["report", "compare", "--out", "compare-report"], "compare");
    expect(report.code).toBe(0);
    const svg = read("compare-report", "accuracy-vs-epoch.svg");
    for (const label of ["plain student", "kd", "fitnets", "attention", "factor-transfer", "teacher"])
      expect(svg).toContain(label);
  }, 120_000);

  it("SIGKILL mid-run; --resume finishes with the log of an uninterrupted run, and the same seed gives the same bytes", async () => {
    const more = [...small, "--set", "distill.student.epochs=4", "--set", "seed=5"];
    const reference = await pupil(["run", "factor-transfer", ...more, "--out", "ft-full"], "full");
    expect(reference.code).toBe(0);
    const again = await pupil(["run", "factor-transfer", ...more, "--out", "ft-again"], "again");
    expect(again.code).toBe(0);
    expect(read("ft-again", "snapshots.jsonl")).toBe(read("ft-full", "snapshots.jsonl"));

    let killed = false;
    const cut = await pupil(["run", "factor-transfer", ...more, "--out", "ft-cut"], "cut", (child) => {
      const poll = setInterval(() => {
        const file = join(tmp, "ft-cut", "snapshots.jsonl");
        // Kill once the student stage has started (teacher and paraphraser checkpointed).
        if (!killed && existsSync(file) && readFileSync(file, "utf8").includes('"source":"student"')) {
          killed = true;
          clearInterval(poll);
          child.kill("SIGKILL");
        }
      }, 20);
      child.on("close", () => clearInterval(poll));
    });
    expect(killed).toBe(true);
    expect(cut.code).toBe(null);
    expect(existsSync(join(tmp, "ft-cut", "summary.json"))).toBe(false);
    const resumed = await pupil(["run", "--resume", "ft-cut"], "cut");
    expect(resumed.code).toBe(0);
    expect(read("ft-cut", "snapshots.jsonl")).toBe(read("ft-full", "snapshots.jsonl"));
    expect(read("ft-cut", "summary.json")).toBe(read("ft-full", "summary.json"));
  }, 120_000);

  it("SIGINT inside an epoch stops at the next batch (exit 130, the epoch's progress checkpointed); --resume gives the uninterrupted log", async () => {
    // 1500 training images in batches of 16: about 94 batches an epoch, so the signal lands inside one.
    const long = [
      ...small,
      "--set",
      "distill.data.templated.perClass=200",
      "--set",
      "distill.data.trainSize=1500",
      "--set",
      "distill.batchSize=16",
      "--set",
      "seed=6",
    ];
    // The reference run times an epoch on this machine (when its 1st and 2nd teacher epochs are written), so the
    // signal below lands half an epoch into the second one whatever the machine's load.
    const written: number[] = [];
    const reference = await pupil(
      ["run", "factor-transfer", ...long, "--out", "int-full"],
      "int-full",
      (child) => {
        const poll = setInterval(() => {
          const file = join(tmp, "int-full", "snapshots.jsonl");
          if (!existsSync(file)) return;
          const epochs = readFileSync(file, "utf8").split('"source":"teacher"').length - 1;
          while (written.length < Math.min(epochs, 2)) written.push(Date.now());
          if (written.length === 2) clearInterval(poll);
        }, 5);
        child.on("close", () => clearInterval(poll));
      },
    );
    expect(reference.code).toBe(0);
    expect(written.length).toBe(2);
    const halfEpochMs = (written[1] - written[0]) / 2;
    let signalled = false;
    const cut = await pupil(["run", "factor-transfer", ...long, "--out", "int-cut"], "int-cut", (child) => {
      const poll = setInterval(() => {
        const file = join(tmp, "int-cut", "snapshots.jsonl");
        // Half an epoch after the teacher's first epoch is written, its second is being trained.
        if (!signalled && existsSync(file) && readFileSync(file, "utf8").includes('"source":"teacher"')) {
          signalled = true;
          clearInterval(poll);
          setTimeout(() => child.kill("SIGINT"), halfEpochMs);
        }
      }, 5);
      child.on("close", () => clearInterval(poll));
    });
    expect(signalled).toBe(true);
    expect(cut.code).toBe(130);
    const checkpoint = JSON.parse(read("int-cut", "checkpoint.json"));
    const progress = (checkpoint.state ?? checkpoint).sources.distill.progress;
    expect(progress.batches).toBeGreaterThan(0);
    expect(progress.batches).toBeLessThan(94);
    const resumed = await pupil(["run", "--resume", "int-cut"], "int-cut");
    expect(resumed.code).toBe(0);
    expect(read("int-cut", "snapshots.jsonl")).toBe(read("int-full", "snapshots.jsonl"));
    expect(read("int-cut", "summary.json")).toBe(read("int-full", "summary.json"));
  }, 120_000);

  it("bad configs exit 2 naming the field and write nothing", async () => {
    const cases: [string[], string][] = [
      [["--set", "distill.data.dataset=cifar"], "distill.data.dataset"],
      [["--set", "distill.data.split.test=1.5"], "distill.data.split.test"],
      [["--set", "distill.loss=no-such-loss"], "distill.loss"],
      [["--set", 'distill.loss={"id":"factor-transfer","params":{"p":3}}'], "distill.loss.params.p"],
    ];
    for (const [sets, field] of cases) {
      const r = await pupil(["run", "distill-kd", ...small, ...sets, "--out", "bad"], "bad");
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(field);
      expect(existsSync(join(tmp, "bad"))).toBe(false);
    }
  }, 120_000);

  it("a diverging learning rate exits 3 and keeps the log", async () => {
    // The teacher trains (its snapshots are the log kept); the student's SGD step of 1e4 blows up.
    const r = await pupil(
      [
        "run",
        "distill-kd",
        ...small,
        "--set",
        "distill.optimizer=sgd",
        "--set",
        "distill.student.lr=1e4",
        "--out",
        "diverged",
      ],
      "diverged",
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("diverged");
    expect(JSON.parse(read("diverged", "status.json")).state).toBe("diverged");
    const sources = read("diverged", "snapshots.jsonl")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l).source);
    expect(sources).toEqual(["teacher", "teacher"]);
  }, 120_000);
});
