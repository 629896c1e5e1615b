// The live event log and summary.json agree: the engine streams plateau entry/exit, escape and node
// specialisation by the same @pupil/analysis definitions the summary applies to the written log.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import activations from "@pupil/plugin-activations";
import metrics from "@pupil/plugin-metrics";
import teachers from "@pupil/plugin-teachers";
import { afterAll, describe, expect, it } from "vitest";
import { resolveConfig } from "./config/resolve.js";
import { buildRegistry, getPreset } from "./index.js";
import type { AnalysisEvent } from "./run/source.js";
import { RunDirWriter } from "./rundir/files.js";
import { runInDirectory } from "./rundir/run.js";

const registry = buildRegistry({ packs: [activations, teachers, metrics] });
const tmp = mkdtempSync(join(tmpdir(), "pupil-live-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(raw: unknown, name: string, stopAfter?: number) {
  const config = resolveConfig(raw, { registry });
  const dir = join(tmp, name);
  const events: { source: string; event: AnalysisEvent }[] = [];
  let snapshots = 0;
  const first = runInDirectory(config, registry, {
    writer: RunDirWriter.create(dir, config),
    onEvent: (e) => {
      if (e.type === "analysis") events.push(e);
      if (e.type === "snapshot" && ++snapshots === stopAfter) first.handle.stop();
    },
  });
  let outcome = await first.outcome;
  if (outcome.state === "interrupted") {
    // Resume: the live analysis continues from the checkpoint's state, as the log does.
    const { writer, checkpoint } = RunDirWriter.resume(dir);
    const second = runInDirectory(config, registry, {
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
  return { events, summary };
}

const first = (events: { source: string; event: AnalysisEvent }[], source: string, type: string) =>
  events.find((e) => e.source === source && e.event.type === type)?.event.t ?? null;

describe("live analysis events = summary.json", () => {
  for (const stopAfter of [undefined, 37]) {
    it(`preset quadratic-escape-ode: plateau entered/left and escape${stopAfter ? " (stopped and resumed)" : ""}`, async () => {
      const { events, summary } = await run(
        getPreset("quadratic-escape-ode")!.config,
        `q${stopAfter ?? ""}`,
        stopAfter,
      );
      const ode = summary.bySource.ode;
      expect(ode.plateau.entryAlpha).toBeGreaterThan(0);
      expect(ode.escapeAlpha).toBeGreaterThan(ode.plateau.entryAlpha);
      expect(first(events, "ode", "plateau-entered")).toBe(ode.plateau.entryAlpha);
      expect(first(events, "ode", "plateau-left")).toBe(ode.plateau.exitAlpha);
      expect(first(events, "ode", "escape")).toBe(ode.escapeAlpha);
      expect(events.filter((e) => e.event.type === "escape")).toHaveLength(1);
    });
  }

  it("preset specialization (shortened): node-specialised events = the summary's first crossings", async () => {
    const raw = structuredClone(getPreset("specialization")!.config) as { train: Record<string, unknown> };
    Object.assign(raw.train, { epochs: 12, evalEvery: 1, data: { train: 2000, test: 400, inputStd: 1.5 } });
    const { events, summary } = await run({ ...raw, lr: 0.05 }, "spec", 6);
    const crossings = summary.bySource.train.specialization["specialization-best"].firstCrossing as (
      | number
      | null
    )[];
    const live = crossings.map((_, j) => {
      const e = events.find((x) => x.event.type === "node-specialized" && x.event.node === j);
      return e ? e.event.t : null;
    });
    expect(live).toEqual(crossings);
    expect(crossings.some((t) => t !== null)).toBe(true);
  });
});
