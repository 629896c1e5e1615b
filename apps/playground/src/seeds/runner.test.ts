// The seeds runner against the engine's own runExperiment: each seed's curve and the ODE are exactly what
// a run of that kind and seed records.
import { runExperiment } from "@pupil/experiments";
import { describe, expect, it } from "vitest";
import { recipeRegistry, resolveRunConfig } from "../worker/engine.js";
import type { SeedCurve } from "./band.js";
import { runSeeds } from "./runner.js";

const config = {
  kind: "paired",
  seed: 11,
  N: 100,
  lr: 0.5,
  alphaMax: 4,
  model: { activation: "erf", p: 2, pStar: 2 },
  record: { perDecade: 3 },
};

describe("runSeeds", () => {
  it("runs the ODE once and seeds 11, 12, 13 of the simulation, each as runExperiment records it", async () => {
    const registry = await recipeRegistry();
    const curves: SeedCurve[] = [];
    let ode: { t: number[]; eg: number[] } | undefined;
    await runSeeds(config, 3, registry, {
      ode: (t, eg) => {
        ode = { t, eg };
      },
      curve: (c) => curves.push(c),
      progress: () => {},
      wanted: () => true,
    });
    expect(curves.map((c) => c.seed)).toEqual([11, 12, 13]);
    const direct = async (over: Record<string, unknown>) => {
      const t: number[] = [];
      const eg: number[] = [];
      for await (const s of runExperiment(resolveRunConfig({ ...config, ...over }, registry), registry)) {
        t.push(s.t);
        eg.push(s.loss.gen as number);
      }
      return { t, eg };
    };
    for (const c of curves)
      expect({ t: c.t, eg: c.eg }).toEqual(await direct({ kind: "online", seed: c.seed }));
    expect(ode).toEqual(await direct({ kind: "ode" }));
    // different seeds, different curves
    expect(curves[1].eg).not.toEqual(curves[0].eg);
  });

  it("stops when no longer wanted", async () => {
    const registry = await recipeRegistry();
    const curves: SeedCurve[] = [];
    let asked = 0;
    await runSeeds(config, 3, registry, {
      ode: () => {},
      curve: (c) => curves.push(c),
      progress: () => {},
      wanted: () => ++asked < 40,
    });
    expect(curves.length).toBeLessThan(3);
  });
});
