// The distill kind end to end on tiny nets and templated images (wasm + training kernels): a zero distillation
// weight is plain training bit for bit; the stage cache hits and misses on the right config parts; a resumed
// run equals an uninterrupted one; bad configs name their field.
import { ConfigError, resolveRecipe } from "@pupil/plugin";
import distillPack from "@pupil/plugin-distill";
import { beforeAll, describe, expect, it } from "vitest";
import { resolveConfig } from "../../config/resolve.js";
import { nodeRunHost } from "../../node/host.js";
import { RunControl } from "../../run/control.js";
import { runEngine } from "../../run/engine.js";
import { memoryStageCache, type RunHost } from "../../run/host.js";
import type { EngineState } from "../../run/source.js";
import { distillKind } from "./index.js";
import type { DistillSourceState } from "./source.js";

const teacherNet = {
  input: [16, 16, 1],
  layers: [
    { kind: "conv", name: "stem", filters: 8, kernel: 3 },
    { kind: "maxpool", name: "pool", size: 2 },
    { kind: "conv", name: "features", filters: 8, kernel: 3 },
    { kind: "gap", name: "gap" },
    { kind: "dense", name: "logits", units: 10 },
  ],
};
const studentNet = {
  input: [16, 16, 1],
  layers: [
    { kind: "conv", name: "stem", filters: 4, kernel: 3 },
    { kind: "maxpool", name: "pool", size: 2 },
    { kind: "conv", name: "features", filters: 4, kernel: 3 },
    { kind: "gap", name: "gap" },
    { kind: "dense", name: "logits", units: 10 },
  ],
};

const raw = (distill: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  kind: "distill",
  seed: 3,
  lr: 0.01,
  ...extra,
  distill: {
    data: { dataset: "templated", templated: { perClass: 16 } },
    teacher: { net: teacherNet, epochs: 2 },
    student: { net: studentNet, epochs: 2 },
    preStage: { epochs: 1 },
    batchSize: 32,
    ...distill,
  },
});

const registry = await resolveRecipe({ builtins: ["distill"], modules: [] }, () => distillPack);
let host: RunHost;
beforeAll(async () => {
  host = await nodeRunHost();
  expect(host.tf?.getBackend()).toBe("wasm");
});

async function run(rawConfig: unknown, runHost: RunHost, resume?: EngineState, control = new RunControl()) {
  const config = resolveConfig(rawConfig, { registry });
  const setup = distillKind.setup(config as never, registry, runHost);
  const events = [];
  for await (const e of runEngine(setup, control, {
    checkpointEvery: 1,
    divergenceBound: config.divergence.egMax,
    resume,
  }))
    events.push(e);
  const snapshots = events.flatMap((e) => (e.type === "snapshot" ? [e.snapshot] : []));
  const checkpoints = events.flatMap((e) => (e.type === "checkpoint" ? [e.state] : []));
  const stopped = events.some((e) => e.type === "done" && e.stopped);
  return { snapshots, checkpoints, stopped };
}

const studentValues = (state: EngineState, count: number) =>
  (state.sources.distill as DistillSourceState).student.values.slice(0, count);

describe("distill: β = 0 is plain training", () => {
  it.each([
    ["factor-transfer", { id: "factor-transfer", params: { beta: 0 } }],
    ["kd", { id: "kd", params: { alpha: 0, gamma: 1 } }],
  ])(
    "%s at its plain params trains the student to the same bits as the plain student",
    async (_n, loss) => {
      const cache = memoryStageCache();
      const plain = await run(raw({ loss: null, student: { net: studentNet, epochs: 3 } }), {
        ...host,
        stageCache: cache,
      });
      const distilled = await run(raw({ loss, student: { net: studentNet, epochs: 3 } }), {
        ...host,
        stageCache: cache,
      });
      const student = (s: typeof plain.snapshots) => s.filter((x) => x.source === "student");
      const a = student(plain.snapshots);
      const b = student(distilled.snapshots);
      expect(a).toHaveLength(3);
      expect(b.map((s) => [s.loss, s.metrics["test-accuracy"]])).toEqual(
        a.map((s) => [s.loss, s.metrics["test-accuracy"]]),
      );
      expect(b.every((s) => s.metrics["distill-term"] === 0)).toBe(true);
      // The checkpoint after the last epoch holds the weights: student variables first (6 tensors here).
      const lastPlain = plain.checkpoints[plain.checkpoints.length - 1];
      const lastDistilled = distilled.checkpoints[distilled.checkpoints.length - 1];
      expect(studentValues(lastDistilled, 6)).toEqual(studentValues(lastPlain, 6));
      // And the comparison can fail: a non-zero weight moves the student.
      const weighted = await run(
        raw({
          loss: { id: loss.id, params: loss.id === "kd" ? { alpha: 0.9, gamma: 0.1 } : { beta: 50 } },
          student: { net: studentNet, epochs: 3 },
        }),
        { ...host, stageCache: cache },
      );
      expect(studentValues(weighted.checkpoints[weighted.checkpoints.length - 1], 6)).not.toEqual(
        studentValues(lastPlain, 6),
      );
    },
    120_000,
  );
});

