// stepTo: a run stepped to times between (and on) grid points records exactly what an uninterrupted run
// records (snapshots, checkpoints with every source's full state, analysis events), and its step-snapshots
// equal the snapshots an uninterrupted run records when those times are on its grid.
import type { Snapshot } from "@pupil/plugin";
import activations from "@pupil/plugin-activations";
import metrics from "@pupil/plugin-metrics";
import teachers from "@pupil/plugin-teachers";
import { describe, expect, it } from "vitest";
import { type ResolvedConfig, resolveConfig } from "../config/resolve.js";
import { buildRegistry } from "../index.js";
import { RunControl } from "./control.js";
import { stripWallClock } from "./engine.js";
import { type RunEvent, runExperiment } from "./handle.js";
import { stepThrough } from "./stepping.test-util.js";

const registry = await buildRegistry({ packs: [activations, teachers, metrics] });
const N = 150;
/** A simulation's time is a whole number of SGD steps: within half a step of the asked α. */
const halfStep = 0.5 / N + 1e-12;

const committee = (kind: string, at: number[] = []): ResolvedConfig =>
  resolveConfig(
    {
      kind,
      seed: 7,
      N,
      lr: 0.3,
      alphaMax: 3,
      model: { activation: "erf", p: 2, pStar: 2 },
      record: { perDecade: 4, at: [1, ...at] },
      checkpoint: { every: 1 },
    },
    { registry },
  );
const train = (evalEvery: number): ResolvedConfig =>
  resolveConfig(
    {
      kind: "train",
      seed: 2,
      lr: 0.02,
      checkpoint: { every: 1 },
      train: {
        inputDim: 6,
        teacher: { params: { p: 1 }, widths: [3], outputs: 3 },
        student: { widths: [6] },
        data: { train: 120, test: 60 },
        batchSize: 10,
        epochs: 4,
        evalEvery,
        metrics: ["specialization-best"],
      },
    },
    { registry },
  );

async function uninterrupted(config: ResolvedConfig): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  for await (const e of runExperiment(config, registry).events()) events.push(e);
  return events;
}

const recorded = (events: RunEvent[]): RunEvent[] =>
  events.flatMap((e): RunEvent[] => {
    if (e.type === "snapshot") return [{ type: e.type, snapshot: stripWallClock(e.snapshot) }];
    if (e.type === "checkpoint" || e.type === "analysis" || e.type === "done") return [e];
    return [];
  });
const stepSnapshots = (events: RunEvent[]): Snapshot[] =>
  events.flatMap((e) => (e.type === "step-snapshot" ? [stripWallClock(e.snapshot)] : []));

// Times between the committee grid's points (1 is on it: the run only pauses there), and the same
// simulation times as whole SGD steps.
const between = [0.31, 0.5, 1, 1.2, 1.21, 2.5];
const cases = [
  { kind: "ode", last: "ode" },
  { kind: "online", last: "sim" },
  { kind: "paired", last: "sim" },
] as const;

describe("RunControl.stepTo", () => {
  for (const { kind, last } of cases) {
    it(`kind ${kind}: stepped in pieces, the recorded log and every checkpoint equal an uninterrupted run's`, async () => {
      const config = committee(kind);
      const whole = await uninterrupted(config);
      const stepped = await stepThrough(runExperiment(config, registry), between, last, halfStep);
      expect(JSON.stringify(recorded(stepped))).toBe(JSON.stringify(recorded(whole)));
      // one step-snapshot per source at each off-grid time, none at α = 1 (a grid point)
      const offGrid = between.filter((t) => t !== 1);
      const steps = stepSnapshots(stepped);
      const perPoint = kind === "paired" ? 2 : 1;
      expect(steps).toHaveLength(offGrid.length * perPoint);
      // each equals the snapshot an uninterrupted run records when that one time is added to its grid
      for (const snap of steps) {
        const time = offGrid.find((t) => Math.abs(t - snap.t) <= halfStep);
        expect(time, `${snap.source} at ${snap.t}`).toBeDefined();
        const withTime = recorded(await uninterrupted(committee(kind, [time ?? 0]))).flatMap((e) =>
          e.type === "snapshot" && e.snapshot.source === snap.source ? [e.snapshot] : [],
        );
        expect(snap).toEqual(withTime.find((s) => s.t === snap.t));
      }
    });
  }

  it("kind train: a stop at epoch 1 between points 0 and 2 changes nothing recorded; its snapshot is epoch 1's", async () => {
    const config = train(2);
    const whole = await uninterrupted(config);
    const stepped = await stepThrough(runExperiment(config, registry), [1, 3], "train", 1e-12);
    expect(JSON.stringify(recorded(stepped))).toBe(JSON.stringify(recorded(whole)));
    const steps = stepSnapshots(stepped);
    expect(steps.map((s) => s.t)).toEqual([1, 3]);
    const everyEpoch = recorded(await uninterrupted(train(1))).flatMap((e) =>
      e.type === "snapshot" ? [e.snapshot] : [],
    );
    for (const snap of steps) expect(snap).toEqual(everyEpoch.find((s) => s.t === snap.t));
  });

  it("a stop requested while paused at a step time keeps the source state there; resuming from it gives the same log", async () => {
    const config = committee("paired");
    const whole = recorded(await uninterrupted(config));
    const handle = runExperiment(config, registry);
    const first: RunEvent[] = [];
    handle.stepTo(0.5);
    for await (const e of handle.events()) {
      first.push(e);
      if (e.type === "step-snapshot" && e.snapshot.source === "sim") handle.stop();
    }
    const last = first.at(-2);
    expect(last?.type).toBe("checkpoint");
    if (last?.type !== "checkpoint") return;
    const rest: RunEvent[] = [];
    for await (const e of runExperiment(config, registry, { resume: last.state }).events()) rest.push(e);
    const joined = recorded([...first.filter((e) => e.type === "snapshot"), ...rest]);
    const wholeSnaps = whole.filter((e) => e.type === "snapshot");
    expect(JSON.stringify(joined.filter((e) => e.type === "snapshot"))).toBe(JSON.stringify(wholeSnaps));
  });

  it("gate(): grid points up to the time advance, then one stop at it, then it waits; NaN is refused", async () => {
    const control = new RunControl();
    control.stepTo(0.5);
    expect(control.status).toBe("paused");
    expect(await control.gate(0.25, 0)).toBe("advance");
    expect(await control.gate(0.5, 0.25)).toBe("advance");
    // reached exactly: nothing more to stop at, so it waits until told
    expect(control.passes).toBe(2);
    const waiting = control.gate(1, 0.5);
    control.stepTo(0.75);
    expect(await waiting).toEqual({ stopAt: 0.75 });
    const again = control.gate(1, 0.75);
    control.resume();
    expect(await again).toBe("advance");
    expect(control.passes).toBe(4);
    expect(() => control.stepTo(Number.NaN)).toThrow(/stepTo/);
  });
});
