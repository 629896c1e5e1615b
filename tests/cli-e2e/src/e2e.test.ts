// End to end through the BUILT `pupil` binary (apps/dashboard/dist/cli.js). beforeAll builds the
// workspace once per vitest run (tests/support/build-once.ts; turbo-cached when nothing changed).
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorkspaceOnce } from "../../support/build-once.js";
import { type Result, root, runPupil } from "../../support/pupil-bin.js";

const tmp = mkdtempSync(join(tmpdir(), "pupil-e2e-"));

function pupil(
  args: string[],
  options: { onSpawn?: (child: ChildProcess) => void; env?: Record<string, string> } = {},
): Promise<Result> {
  return runPupil(args, { cwd: tmp, timeoutMs: 10 * 60_000, ...options });
}

const read = (...parts: string[]) => readFileSync(join(tmp, ...parts), "utf8");
const json = (...parts: string[]) => JSON.parse(read(...parts));
const lines = (...parts: string[]) =>
  read(...parts)
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));

// A small paired quadratic run (a few seconds), written as a config file next to the runs.
const small = {
  name: "e2e-small",
  kind: "paired",
  seed: 4,
  N: 400,
  lr: 0.3,
  alphaMax: 40,
  model: { activation: "quadratic", p: 3, pStar: 2 },
  record: { perDecade: 10, at: [5] },
  checkpoint: { every: 2 },
};

