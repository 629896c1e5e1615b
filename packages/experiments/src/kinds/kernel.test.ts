// Each source declares what computes its steps (Source.kernel), so a UI shows it without reading internals:
// checked against what the source was built on, read by an independent route (the simulator object, tf).
import { OnlineSimulator } from "@pupil/dynamics";
import { resolveRecipe } from "@pupil/plugin";
import activations from "@pupil/plugin-activations";
import distillPack from "@pupil/plugin-distill";
import teachers from "@pupil/plugin-teachers";
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../config/resolve.js";
import { buildRegistry } from "../index.js";
import { nodeRunHost } from "../node/host.js";
import { SimSource } from "./committee/sim-source.js";
import { setupRun } from "./index.js";

describe("Source.kernel", () => {
  it("names the simulation's SGD kernel, the one its simulator steps with", () => {
    const registry = buildRegistry({ packs: [activations, teachers] });
    const config = resolveConfig(
      { kind: "online", seed: 1, N: 50, lr: 0.2, alphaMax: 1, model: { activation: "erf", p: 2, pStar: 2 } },
      { registry },
    );
    const sources = setupRun(config, registry).createSources();
    const sim = sources.find((s) => s.name === "sim") as SimSource;
    expect(sim).toBeInstanceOf(SimSource);
    expect(sim.sim).toBeInstanceOf(OnlineSimulator);
    expect(["wasm", "js"]).toContain(sim.kernel);
    expect(sim.kernel).toBe(sim.sim.kernelName);
    // The ODE says nothing: it has no step kernel.
    expect(sources.find((s) => s.name === "ode")?.kernel).toBeUndefined();
  });

  it("names the tfjs backend a distill run trains on", async () => {
    const registry = await resolveRecipe({ builtins: ["distill"], modules: [] }, () => distillPack);
    const host = await nodeRunHost();
    const config = resolveConfig(
      { kind: "distill", seed: 0, lr: 0.01, distill: { data: { dataset: "templated" } } },
      { registry },
    );
    const [source] = setupRun(config, registry, host).createSources();
    try {
      expect(host.tf?.getBackend()).toBe("wasm");
      expect(source.kernel).toBe("tfjs-wasm");
    } finally {
      source.dispose?.();
    }
  });
});
