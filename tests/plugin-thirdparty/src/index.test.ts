// The whole suite of a third-party plugin: the conformance kit, plus one check that a host can use it
// through a registry next to the built-in activations.

import { createRegistry, resolveIntegrals } from "@pupil/plugin";
import { PluginTester } from "@pupil/plugin/testing";
import activationsPack from "@pupil/plugin-activations";
import { createRng } from "@pupil/tensors";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import thirdPartyPack from "./index.js";

new PluginTester({ describe, it, tf }).run(thirdPartyPack);

describe("used through a registry", () => {
  it("resolves acme/swish's I2 numerically, matching Monte Carlo within 5 standard errors", () => {
    const registry = createRegistry().use(activationsPack, thirdPartyPack).freeze();
    const swish = registry.get("activation", "acme/swish");
    expect(registry.get("activation", "erf").id).toBe("erf");

    // u ~ N(0, C), C = [[1.5, 0.6], [0.6, 0.8]]: u0 = √1.5 z0, u1 = (0.6/√1.5) z0 + √(0.8 − 0.24) z1.
    const C = { n: 2, data: [1.5, 0.6, 0.6, 0.8] };
    const l00 = Math.sqrt(1.5);
    const l10 = 0.6 / l00;
    const l11 = Math.sqrt(0.8 - l10 * l10);
    const samples = 200_000;
    const z = new Float64Array(2);
    const rng = createRng(42);
    let sum = 0;
    let sumSq = 0;
    for (let s = 0; s < samples; s++) {
      rng.fillNormal(z);
      const product = swish.f(l00 * z[0]) * swish.f(l10 * z[0] + l11 * z[1]);
      sum += product;
      sumSq += product * product;
    }
    const mean = sum / samples;
    const stderr = Math.sqrt((sumSq / samples - mean * mean) / (samples - 1));

    const I2 = resolveIntegrals(swish).I2(C, 0, 1);
    expect(stderr).toBeLessThan(0.01 * Math.abs(mean));
    expect(Math.abs(I2 - mean)).toBeLessThan(5 * stderr);
  });
});
