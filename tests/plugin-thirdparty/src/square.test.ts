// Capabilities, not ids: a third-party g(z) = z² that declares family "quadratic" takes the same
// closed-form ODE route as the built-in quadratic and gives the same numbers, bit for bit; without the
// declaration the same function takes the generic integrals route.
import { type CommitteeSpec, createOdeRhs, OdeIntegrator, populationLoss } from "@pupil/dynamics";
import type { ActivationPlugin } from "@pupil/plugin";
import { quadratic } from "@pupil/plugin-activations";
import { describe, expect, it } from "vitest";
import { square } from "./square.js";

const spec = (g: ActivationPlugin): CommitteeSpec => ({
  N: 1000,
  p: 3,
  pStar: 2,
  activation: g,
  teacherActivation: g,
  a: new Float64Array(3).fill(1 / 3),
  b: new Float64Array(2).fill(1 / 2),
  lr: 0.2,
  lrScaling: "eta",
  labelNoise: 0,
  weightDecay: 0,
  batch: 1,
  noiseTerm: true,
});
const init = {
  Q: [
    [1, 0.1, 0],
    [0.1, 0.9, 0.05],
    [0, 0.05, 0.8],
  ],
  M: [
    [0.2, 0],
    [0, 0.15],
    [0.05, 0.05],
  ],
  T: [
    [1, 0],
    [0, 1],
  ],
};
const T = init.T.flat();

describe("acme/square (a third-party quadratic)", () => {
  it("takes the closed-form quadratic route, chosen from its declared family", () => {
    expect(square.id).not.toBe(quadratic.id);
    expect(createOdeRhs(spec(square), T).route).toBe("quadratic");
    expect(createOdeRhs(spec(quadratic), T).route).toBe("quadratic");
    const undeclared = { ...square, id: "acme/square-plain", family: undefined };
    expect(createOdeRhs(spec(undeclared), T).route).toBe("integrals");
  });

  it("integrates to the same overlaps and losses as the built-in, bit for bit", () => {
    const integrator = { method: "rk45", rtol: 1e-9, atol: 1e-11 } as const;
    const mine = new OdeIntegrator({ spec: spec(square), init, integrator });
    const builtin = new OdeIntegrator({ spec: spec(quadratic), init, integrator });
    for (const alpha of [0.5, 3, 10]) {
      mine.advanceTo(alpha);
      builtin.advanceTo(alpha);
      expect(mine.snapshot()).toEqual(builtin.snapshot());
    }
    expect(populationLoss(spec(square), init)).toBe(populationLoss(spec(quadratic), init));
    // and the generic route agrees with it to integration accuracy (an independent route to the numbers)
    const generic = new OdeIntegrator({
      spec: spec({ ...square, id: "acme/square-plain", family: undefined }),
      init,
      integrator,
    });
    generic.advanceTo(3);
    const fast = new OdeIntegrator({ spec: spec(square), init, integrator });
    fast.advanceTo(3);
    expect(generic.loss()).toBeCloseTo(fast.loss(), 8);
  });
});

describe("presets shipped by a pack", () => {
  it("are listed with the pack's name and run like any config", async () => {
    const { buildRegistry, getPreset, listPresets, resolveConfig, runExperiment } = await import(
      "@pupil/experiments"
    );
    const acme = (await import("./index.js")).default;
    const activations = (await import("@pupil/plugin-activations")).default;
    const teachers = (await import("@pupil/plugin-teachers")).default;
    const registry = buildRegistry({ packs: [activations, teachers, acme] });
    const listed = listPresets(registry).find((p) => p.name === "acme-square-escape");
    expect(listed?.pack).toBe("@acme/pupil-plugin-extra");
    expect(listPresets(registry).find((p) => p.name === "quadratic-escape")?.pack).toBe("@pupil/experiments");
    const config = resolveConfig(
      { ...getPreset("acme-square-escape", registry)!.config, alphaMax: 2 },
      { registry },
    );
    // the default second layer follows the declared family, as for the built-in quadratic
    expect(config.kind !== "train" && config.kind !== "distill" && config.model.secondLayer.student).toBe(
      "1/p",
    );
    let last: number | undefined;
    for await (const s of runExperiment(config, registry)) last = s.loss.gen;
    expect(Number.isFinite(last)).toBe(true);
  });
});