describe("distill: stage cache", () => {
  it("trains the teacher and paraphraser once, replays them on a hit, misses when their config part changes", async () => {
    const cache = memoryStageCache();
    const ft = { loss: { id: "factor-transfer", params: { beta: 100 } } };
    const first = await run(raw(ft), { ...host, stageCache: cache });
    expect(first.snapshots.map((s) => s.source)).toEqual([
      "teacher",
      "teacher",
      "paraphraser",
      "student",
      "student",
    ]);
    const keys = [...cache.entries.keys()];
    expect(keys.filter((k) => k.startsWith("distill-teacher-"))).toHaveLength(1);
    expect(keys.filter((k) => k.startsWith("distill-paraphraser-"))).toHaveLength(1);
    // Mark the cached teacher's snapshots: a hit replays them (nothing retrained), so the mark shows up.
    const teacherKey = keys.find((k) => k.startsWith("distill-teacher-")) as string;
    const entry = JSON.parse(cache.entries.get(teacherKey) as string);
    entry.snapshots[0].metrics.marker = 1;
    cache.entries.set(teacherKey, JSON.stringify(entry));
    const second = await run(raw(ft), { ...host, stageCache: cache });
    expect(second.snapshots[0].metrics.marker).toBe(1);
    delete second.snapshots[0].metrics.marker;
    expect(second.snapshots).toEqual(first.snapshots);
    // Only the student changes: both stages hit (no new entries). The teacher's epochs change: both miss.
    await run(raw({ ...ft, student: { net: studentNet, epochs: 1 } }), { ...host, stageCache: cache });
    expect(cache.entries.size).toBe(2);
    const third = await run(raw({ ...ft, teacher: { net: teacherNet, epochs: 1 } }), {
      ...host,
      stageCache: cache,
    });
    expect(cache.entries.size).toBe(4);
    expect(third.snapshots[0].metrics.marker).toBeUndefined();
  }, 120_000);
});

describe("distill: resume and determinism", () => {
  it("a run resumed from each checkpoint ends with the same snapshots and weights as the uninterrupted one", async () => {
    const config = raw({ loss: { id: "factor-transfer", params: { beta: 100 } } });
    const tensors = (host.tf as unknown as { memory(): { numTensors: number } }).memory().numTensors;
    const whole = await run(config, { ...host, stageCache: undefined });
    // Every epoch's tensors and the run's variables are freed once it ends.
    expect((host.tf as unknown as { memory(): { numTensors: number } }).memory().numTensors).toBe(tensors);
    const again = await run(config, { ...host, stageCache: undefined });
    expect(JSON.stringify(again.snapshots)).toBe(JSON.stringify(whole.snapshots));
    for (const k of [1, 2, 3]) {
      const resumed = await run(
        config,
        { ...host, stageCache: undefined },
        JSON.parse(JSON.stringify(whole.checkpoints[k - 1])),
      );
      expect(JSON.stringify(resumed.snapshots)).toBe(JSON.stringify(whole.snapshots.slice(k)));
      expect(JSON.stringify(resumed.checkpoints.at(-1))).toBe(JSON.stringify(whole.checkpoints.at(-1)));
    }
  }, 120_000);
});

/**
 * A control whose stop arrives while the source is inside an epoch: the source asks `stopped` once after each
 * batch that is not its epoch's last, so the k-th question is answered by a stop (as SIGINT would set it).
 */
