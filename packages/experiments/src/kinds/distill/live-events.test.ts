// A distill run's live analysis events = its summary.json: stage started, new best test accuracy, stage
// finished (accuracy, best, distillation term), by DistillTracker point by point and distillSummary on the
// written log. Also stopped inside an epoch and resumed, and as `pupil watch` rebuilds them from the log
// (one tracker per stage, as its store keys them by the snapshots' source).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveRecipe } from "@pupil/plugin";
import distillPack from "@pupil/plugin-distill";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveConfig } from "../../config/resolve.js";
import { nodeRunHost } from "../../node/host.js";
import type { RunHost } from "../../run/host.js";
import type { AnalysisEvent, LiveAnalysis } from "../../run/source.js";
import { RunDirWriter } from "../../rundir/files.js";
import { readSnapshots } from "../../rundir/jsonl.js";
import { runInDirectory } from "../../rundir/run.js";
import type { DistillEvent, DistillStageSummary } from "./analysis.js";
import { distillKind } from "./index.js";

const net = (filters: number) => ({
  input: [16, 16, 1],
  layers: [
    { kind: "conv", name: "stem", filters, kernel: 3 },
    { kind: "maxpool", name: "pool", size: 2 },
    { kind: "conv", name: "features", filters, kernel: 3 },
    { kind: "gap", name: "gap" },
    { kind: "dense", name: "logits", units: 10 },
  ],
});
const raw = {
  kind: "distill",
  seed: 4,
  lr: 0.05,
  distill: {
    data: { dataset: "templated", templated: { perClass: 16 } },
    loss: { id: "factor-transfer", params: { beta: 100 } },
    teacher: { net: net(8), epochs: 3 },
    student: { net: net(4), epochs: 3 },
    preStage: { epochs: 2 },
    batchSize: 32,
  },
};

const registry = await resolveRecipe({ builtins: ["distill"], modules: [] }, () => distillPack);
const config = resolveConfig(raw, { registry });
const tmp = mkdtempSync(join(tmpdir(), "pupil-distill-live-"));
let host: RunHost;
beforeAll(async () => {
  host = { ...(await nodeRunHost()), stageCache: undefined };
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(name: string, stopAtSnapshot?: number) {
  const dir = join(tmp, name);
  const events: { source: string; event: AnalysisEvent }[] = [];
  let snapshots = 0;
  const first = runInDirectory(config, registry, {
    host,
    writer: RunDirWriter.create(dir, config),
    onEvent: (e) => {
      if (e.type === "analysis") events.push(e);
      if (e.type === "snapshot" && ++snapshots === stopAtSnapshot) first.handle.stop();
    },
  });
  let outcome = await first.outcome;
  if (stopAtSnapshot !== undefined) expect(outcome.state).toBe("interrupted");
  if (outcome.state === "interrupted") {
    const { writer, checkpoint } = RunDirWriter.resume(dir);
    const second = runInDirectory(config, registry, {
      host,
      writer,
      resume: checkpoint?.state,
      onEvent: (e) => {
        if (e.type === "analysis") events.push(e);
      },
    });
    outcome = await second.outcome;
  }
  expect(outcome.state).toBe("done");
  const summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8"));
  return { dir, events, stages: summary.stages as DistillStageSummary[] };
}

const distillEvents = (events: { event: AnalysisEvent }[]) => events.map((e) => e.event as DistillEvent);

/** The events summary.json implies, by its own fields. */
function expectedFromSummary(stages: DistillStageSummary[]) {
  return {
    started: stages.map((s) => ({ type: "stage-started", t: s.from, stage: s.name })),
    best: stages.flatMap((s) =>
      s.bestAccuracy ? [{ stage: s.name, t: s.bestAccuracy.epoch, accuracy: s.bestAccuracy.value }] : [],
    ),
    finished: stages.map((s) => ({
      type: "stage-finished",
      t: s.to,
      stage: s.name,
      ...(s.lastAccuracy === undefined ? {} : { accuracy: s.lastAccuracy, best: s.bestAccuracy?.value }),
      ...(s.lastTerm === undefined ? {} : { term: s.lastTerm }),
    })),
  };
}

function check(events: DistillEvent[], stages: DistillStageSummary[]) {
  const want = expectedFromSummary(stages);
  expect(stages.map((s) => [s.name, s.from, s.to])).toEqual([
    ["teacher", 1, 3],
    ["paraphraser", 4, 5],
    ["student", 6, 8],
  ]);
  expect(events.filter((e) => e.type === "stage-started")).toEqual(want.started);
  expect(events.filter((e) => e.type === "stage-finished")).toEqual(want.finished);
  // The last new-best event of each stage is the summary's best (value and the first epoch reaching it).
  const lastBest = want.best.map(({ stage }) => {
    const e = events.filter((x) => x.type === "best-accuracy" && x.stage === stage).at(-1);
    return e && e.type === "best-accuracy" ? { stage, t: e.t, accuracy: e.accuracy } : undefined;
  });
  expect(lastBest).toEqual(want.best);
  expect(want.best.map((b) => b.stage)).toEqual(["teacher", "student"]);
  // The student's stage-finished event carries the distillation term (FT with β > 0: not zero).
  expect(stages[2].lastTerm).toBeGreaterThan(0);
}

describe("distill: live analysis events = summary.json", () => {
  let whole: Awaited<ReturnType<typeof run>>;
  it("uninterrupted", async () => {
    whole = await run("whole");
    check(distillEvents(whole.events), whole.stages);
    expect(whole.events.every((e) => e.source === "distill")).toBe(true);
  }, 120_000);

  it("stopped after the paraphraser's first epoch and resumed: the same events, the same summary", async () => {
    const cut = await run("cut", 4);
    check(distillEvents(cut.events), cut.stages);
    expect(distillEvents(cut.events)).toEqual(distillEvents(whole.events));
    expect(readFileSync(join(cut.dir, "summary.json"), "utf8")).toBe(
      readFileSync(join(whole.dir, "summary.json"), "utf8"),
    );
  }, 120_000);

  it("rebuilt from snapshots.jsonl with one tracker per stage (pupil watch): the same events", () => {
    const setup = distillKind.setup(config as never, registry, host);
    const trackers = new Map<string, LiveAnalysis | undefined>();
    const events: DistillEvent[] = [];
    for (const s of readSnapshots(join(whole.dir, "snapshots.jsonl"))) {
      const stage = String(s.source);
      if (!trackers.has(stage)) trackers.set(stage, setup.observe?.(stage));
      events.push(...((trackers.get(stage)?.push(s) ?? []) as DistillEvent[]));
    }
    expect(events).toEqual(distillEvents(whole.events));
  });
});
