import activations from "@pupil/plugin-activations";
import teachers from "@pupil/plugin-teachers";
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../config/resolve.js";
import { buildRegistry } from "../plugins.js";
import { runExperiment } from "./handle.js";

const registry = await buildRegistry({ packs: [activations, teachers] });

describe("runExperiment", () => {
  it("paired run interleaves ode and sim on one grid", async () => {
    const config = resolveConfig({ kind: "paired", N: 200, lr: 0.2, alphaMax: 2, model: { activation: "quadratic", p: 2, pStar: 1 }, record: { perDecade: 5 } });
    const snaps = [];
    for await (const s of runExperiment(config, registry)) snaps.push(s);
    console.log(snaps.length, snaps.slice(0, 4).map((s) => [s.source, s.t, s.loss.gen]));
    expect(snaps.length).toBeGreaterThan(4);
  });
});
