// The distill controls are drawn from the loss's exported rules and show the values the loss resolves.
import { factorTransferParamRules, kdParamRules } from "@pupil/plugin-distill";
import { describe, expect, it } from "vitest";
import { lossParamFields, resolvedParams } from "./DistillControls.js";

describe("distill loss controls", () => {
  it("draws one field per rule, with its bounds or choices", () => {
    const fields = lossParamFields("kd");
    expect(fields.map((f) => f.id)).toEqual(Object.keys(kdParamRules).map((k) => `distill.loss.params.${k}`));
    expect(fields.find((f) => f.id.endsWith(".temperature"))).toMatchObject({ above: 0, default: 4 });
    expect(fields.find((f) => f.id.endsWith(".convention"))?.choices).toEqual(["alpha-on-kl", "alpha-on-ce"]);
    expect(lossParamFields(undefined)).toEqual([]);
  });

  it("shows what a mode sets, not the rule's default", () => {
    expect(factorTransferParamRules.factor.default).toBe("vector");
    expect(resolvedParams("factor-transfer", { mode: "spatial" }).factor).toBe("spatial");
    // Params the loss refuses resolve to nothing here (the config error names the field).
    expect(resolvedParams("kd", { temperature: -1 })).toEqual({});
  });
});