class StopAfterBatches extends RunControl {
  #asked = 0;
  constructor(readonly batches: number) {
    super();
  }
  override get stopped(): boolean {
    if (++this.#asked === this.batches) this.stop();
    return super.stopped;
  }
}

describe("distill: a stop inside an epoch", () => {
  it("stops at the next batch boundary; the resumed run's log and weights equal the uninterrupted run's", async () => {
    const config = raw({ loss: { id: "factor-transfer", params: { beta: 100 } } });
    const runHost = { ...host, stageCache: undefined };
    const whole = await run(config, runHost);
    const log = (snapshots: unknown[]) => snapshots.map((s) => `${JSON.stringify(s)}\n`).join("");
    // 4 batches an epoch, 3 questions each: stops in the teacher's first epoch, the paraphraser's and the
    // student's first.
    for (const [k, epoch] of [
      [1, 1],
      [7, 3],
      [12, 4],
    ]) {
      const cut = await run(config, runHost, undefined, new StopAfterBatches(k));
      expect(cut.stopped).toBe(true);
      const state = cut.checkpoints.at(-1) as EngineState;
      const progress = (state.sources.distill as DistillSourceState).progress;
      // Really inside an epoch: some of its batches trained, not all.
      expect(progress?.batches).toBeGreaterThan(0);
      expect(progress?.epoch).toBe(epoch);
      expect(cut.snapshots).toHaveLength(epoch - 1);
      const resumed = await run(config, runHost, JSON.parse(JSON.stringify(state)));
      expect(resumed.stopped).toBe(false);
      expect(log([...cut.snapshots, ...resumed.snapshots])).toBe(log(whole.snapshots));
      expect(JSON.stringify(resumed.checkpoints.at(-1))).toBe(JSON.stringify(whole.checkpoints.at(-1)));
    }
  }, 180_000);
});

describe("distill: the resolved config records the architectures", () => {
  it("the built-in pair sized to the data set when none is named, the named nets otherwise", () => {
    const c = resolveConfig({ kind: "distill", lr: 0.01, distill: { data: { dataset: "templated" } } });
    if (c.kind !== "distill") throw new Error("expected a distill config");
    expect(c.distill.teacher.net?.input).toEqual([16, 16, 1]);
    expect(c.distill.student.net?.input).toEqual([16, 16, 1]);
    const fashion = resolveConfig({ kind: "distill", lr: 0.01 });
    if (fashion.kind !== "distill") throw new Error("expected a distill config");
    expect(fashion.distill.teacher.net?.input).toEqual([28, 28, 1]);
    expect(((fashion.distill.student.net?.layers ?? []) as { name: string }[]).map((l) => l.name)).toContain(
      "features",
    );
    const named = resolveConfig(raw());
    if (named.kind !== "distill") throw new Error("expected a distill config");
    expect(named.distill.teacher.net).toEqual(teacherNet);
  });
});

describe("distill: bad configs name the field", () => {
  const issuePaths = (f: () => unknown) => {
    try {
      f();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).issues.map((i) => i.path);
    }
    throw new Error("expected a ConfigError");
  };
  const setupOf = (r: unknown) => () =>
    distillKind.setup(resolveConfig(r, { registry }) as never, registry, host);
  it("unknown data set, bad split, unknown loss, bad loss params, a tap that is not a layer", () => {
    expect(issuePaths(() => resolveConfig(raw({ data: { dataset: "cifar" } }), { registry }))).toEqual([
      "distill.data.dataset",
    ]);
    expect(issuePaths(() => resolveConfig(raw({ data: { split: { test: 1.5 } } }), { registry }))).toEqual([
      "distill.data.split.test",
    ]);
    expect(issuePaths(() => resolveConfig(raw({ loss: "no-such-loss" }), { registry }))).toEqual([
      "distill.loss",
    ]);
    expect(issuePaths(setupOf(raw({ loss: { id: "kd", params: { temperature: -1 } } })))).toEqual([
      "distill.loss.params.temperature",
    ]);
    expect(
      issuePaths(setupOf(raw({ loss: "kd", taps: { student: ["nope"], teacher: ["features"] } }))),
    ).toEqual(["distill.taps.student[0]"]);
  });
});
