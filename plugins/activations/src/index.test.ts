import { describe, expect, it } from "vitest";
import { version } from "../package.json";
import pack, { erf, leakyRelu, linear, quadratic, relu, sigmoid, tanh } from "./index.js";

describe("the pack", () => {
  it("names itself and lists the seven activations under their agreed ids", () => {
    expect(pack.meta).toEqual({ name: "@pupil/plugin-activations", version });
    expect(pack.plugins.map((p) => p.id)).toEqual([
      "linear",
      "quadratic",
      "erf",
      "relu",
      "leaky-relu",
      "tanh",
      "sigmoid",
    ]);
    expect(pack.plugins).toEqual([linear, quadratic, erf, relu, leakyRelu, tanh, sigmoid]);
  });

  it("gives closed forms exactly where they are known", () => {
    const closed = Object.fromEntries(
      pack.plugins.map((p) => [p.id, Object.keys((p as typeof erf).integrals ?? {}).sort()]),
    );
    expect(closed).toEqual({
      linear: ["I2", "I3", "I4", "J2"],
      quadratic: ["I2", "I3", "I4", "J2"],
      erf: ["I2", "I3", "I4", "J2"],
      relu: ["I2", "I3", "I4", "J2"],
      "leaky-relu": ["I2", "I3", "I4", "J2"],
      tanh: [],
      sigmoid: [],
    });
  });
});
