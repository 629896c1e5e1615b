// lossParamRules is what hosts draw controls from: it must cover every loss of the pack, and its defaults must
// be what each loss resolves when a config gives no params (read through the loss's own params function).
import { describe, expect, it } from "vitest";
import pack, {
  attentionParams,
  factorTransferParams,
  fitnetsParams,
  kdParams,
  lossParamRules,
} from "./index.js";

const resolveDefaults: Record<string, () => Record<string, unknown>> = {
  kd: () => kdParams({}),
  fitnets: () => fitnetsParams({}),
  attention: () => attentionParams({}),
  "factor-transfer": () => factorTransferParams({}),
};

describe("lossParamRules", () => {
  it("has the rules of every loss in the pack", () => {
    const ids = pack.plugins.filter((p) => p.kind === "loss").map((p) => p.id);
    expect(Object.keys(lossParamRules).sort()).toEqual([...ids].sort());
  });

  it.each(Object.keys(resolveDefaults))("%s: each rule's default is the resolved default", (id) => {
    const resolved = resolveDefaults[id]();
    for (const [name, rule] of Object.entries(lossParamRules[id]))
      expect(resolved[name], name).toBe(rule.default);
  });

  it("bounds and choices are what the loss refuses outside of", () => {
    expect(() => kdParams({ temperature: 0 })).toThrow(/temperature/);
    expect(lossParamRules.kd.temperature).toMatchObject({ above: 0 });
    expect(() => factorTransferParams({ p: 3 })).toThrow(/p/);
    expect(lossParamRules["factor-transfer"].p).toMatchObject({ choices: [1, 2] });
  });
});
