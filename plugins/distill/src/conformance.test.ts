// The conformance kit is this package's contract test, run exactly as a third-party plugin would run it, with
// each loss's plain params (the distillation weight at 0: plain cross-entropy, bit for bit) and the
// invariances attention transfer has by construction.
import type { Plugin } from "@pupil/plugin";
import { PluginTester, rescaleFeaturesPerSample } from "@pupil/plugin/testing";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, it } from "vitest";
import pack, { factorTransfer } from "./index.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const plainParams: Record<string, Record<string, unknown>> = {
  kd: { alpha: 0, gamma: 1 },
  fitnets: { beta: 0 },
  attention: { beta: 0 },
  "factor-transfer": { beta: 0 },
};

const tester = new PluginTester({
  describe,
  it,
  tf: tf as never,
  loss: (plugin: Plugin) => ({
    plainParams: plainParams[plugin.id],
    // Attention: Q̂ = Q/‖Q‖ with Q quadratic in the features, so rescaling a sample's maps leaves Q̂ alone.
    // Factor transfer: FT normalises per sample and, at initialisation (biases 0), translator and paraphraser
    // are positively homogeneous (convolutions and LeakyReLU), so the loss cannot change either.
    invariances: ["attention", "factor-transfer"].includes(plugin.id)
      ? [rescaleFeaturesPerSample("both")]
      : [],
  }),
});
tester.run(pack);
// The named modes and the p = 2 / other reductions pass the kit too.
tester.run(factorTransfer, {
  loss: { params: { mode: "spatial" }, plainParams: { mode: "spatial", beta: 0 } },
});
tester.run(factorTransfer, { loss: { params: { p: 2, reduction: "batchmean" } } });
tester.run(factorTransfer, { loss: { params: { mode: "mse-reconstruction", reduction: "sum" } } });