beforeAll(() => {
  buildWorkspaceOnce();
  writeFileSync(join(tmp, "small.json"), JSON.stringify(small));
}, 600_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("pupil run", () => {
  it("runs a preset and writes the run directory of the output contract", async () => {
    const r = await pupil([
      "run",
      "quadratic-escape",
      "--set",
      "N=300",
      "--set",
      "alphaMax=30",
      "--out",
      "preset",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\[sim\] α=0\.000 step=0 eg=/m);
    expect(r.stdout).toContain("run directory:");

    const config = json("preset", "config.json");
    expect(config).toMatchObject({
      kind: "paired",
      seed: 1,
      N: 300,
      lr: 0.2,
      alphaMax: 30,
      noiseTerm: true,
      labelNoise: 0,
    });
    expect(config.model).toMatchObject({
      activation: "quadratic",
      teacherActivation: "quadratic",
      p: 4,
      pStar: 2,
    });
    expect(config.model.secondLayer).toEqual({ student: "1/p", teacher: "1/p" });
    expect(config.integrator).toEqual({ method: "rk45" }); // tolerances: dynamics' accurate defaults
    expect(config.record).toMatchObject({ perDecade: 20, at: [] });
    expect(config.pupil.versions["@pupil/experiments"]).toMatch(/^\d+\.\d+\.\d+/);

    const snaps = lines("preset", "snapshots.jsonl");
    expect(new Set(snaps.map((s) => s.source))).toEqual(new Set(["ode", "sim"]));
    for (const s of snaps) {
      expect(typeof s.step).toBe("number");
      expect(typeof s.t).toBe("number");
      expect(typeof s.loss.gen).toBe("number");
      expect(s.overlaps.Q).toHaveLength(4);
      expect(s.overlaps.Q[0]).toHaveLength(4);
      expect(s.overlaps.M).toHaveLength(4);
      expect(s.overlaps.M[0]).toHaveLength(2);
      expect(s.overlaps.T).toHaveLength(2);
      expect(s.metrics).toEqual({});
    }
    expect(snaps.at(-1).t).toBe(30);

    const summary = json("preset", "summary.json");
    expect(summary.status).toBe("done");
    expect(summary.final.eg).toBe(snaps.filter((s) => s.source === "sim").at(-1).loss.gen);
    expect(summary.final.Q).toEqual(snaps.filter((s) => s.source === "sim").at(-1).overlaps.Q);
    expect(summary.plateau.eg).toBeGreaterThan(summary.final.eg);
    expect(summary).toHaveProperty("escapeAlpha");
    expect(summary.conserved.polar).toHaveProperty("maxDrift");
    expect(summary.conserved.polar.initial).toHaveLength(4);
    for (const at of ["plateau", "final"]) {
      expect(summary.hessian[at].min).toBeLessThanOrEqual(summary.hessian[at].max);
      expect(summary.hessian[at].spectrum.length).toBeGreaterThan(0);
    }
    expect(summary.bySource.ode.plateau.eg).toBe(summary.plateau.eg);
  });

  it("SIGINT mid-run exits 130; --resume finishes a log equal to an uninterrupted run's", async () => {
    // Long enough (N = 500, α up to 300: 150k SGD steps, seconds) that the interrupt lands mid-run.
    const longer = ["--set", "N=500", "--set", "alphaMax=300"];
    const reference = pupil(["run", "small.json", ...longer, "--out", "full"]);
    let sent = false;
    const interrupted = await pupil(["run", "small.json", ...longer, "--out", "cut", "--interval", "0"], {
      onSpawn: (child) => {
        child.stdout?.on("data", () => {
          const file = join(tmp, "cut", "snapshots.jsonl");
          if (!sent && existsSync(file) && read("cut", "snapshots.jsonl").split("\n").length > 50) {
            sent = true;
            child.kill("SIGINT");
          }
        });
      },
    });
    expect(interrupted.code).toBe(130);
    expect(interrupted.stdout).toContain("pupil run --resume");
    expect(json("cut", "status.json").state).toBe("interrupted");
    expect(existsSync(join(tmp, "cut", "summary.json"))).toBe(false);
    const full = await reference;
    expect(full.code).toBe(0);
    const cutLines = read("cut", "snapshots.jsonl").trim().split("\n").length;
    expect(cutLines).toBeLessThan(read("full", "snapshots.jsonl").trim().split("\n").length);

    const resumed = await pupil(["run", "--resume", "cut"]);
    expect(resumed.code).toBe(0);
    expect(read("cut", "snapshots.jsonl")).toBe(read("full", "snapshots.jsonl"));
    expect(read("cut", "summary.json")).toBe(read("full", "summary.json"));
  });

  it("a diverging η exits 3 naming α, and keeps the log", async () => {
    const r = await pupil([
      "run",
      "small.json",
      "--set",
      "lr=40",
      "--set",
      "kind=online",
      "--out",
      "diverged",
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/diverged at α = [\d.e+-]+/);
    const summary = json("diverged", "summary.json");
    expect(summary.status).toBe("diverged");
    expect(summary.divergence.alpha).toBeGreaterThan(0);
    expect(read("diverged", "snapshots.jsonl").length).toBeGreaterThan(0);
    expect(json("diverged", "status.json").state).toBe("diverged");
  });

  it("off a TTY: --json gives one snapshot per line on stdout", async () => {
    const r = await pupil(["run", "small.json", "--set", "kind=ode", "--json", "--out", "json"]);
    expect(r.code).toBe(0);
    const out = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(out).toEqual(lines("json", "snapshots.jsonl"));
    expect(r.stderr).toContain("run directory:");
  });

  it("pupil watch follows a run another process writes", async () => {
    const run = pupil(["run", "small.json", "--out", "watched"]);
    while (!existsSync(join(tmp, "watched", "snapshots.jsonl"))) await new Promise((r) => setTimeout(r, 50));
    const watch = await pupil(["watch", "watched", "--interval", "0", "--poll", "50"]);
    expect((await run).code).toBe(0);
    expect(watch.code).toBe(0);
    expect(watch.stdout).toMatch(/\[sim\] α=40\.00 /);
    expect(watch.stdout).toContain("run done");
  });
});

describe("runExperiment in its worker thread (built package)", () => {
  it("pause holds the worker, step lets one grid point through, resume finishes", async () => {
    const dist = (pkg: string, file = "index.js") => pathToFileURL(join(root, pkg, "dist", file)).href;
    const exp = await import(dist("packages/experiments"));
    const node = await import(dist("packages/experiments", "node.js"));
    const registry = await node.resolveNodeRecipe({
      builtins: [dist("plugins/activations"), dist("plugins/teachers")],
      modules: [],
    });
    const config = exp.resolveConfig({ ...small, N: 200, alphaMax: 5 }, { registry });
    const handle = exp.runExperiment(config, registry, { execution: "worker", worker: node.nodeWorker() });
    expect(handle.execution).toBe("worker");
    handle.pause();
    const seen: { type: string; status?: string }[] = [];
    const consumer = (async () => {
      for await (const e of handle.events()) seen.push(e);
    })();
    const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const count = () => seen.filter((e) => e.type === "snapshot").length;
    await wait(1500);
    const held = count();
    await wait(300);
    expect(count()).toBe(held);
    expect(seen.some((e) => e.type === "status" && e.status === "paused")).toBe(true);
    handle.step();
    await wait(500);
    expect(count()).toBe(held + 2); // one grid point: the ODE's and the simulation's snapshot
    handle.resume();
    await consumer;
    expect(seen.at(-1)).toEqual({ type: "done", stopped: false });
  });
});

describe("training runs", () => {
  it("runs the specialization preset (shortened) and reports its loss and ρ* per teacher node", async () => {
    const r = await pupil([
      "run",
      "specialization",
      "--set",
      "train.epochs=4",
      "--set",
      "train.evalEvery=2",
      "--set",
      "train.data.train=1000",
      "--set",
      "train.data.test=400",
      "--out",
      "spec",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\[train\] epoch=4 step=\d+ test=/m);
    const snaps = lines("spec", "snapshots.jsonl");
    expect(snaps.map((s) => s.t)).toEqual([0, 2, 4]);
    for (const s of snaps) {
      expect(s.source).toBe("train");
      expect(typeof s.loss.train).toBe("number");
      expect(typeof s.loss.test).toBe("number");
      expect(s.metrics["specialization-best"]).toHaveLength(10);
    }
    const summary = json("spec", "summary.json");
    expect(summary.final.epoch).toBe(4);
    expect(summary.final.metrics["specialization-best"]).toEqual(snaps.at(-1).metrics["specialization-best"]);
    const report = await pupil(["report", "spec"]);
    expect(report.code).toBe(0);
    expect(read("spec", "report", "loss-vs-epoch.svg")).toContain('data-label="test MSE"');
    expect(read("spec", "report", "specialization-best-vs-epoch.svg")).toContain('data-label="node 9"');
  });
  it("SIGINT mid-training; --resume continues from the checkpoint's epoch to the uninterrupted log", async () => {
    const args = [
      "run",
      "specialization",
      ...["--set", "train.epochs=40", "--set", "train.evalEvery=1", "--set", "checkpoint.every=2"],
      ...["--set", "train.data.train=3000", "--set", "train.data.test=400"],
    ];
    const reference = pupil([...args, "--out", "train-full"]);
    let sent = false;
    const interrupted = await pupil([...args, "--out", "train-cut", "--interval", "0"], {
      onSpawn: (child) => {
        child.stdout?.on("data", () => {
          const file = join(tmp, "train-cut", "snapshots.jsonl");
          if (!sent && existsSync(file) && read("train-cut", "snapshots.jsonl").split("\n").length > 6) {
            sent = true;
            child.kill("SIGINT");
          }
        });
      },
    });
    expect(interrupted.code).toBe(130);
    expect(json("train-cut", "status.json").state).toBe("interrupted");
    // state.next is the grid index to continue from; with evalEvery=1 the grid is 0, 1, …, 40 (index = epoch).
    const checkpointEpoch = json("train-cut", "checkpoint.json").state.next as number;
    expect(checkpointEpoch).toBeGreaterThan(0);
    expect(checkpointEpoch).toBeLessThan(40);
    const full = await reference;
    expect(full.code).toBe(0);

    const resumed = await pupil(["run", "--resume", "train-cut", "--interval", "0"]);
    expect(resumed.code).toBe(0);
    // The resumed process trained on from the checkpoint: its first new snapshot is that grid point's epoch.
    const firstEpoch = Number(/^\[train\] epoch=(\d+)/m.exec(resumed.stdout)?.[1]);
    expect(firstEpoch).toBe(checkpointEpoch);
    expect(read("train-cut", "snapshots.jsonl")).toBe(read("train-full", "snapshots.jsonl"));
    expect(read("train-cut", "summary.json")).toBe(read("train-full", "summary.json"));
  });
});

describe("spectral pruning", () => {
  it("runs the spectral-pruning preset (shortened) and reports its pruning ramp", async () => {
    const r = await pupil([
      "run",
      "spectral-pruning",
      "--set",
      "train.epochs=6",
      "--set",
      "train.evalEvery=3",
      "--set",
      "train.data.train=600",
      "--set",
      "train.data.test=300",
      "--set",
      "train.student.widths=[20,10]",
      "--out",
      "spectral",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const summary = json("spectral", "summary.json");
    const ramp = summary.final.metrics["pruning-ramp"] as number[][];
    expect(ramp[0]).toEqual([0, expect.any(Number), summary.final.losses.test]);
    expect(ramp.every((row) => row[1] <= 20)).toBe(true);
    expect(typeof summary.final.metrics["active-nodes"]).toBe("number");
    expect((await pupil(["report", "spectral"])).code).toBe(0);
    expect(read("spectral", "report", "pruning-ramp.svg")).toContain("nodes kept");
    expect(read("spectral", "report", "active-nodes-vs-epoch.svg")).toMatch(/^<svg/);
  });
});

describe("pupil sweep and report", () => {
  const grid = ["--grid", "model.p=2,3", "--seeds", "2", "--set", "alphaMax=10", "--set", "N=200"];

  it("a sweep on 2 workers runs every point and merges mean ± std tables", async () => {
    const r = await pupil(["sweep", "small.json", ...grid, "--workers", "2", "--out", "sweep"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const manifest = json("sweep", "sweep.json");
    expect(manifest.points).toHaveLength(4);
    for (const p of manifest.points) expect(json("sweep", p.dir, "summary.json").status).toBe("done");
    expect(manifest.points.map((p: { seed: number }) => p.seed)).toEqual([4, 5, 4, 5]);
    const csv = read("sweep", "table.csv").trim().split("\n");
    expect(csv).toHaveLength(3);
    expect(csv[0]).toMatch(/^model\.p,runs,diverged,missing,final_eg_mean,final_eg_std/);
    expect(read("sweep", "table.md")).toMatch(/\| model\.p \| runs \| final eg \(mean ± std\)/);
    // the table's mean is the mean of the two seeds' final eg
    const egs = manifest.points
      .slice(0, 2)
      .map((p: { dir: string }) => json("sweep", p.dir, "summary.json").final.eg);
    expect(Number(csv[1].split(",")[4])).toBeCloseTo((egs[0] + egs[1]) / 2, 12);
  });

  it("emitted jobs, run one by one and merged by report, give the sweep's results", async () => {
    const emitted = await pupil(["sweep", "small.json", ...grid, "--emit-jobs", "jobs"]);
    expect(emitted.code).toBe(0);
    const jobs = readdirSync(join(tmp, "jobs", "jobs")).sort();
    expect(jobs).toEqual(["0000.json", "0001.json", "0002.json", "0003.json"]);
    expect(read("jobs", "run-array.slurm")).toMatch(/#SBATCH --array=0-3/);
    for (const job of jobs) {
      const id = job.replace(".json", "");
      const r = await pupil(["run", join("jobs", "jobs", job), "--out", join("jobs", "runs", id)]);
      expect(r.code).toBe(0);
      expect(read("jobs", "runs", id, "snapshots.jsonl")).toBe(read("sweep", "runs", id, "snapshots.jsonl"));
    }
    const report = await pupil(["report", "jobs"]);
    expect(report.code).toBe(0);
    expect(read("jobs", "table.csv")).toBe(read("sweep", "table.csv"));
    expect(read("jobs", "table.md")).toBe(read("sweep", "table.md"));
    expect(read("jobs", "report", "final-eg-vs-model.p.svg")).toMatch(/^<svg/);
  });

  it("report writes eg vs α with the ODE overlaid and overlap heatmaps", async () => {
    const r = await pupil(["report", "full", "--at", "0,300"]);
    expect(r.code).toBe(0);
    const svg = read("full", "report", "eg-vs-alpha.svg");
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('data-label="ODE (N → ∞)"');
    expect(svg).toContain("stroke-dasharray");
    expect(svg).toContain('data-label="simulation (finite N), N=500"');
    const heat = read("full", "report", "overlaps-alpha-300.svg");
    expect(heat).toContain("M (student–teacher)");
    expect(heat).toContain("Q (student–student)");
    expect(readdirSync(join(tmp, "full", "report"))).toContain("overlaps-alpha-0.svg");
  });
});

describe("pupil demo", () => {
  it("runs with CI=true and no TTY, and says where the report is", async () => {
    const started = Date.now();
    const r = await pupil(["demo", "--out", "demo"]);
    expect(r.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(r.stdout).toContain(join(tmp, "demo", "report", "eg-vs-alpha.svg"));
    expect(existsSync(join(tmp, "demo", "summary.json"))).toBe(true);
  });

  it("invalid arguments exit 2 through the binary too", async () => {
    const r = await pupil(["run", "small.json", "--set", "model.p=0", "--out", "bad"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/model\.p: got 0/);
    expect(existsSync(join(tmp, "bad"))).toBe(false);
  });
});
