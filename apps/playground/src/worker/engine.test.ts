// The playground's run against the engine's own runExperiment on the same config: the same snapshots bit
// for bit; Δα and one-SGD-step steps (the engine's stepTo) land where asked, through the recorded points; a new run of
// the same config starts from the same overlaps; the exported checkpoint resumes in the engine.
import { runExperiment, stripWallClock } from "@pupil/experiments";
import type { Snapshot } from "@pupil/plugin";
import { describe, expect, it } from "vitest";
import {
  BUILTIN_RECIPE,
  configIssues,
  type EngineRun,
  openRun,
  recipeRegistry,
  resolveRunConfig,
} from "./engine.js";

const config = {
  kind: "paired",
  seed: 4,
  N: 300,
  lr: 0.3,
  alphaMax: 8,
  model: { activation: "quadratic", p: 3, pStar: 2 },
  record: { perDecade: 6 },
  checkpoint: { every: 1 },
};

async function take(run: EngineRun, limit = Number.POSITIVE_INFINITY): Promise<Snapshot[]> {
  const out: Snapshot[] = [];
  for await (const e of run.outputs()) {
    if (e.type !== "snapshot") continue;
    out.push(stripWallClock(e.snapshot));
    if (out.length >= limit) break;
  }
  return out;
}

describe("the playground's engine run", () => {
  it("resolves the built-in recipe from the fixed pack map only", async () => {
    const registry = await recipeRegistry();
    expect(registry.recipe).toEqual(BUILTIN_RECIPE);
    expect(registry.has("activation", "quadratic")).toBe(true);
    expect(configIssues({ ...config, plugins: ["https://example.org/x.js"] }).map((i) => i.path)).toContain(
      "plugins",
    );
  });

  it("streams the very snapshots runExperiment gives for the same config", async () => {
    const registry = await recipeRegistry();
    const reference: Snapshot[] = [];
    for await (const s of runExperiment(resolveRunConfig(config, registry), registry))
      reference.push(stripWallClock(s));
    const mine = await take(openRun(config, registry));
    expect(mine.length).toBe(reference.length);
    expect(JSON.stringify(mine)).toBe(JSON.stringify(reference));
  });

  it("steps one grid point, one SGD step and Δα; a new run starts from the same overlaps", async () => {
    const registry = await recipeRegistry();
    const run = openRun(config, registry);
    run.pause();
    const it = run.outputs();
    const next = async () => {
      for (;;) {
        const r = await it.next();
        if (r.done) return undefined;
        if (r.value.type === "snapshot") return r.value.snapshot;
      }
    };
    run.step({ by: "grid" });
    const start = [await next(), await next()] as Snapshot[];
    expect(start.map((s) => [s.source, s.t])).toEqual([
      ["ode", 0],
      ["sim", 0],
    ]);
    run.step({ by: "sgd", steps: 1 });
    const one = [await next(), await next()] as Snapshot[];
    expect(one[1]).toMatchObject({ source: "sim", step: 1, t: 1 / 300 });
    expect(one[0]).toMatchObject({ source: "ode", t: 1 / 300 });
    // Δα = 0.5: the recorded grid points on the way come through, then the run stops at the asked α.
    run.step({ by: "alpha", delta: 0.5 });
    const passed: Snapshot[] = [];
    while (passed.at(-1)?.step !== 1 + 150) passed.push((await next()) as Snapshot);
    const half = passed.slice(-2);
    expect(half[0].t).toBeCloseTo(1 / 300 + 0.5, 14);
    const recordedTimes = (await take(openRun(config, registry))).map((s) => s.t);
    for (const s of passed.slice(0, -2)) expect(recordedTimes).toContain(s.t);
    // A grid step after an off-grid one continues to the config's next recorded α.
    run.step({ by: "grid" });
    const gridNext = (await next()) as Snapshot;
    expect((await next())?.source).toBe("sim");
    expect(gridNext.t).toBe(recordedTimes.find((t) => t > half[0].t));
    // Stopping leaves a checkpoint that points into the config's grid: the engine resumes from it.
    run.stop();
    expect(await next()).toBeUndefined();
    const state = run.checkpoint();
    expect(state).toBeDefined();
    const resumed: Snapshot[] = [];
    for await (const s of runExperiment(resolveRunConfig(config, registry), registry, { resume: state }))
      resumed.push(s);
    expect(resumed[0].t).toBeGreaterThan(gridNext.t);
    expect(resumed.at(-1)?.t).toBe(8);

    const again = openRun(config, registry);
    again.pause();
    again.step({ by: "grid" });
    expect(await take(again, 2)).toEqual(start.map(stripWallClock));
  });

  it("applies a step asked while the sources are mid-way to a point at the next gate", async () => {
    const registry = await recipeRegistry();
    const long = { ...config, kind: "online", N: 1000, alphaMax: 1000, record: { perDecade: 1 } };
    const run = openRun(long, registry);
    const steps: number[] = [];
    for await (const e of run.outputs()) {
      if (e.type !== "snapshot") continue;
      steps.push(e.snapshot.step);
      // 90 000 SGD steps from α = 10 to 100, in chunks with turns between: pause and step land mid-way
      // (or, on a slow machine, at the gate; either way the step is one SGD step past the point reached).
      if (e.snapshot.t === 10)
        setTimeout(() => {
          run.pause();
          run.step({ by: "sgd", steps: 1 });
        }, 30);
      if (steps.length >= 2 && steps.at(-1) === (steps.at(-2) as number) + 1 && e.snapshot.step > 10_000)
        break;
    }
    run.stop();
    expect(steps.every((s, i) => i === 0 || s > steps[i - 1])).toBe(true);
    expect(steps.slice(0, 5)).toEqual([0, 10, 100, 1000, 10_000]);
    expect([10_001, 100_001]).toContain(steps.at(-1));
  });

  it("two Δα steps asked back to back add up: the second counts from the first's time", async () => {
    const registry = await recipeRegistry();
    const run = openRun(config, registry);
    run.pause();
    run.step({ by: "alpha", delta: 0.5 });
    run.step({ by: "alpha", delta: 0.5 });
    const sims: Snapshot[] = [];
    for await (const e of run.outputs()) {
      if (e.type !== "snapshot" || e.snapshot.source !== "sim") continue;
      sims.push(e.snapshot);
      if (e.snapshot.t >= 1) break;
    }
    run.stop();
    expect(sims.at(-1)?.step).toBe(300);
  });

  it("exports the simulation's weights through Source.weights", async () => {
    const registry = await recipeRegistry();
    const run = openRun(config, registry);
    await take(run, 2);
    const w = run.weights();
    expect(w?.student[0]).toMatchObject({ rows: 3, cols: 300 });
    expect(w?.teacher[0]).toMatchObject({ rows: 2, cols: 300 });
    expect(w?.secondLayer).toHaveLength(3);
  });
});
