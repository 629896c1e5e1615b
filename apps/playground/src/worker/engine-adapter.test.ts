// The adapter's own loop (needed for off-grid steps) against the engine's runEngine on the same config: the
// same snapshots bit for bit; steps land where asked; a restart starts from the same overlaps.
// ENGINE-ADAPTER: runEngine and friends by deep path, as in engine-adapter.ts.
import type { Snapshot } from "@pupil/plugin";
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../../../packages/experiments/src/config/resolve.js";
import { committeeSetup } from "../../../../packages/experiments/src/kinds/committee/index.js";
import { buildPlan } from "../../../../packages/experiments/src/kinds/committee/plan.js";
import { RunControl } from "../../../../packages/experiments/src/run/control.js";
import { runEngine, stripWallClock } from "../../../../packages/experiments/src/run/engine.js";
import { createBuiltinRegistry, startRun } from "./engine-adapter.js";

const config = {
  kind: "paired",
  seed: 4,
  N: 300,
  lr: 0.3,
  alphaMax: 8,
  model: { activation: "quadratic", p: 3, pStar: 2 },
  record: { perDecade: 6 },
};

async function drain(gen: AsyncGenerator<Snapshot>, limit = Number.POSITIVE_INFINITY): Promise<Snapshot[]> {
  const out: Snapshot[] = [];
  for await (const s of gen) {
    out.push(stripWallClock(s));
    if (out.length >= limit) break;
  }
  return out;
}

describe("engine adapter", () => {
  it("streams the very snapshots runEngine writes for the same config", async () => {
    const registry = createBuiltinRegistry();
    const resolved = resolveConfig(config, { registry });
    if (resolved.kind === "train") throw new Error("expected a committee config");
    const setup = committeeSetup(buildPlan(resolved, registry));
    const reference: Snapshot[] = [];
    const options = { checkpointEvery: 1000, divergenceBound: resolved.divergence.egMax };
    for await (const e of runEngine(setup, new RunControl(), options))
      if (e.type === "snapshot") reference.push(stripWallClock(e.snapshot));
    const mine = await drain(startRun(config, registry).snapshots());
    expect(mine.length).toBe(reference.length);
    expect(JSON.stringify(mine)).toBe(JSON.stringify(reference));
  });

  it("steps by one SGD step and by Δα while paused, and restarts from the same initial overlaps", async () => {
    const run = startRun(config);
    run.pause();
    const it = run.snapshots();
    run.step({ by: "grid" });
    const start = [(await it.next()).value, (await it.next()).value] as Snapshot[];
    expect(start.map((s) => [s.source, s.t])).toEqual([
      ["ode", 0],
      ["sim", 0],
    ]);
    run.step({ by: "sgd", steps: 1 });
    const one = [(await it.next()).value, (await it.next()).value] as Snapshot[];
    expect(one[1]).toMatchObject({ source: "sim", step: 1, t: 1 / 300 });
    run.step({ by: "alpha", delta: 0.5 });
    const half = [(await it.next()).value, (await it.next()).value] as Snapshot[];
    expect(half[1].step).toBe(1 + 150);
    expect(half[0].t).toBeCloseTo(1 / 300 + 0.5, 14);
    run.stop();
    expect((await it.next()).done).toBe(true);

    const again = run.restart();
    again.pause();
    again.step({ by: "grid" });
    const restarted = await drain(again.snapshots(), 2);
    expect(restarted).toEqual(start.map(stripWallClock));
  });
});
