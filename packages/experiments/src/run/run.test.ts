import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { overlapsOf } from "@pupil/dynamics";
import { type NetParams, type NetSpec, predict, spectralToDense } from "@pupil/models";
import type { Snapshot } from "@pupil/plugin";
import activations from "@pupil/plugin-activations";
import metrics from "@pupil/plugin-metrics";
import teachers from "@pupil/plugin-teachers";
import { createRng } from "@pupil/tensors";
import { afterAll, describe, expect, it } from "vitest";
import {
  type CommitteeConfig,
  type ResolvedConfig,
  resolveConfig,
  type TrainRunConfig,
} from "../config/resolve.js";
import { buildRegistry } from "../index.js";
import { buildPlan } from "../kinds/committee/plan.js";
import { studentWithOverlaps } from "../kinds/committee/student-init.js";
import { buildTrainPlan } from "../kinds/train/plan.js";

import { RunDirWriter } from "../rundir/files.js";
import { runInDirectory } from "../rundir/run.js";
import { stripWallClock } from "./engine.js";
import { RunDivergedError } from "./errors.js";
import { type RunEvent, runExperiment } from "./handle.js";
import type { EngineState } from "./source.js";

const registry = await buildRegistry({ packs: [activations, teachers, metrics] });
const tmp = mkdtempSync(join(tmpdir(), "pupil-exp-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const paired = (over: Record<string, unknown> = {}): CommitteeConfig =>
  resolveConfig({
    kind: "paired",
    seed: 5,
    N: 200,
    lr: 0.2,
    alphaMax: 2,
    model: { activation: "quadratic", p: 2, pStar: 1 },
    record: { perDecade: 5, at: [0.37] },
    checkpoint: { every: 3 },
    ...over,
  }) as CommitteeConfig;

async function collect(
  config: ResolvedConfig,
  resume?: EngineState,
): Promise<{ snaps: Snapshot[]; events: RunEvent[] }> {
  const events: RunEvent[] = [];
  for await (const e of runExperiment(config, registry, { resume }).events()) events.push(e);
  const snaps = events.flatMap((e) => (e.type === "snapshot" ? [stripWallClock(e.snapshot)] : []));
  return { snaps, events };
}

describe("runExperiment", () => {
  it("a paired run interleaves ODE and simulation on one grid, from the same start", async () => {
    const { snaps } = await collect(paired());
    expect(snaps.length % 2).toBe(0);
    for (let i = 0; i < snaps.length; i += 2) {
      expect([snaps[i].source, snaps[i + 1].source]).toEqual(["ode", "sim"]);
      expect(Math.abs(snaps[i].t - snaps[i + 1].t)).toBeLessThanOrEqual(0.5 / 200);
    }
    // the ODE starts at the simulation's exact initial overlaps
    expect(snaps[0].overlaps).toEqual(snaps[1].overlaps);
    // record.at values appear exactly; the grid ends at alphaMax
    expect(snaps.filter((s) => s.source === "ode").map((s) => s.t)).toContain(0.37);
    expect(snaps[snaps.length - 1].t).toBe(2);
  });

  it("the same seed gives a bit-identical log, another seed a different one", async () => {
    const a = await collect(paired());
    const b = await collect(paired());
    const c = await collect(paired({ seed: 6 }));
    expect(JSON.stringify(b.snaps)).toBe(JSON.stringify(a.snaps));
    expect(JSON.stringify(c.snaps)).not.toBe(JSON.stringify(a.snaps));
  });

  it("pause holds the run, step lets one grid point through, resume finishes it", async () => {
    const handle = runExperiment(paired(), registry);
    handle.pause();
    const seen: RunEvent[] = [];
    const consumer = (async () => {
      for await (const e of handle.events()) seen.push(e);
    })();
    const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const snapshots = () =>
      seen.filter((e) => e.type === "snapshot").map((e) => (e as { snapshot: Snapshot }).snapshot);
    await wait(150);
    expect(seen).toEqual([{ type: "status", status: "paused" }]);
    handle.step();
    await wait(150);
    // one grid point: the ODE's snapshot and the simulation's, both at α = 0, then nothing more
    expect(snapshots().map((s) => [s.source, s.t])).toEqual([
      ["ode", 0],
      ["sim", 0],
    ]);
    handle.step();
    await wait(150);
    expect(snapshots().length).toBe(4);
    handle.resume();
    await consumer;
    expect(seen.at(-1)).toEqual({ type: "done", stopped: false });
    expect(snapshots().length).toBe((await collect(paired())).snaps.length);
  });

  it("stop leaves a checkpoint; resuming from it completes the same log as an uninterrupted run", async () => {
    const full = await collect(paired());
    const handle = runExperiment(paired(), registry);
    const first: Snapshot[] = [];
    let checkpoint: EngineState | undefined;
    for await (const e of handle.events()) {
      if (e.type === "snapshot") {
        first.push(stripWallClock(e.snapshot));
        if (first.length === 9) handle.stop();
      }
      if (e.type === "checkpoint") checkpoint = e.state;
      if (e.type === "done") expect(e.stopped).toBe(true);
    }
    expect(checkpoint).toBeDefined();
    const kept = first.slice(0, checkpoint!.next * 2);
    const rest = await collect(paired(), checkpoint);
    expect(JSON.stringify([...kept, ...rest.snaps])).toBe(JSON.stringify(full.snaps));
  });

  it("metric plugins apply to committee runs too: overlaps-only metrics on the ODE, weight metrics on the simulation", async () => {
    const { snaps } = await collect(paired({ metrics: ["eval-mse", "specialization-best"] }));
    const ode = snaps.filter((s) => s.source === "ode");
    const sim = snaps.filter((s) => s.source === "sim");
    for (const s of sim) expect((s.metrics["specialization-best"] as number[]).length).toBe(1);
    for (const s of ode) expect(s.metrics["specialization-best"]).toBeUndefined();
    expect(() => resolveConfig({ ...paired(), metrics: ["nope"] }, { registry })).toThrow(/metrics\[0\]/);
  });

  it("a diverging learning rate ends in RunDivergedError naming α", async () => {
    const config = resolveConfig({
      kind: "ode",
      lr: 50,
      alphaMax: 50,
      model: { activation: "quadratic", p: 2, pStar: 1 },
    });
    await expect(collect(config)).rejects.toSatisfy(
      (e: unknown) => e instanceof RunDivergedError && Number.isFinite(e.alpha) && /α/.test(e.message),
    );
  });
});

describe("studentWithOverlaps", () => {
  it("builds weights whose measured overlaps are exactly the requested Q and M", () => {
    const N = 300;
    const config = paired({ N, model: { activation: "quadratic", p: 3, pStar: 2 } });
    const teacher = buildPlan(config, registry).teacher.layers[0].data;
    const Q = [
      [1, 0.2, 0],
      [0.2, 0.8, 0.1],
      [0, 0.1, 0.5],
    ];
    const M = [
      [0.3, 0],
      [0, 0.4],
      [0.1, 0.1],
    ];
    const W = studentWithOverlaps(Q, M, teacher, N, createRng(1));
    const measured = overlapsOf(W, teacher, N, 3, 2);
    for (let j = 0; j < 3; j++) {
      for (let k = 0; k < 3; k++) expect(measured.Q[j][k]).toBeCloseTo(Q[j][k], 10);
      for (let r = 0; r < 2; r++) expect(measured.M[j][r]).toBeCloseTo(M[j][r], 10);
    }
  });
});

describe("runInDirectory", () => {
  it("writes the contract's files; the summary's plateau, Hessian and Π(M) match the quadratic network's closed forms", async () => {
    // gradient flow, a = 1/p, b = 1/p*, T = I: plateau eg = 1/(p+2) + 1/p*, Hessian extremes −4/(p p*) and 4/p;
    // with Q0 = I (commuting with M0 M0ᵀ) the polar factor Π(M) is conserved.
    const p = 4;
    const pStar = 2;
    const eye = (n: number) =>
      Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
    const M0 = [
      [0.02, -0.01],
      [0.01, 0.03],
      [-0.02, 0.01],
      [0.015, 0.02],
    ];
    const config = resolveConfig({
      kind: "ode",
      seed: 1,
      N: 500,
      lr: 0.5,
      noiseTerm: false,
      alphaMax: 60,
      model: { activation: "quadratic", p, pStar },
      init: { Q: eye(p), M: M0, T: eye(pStar) },
    });
    const dir = join(tmp, "ode");
    const writer = RunDirWriter.create(dir, config);
    const outcome = await runInDirectory(config, registry, { writer }).outcome;
    expect(outcome.state).toBe("done");
    const summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8"));
    expect(summary.plateau.eg).toBeCloseTo(1 / (p + 2) + 1 / pStar, 6);
    expect(summary.hessian.plateau.min).toBeCloseTo(-4 / (p * pStar), 6);
    expect(summary.hessian.plateau.max).toBeCloseTo(4 / p, 6);
    expect(summary.escapeAlpha).toBeGreaterThan(0);
    expect(summary.final.eg).toBeLessThan(summary.plateau.eg / 2);
    expect(summary.conserved.polar.maxDrift).toBeLessThan(1e-6);
    const lines = readFileSync(join(dir, "snapshots.jsonl"), "utf8").trim().split("\n");
    expect(lines.length).toBe(summary.snapshots ?? summary.bySource.ode.snapshots);
    const first = JSON.parse(lines[0]);
    expect(Object.keys(first)).toEqual(
      expect.arrayContaining(["step", "t", "source", "loss", "overlaps", "metrics"]),
    );
    expect(first.throughput).toBeUndefined();
  });
});

describe("kind train", () => {
  const train = resolveConfig(
    {
      kind: "train",
      seed: 3,
      lr: 0.02,
      train: {
        inputDim: 8,
        teacher: { params: { p: 1 }, widths: [4], outputs: 3 },
        student: { widths: [8] },
        data: { train: 256, test: 128 },
        epochs: 4,
        evalEvery: 2,
        metrics: ["specialization-best", "eval-mse"],
      },
    },
    { registry },
  );

  it("the one divergence rule: a training run whose loss blows up ends in RunDivergedError naming the epoch", async () => {
    const t = train as TrainRunConfig;
    const wild = { ...t, lr: 5, train: { ...t.train, epochs: 3, evalEvery: 1 } } as ResolvedConfig;
    const events: RunEvent[] = [];
    const error = await (async () => {
      for await (const e of runExperiment(wild, registry).events()) events.push(e);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunDivergedError);
    const diverged = error as RunDivergedError;
    expect(diverged.timeUnit).toBe("epoch");
    expect(diverged.message).toMatch(
      /^diverged at epoch \d+ \(step \d+\): loss\.(train|test) = \S+ \(train\) (is not finite|exceeds)/,
    );
    // the snapshots before it are kept and all finite
    const snaps = events.flatMap((e) => (e.type === "snapshot" ? [e.snapshot] : []));
    expect(snaps.length).toBeGreaterThan(0);
    for (const s of snaps) expect(Number.isFinite(s.loss.train)).toBe(true);
    expect(snaps.at(-1)!.t).toBeLessThan(diverged.alpha);
  });

  it("trains deterministically and computes the metric plugins from the weights", async () => {
    const a = await collect(train);
    const b = await collect(train);
    expect(a.snaps.map((s) => s.t)).toEqual([0, 2, 4]);
    expect(JSON.stringify(b.snaps)).toBe(JSON.stringify(a.snaps));
    for (const s of a.snaps) {
      expect(s.source).toBe("train");
      expect((s.metrics["specialization-best"] as number[]).length).toBe(4);
      expect(s.metrics["eval-mse"]).toBe(s.loss.test);
    }
    expect(a.snaps[2].loss.train!).toBeLessThan(a.snaps[0].loss.train!);
  });

  it("a stopped training run resumes from its checkpoint (not epoch 0) to the same log", async () => {
    const full = join(tmp, "train-full");
    const writerA = RunDirWriter.create(full, train);
    expect((await runInDirectory(train, registry, { writer: writerA }).outcome).state).toBe("done");
    const cut = join(tmp, "train-cut");
    const writerB = RunDirWriter.create(cut, train);
    const run = runInDirectory(train, registry, {
      writer: writerB,
      onEvent: (e) => {
        if (e.type === "snapshot" && e.snapshot.t === 2) run.handle.stop();
      },
    });
    expect((await run.outcome).state).toBe("interrupted");
    const saved = JSON.parse(readFileSync(join(cut, "checkpoint.json"), "utf8"));
    expect(JSON.stringify(saved)).toContain('"pupil-trainer/1"');
    const { writer, checkpoint } = RunDirWriter.resume(cut);
    const resumedEpochs: number[] = [];
    const again = runInDirectory(train, registry, {
      writer,
      resume: checkpoint?.state,
      onEvent: (e) => {
        if (e.type === "snapshot") resumedEpochs.push(e.snapshot.t);
      },
    });
    expect((await again.outcome).state).toBe("done");
    // The resumed run computed only the epochs after the checkpoint.
    expect(resumedEpochs).toEqual([4]);
    expect(readFileSync(join(cut, "snapshots.jsonl"), "utf8")).toBe(
      readFileSync(join(full, "snapshots.jsonl"), "utf8"),
    );
    const summary = JSON.parse(readFileSync(join(cut, "summary.json"), "utf8"));
    expect(summary.final.epoch).toBe(4);
  });

  it("periodic training checkpoints: resuming from any of them reproduces the rest of the run", async () => {
    const every1 = { ...train, checkpoint: { every: 1 } } as ResolvedConfig;
    const whole = await collect(every1);
    const states = whole.events.flatMap((e) => (e.type === "checkpoint" ? [e.state] : []));
    // `next` is the grid index to continue from (the epoch grid is 0, evalEvery, …, epochs).
    expect(states.map((s) => s.next)).toEqual([1, 2]);
    for (const state of states) {
      const rest = await collect(every1, JSON.parse(JSON.stringify(state)) as EngineState);
      expect(rest.snaps[0].t).toBe(whole.snaps[state.next].t);
      expect(JSON.stringify(rest.snaps)).toBe(JSON.stringify(whole.snaps.slice(state.next)));
    }
  });
});

describe("spectral students", () => {
  const spectral = resolveConfig(
    {
      kind: "train",
      seed: 2,
      lr: 0.01,
      train: {
        inputDim: 6,
        teacher: { generator: "glorot-relu", widths: [5, 3], outputs: 1 },
        student: { widths: [12, 3], bias: false, fixedOutput: true, spectral: {} },
        data: { train: 300, test: 200 },
        optimizer: "adam",
        batchSize: 50,
        epochs: 3,
        evalEvery: 3,
        metrics: ["active-nodes"],
      },
    },
    { registry },
  ) as TrainRunConfig;

  it("the effective dense first layer gives the same outputs as the spectral network", () => {
    const plan = buildTrainPlan(spectral, registry);
    const params = plan.init.map((p, i) =>
      i === 0 && p.kind === "spectral" ? { ...p, lambdaIn: p.lambdaIn.map((_, j) => 0.1 * j) } : p,
    ) as NetParams;
    const first = params[0];
    if (first.kind !== "spectral") throw new Error("expected a spectral first layer");
    const W = spectralToDense(first, 12, 6);
    const dense: NetSpec = {
      ...plan.student,
      layers: plan.student.layers.map((l, i) =>
        i === 0 ? { kind: "dense" as const, units: 12, activation: l.activation, bias: false } : l,
      ),
    };
    const denseParams = params.map((p, i) =>
      i === 0 ? { kind: "dense" as const, W: W.data } : p,
    ) as NetParams;
    const x = plan.data.test.x;
    const a = predict(plan.student, params, x);
    const b = predict(dense, denseParams, x);
    for (let k = 0; k < a.length; k++) expect(b[k]).toBeCloseTo(a[k], 12);
  });

  it("the last snapshot carries the pruning ramp: fewer nodes kept as the cutoff rises, full net first", async () => {
    const { snaps } = await collect(spectral);
    const last = snaps.at(-1)!;
    const ramp = last.metrics["pruning-ramp"] as number[][];
    expect(ramp[0][0]).toBe(0);
    expect(ramp[0][2]).toBeCloseTo(last.loss.test!, 10);
    for (let i = 1; i < ramp.length; i++) expect(ramp[i][1]).toBeLessThanOrEqual(ramp[i - 1][1]);
    expect(typeof last.metrics["pruning-knee"]).toBe("number");
    expect(snaps[0].metrics["pruning-ramp"]).toBeUndefined();
  });
});
