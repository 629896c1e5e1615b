import { conservedAlong } from "@pupil/analysis";
import { runExperiment } from "@pupil/experiments";
import { describe, expect, it } from "vitest";
import { createBuiltinRegistry, resolveRunConfig } from "../worker/engine.js";
import { conservedDrift } from "./conserved.js";

describe("conservedDrift", () => {
  it("equals @pupil/analysis' conservedAlong on a real quadratic run, computed twice from the cache", async () => {
    const registry = createBuiltinRegistry();
    const config = resolveRunConfig(
      {
        kind: "ode",
        seed: 2,
        N: 500,
        lr: 0.2,
        alphaMax: 5,
        model: { activation: "quadratic", p: 4, pStar: 2 },
        record: { perDecade: 5 },
      },
      registry,
    );
    const snaps = [];
    for await (const s of runExperiment(config, registry)) snaps.push(s);
    expect(snaps.length).toBeGreaterThan(5);
    const options = { eta: 0.2, a: 1 / 4, b: 1 / 2 };
    const reference = conservedAlong(snaps, options);
    for (const pass of [1, 2]) {
      const mine = conservedDrift(snaps, options);
      expect(mine.alpha, `pass ${pass}`).toEqual(reference.alpha);
      for (const [i, d] of mine.polarDrift.entries()) expect(d).toBeCloseTo(reference.polarDrift[i], 14);
      for (const [i, d] of (mine.invariantDrift ?? []).entries())
        expect(d).toBeCloseTo(reference.invariantDrift?.[i] ?? Number.NaN, 12);
    }
    expect(Math.max(...(reference.invariantDrift ?? [0]))).toBeGreaterThan(0);
  });
});
