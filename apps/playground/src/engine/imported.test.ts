// An opened run directory shows the events the run streamed live: the replay from summary.json (written
// by summarizeRun with the CLI's analyseSource) equals the engine's live analysis events of the same run.
import {
  analyseSource,
  buildPlan,
  type CommitteeConfig,
  getPreset,
  runExperiment,
  summarizeRun,
} from "@pupil/experiments";
import type { Snapshot } from "@pupil/plugin";
import { describe, expect, it } from "vitest";
import { type AnalysisEvent, createBuiltinRegistry, resolveRunConfig } from "../worker/engine.js";
import { importedAnalysis } from "./imported.js";

describe("importedAnalysis", () => {
  it("replays the live plateau events of a paired run from its summary", async () => {
    const registry = createBuiltinRegistry();
    const config = resolveRunConfig({ ...getPreset("quadratic-escape")?.config, N: 300 }, registry);
    const snapshots: Snapshot[] = [];
    const live: Record<string, AnalysisEvent[]> = {};
    for await (const e of runExperiment(config, registry).events()) {
      if (e.type === "snapshot") snapshots.push(e.snapshot);
      if (e.type === "analysis") live[e.source] = [...(live[e.source] ?? []), e.event];
    }
    expect(live.sim?.some((e) => e.type === "plateau-entered")).toBe(true);
    const plan = buildPlan(config as CommitteeConfig, registry);
    const summary = summarizeRun(config, snapshots, { plan, analyse: analyseSource });
    const bySource: Record<string, Snapshot[]> = {};
    for (const s of snapshots) bySource[s.source] = [...(bySource[s.source] ?? []), s];
    const replayed = importedAnalysis(bySource, JSON.parse(JSON.stringify(summary)));
    expect(replayed).toEqual(live);
  });
});
