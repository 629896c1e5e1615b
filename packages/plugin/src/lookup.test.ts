import { describe, expect, it } from "vitest";
import { defineActivation, defineTeacher } from "./define.js";
import { ConfigError } from "./errors.js";
import { lookupPlugin } from "./lookup.js";
import { createRegistry } from "./registry.js";
import type { ActivationPlugin } from "./types.js";

const leaky = (slope: number): ActivationPlugin =>
  defineActivation({
    id: "leaky",
    f: (z) => (z > 0 ? z : slope * z),
    df: (z) => (z > 0 ? 1 : slope),
    tf: (_tf, x) => x,
    params: { slope: { type: "number", default: 0.01, min: 0, max: 1 } },
    values: { slope },
    configure: (v) => leaky(v.slope ?? slope),
  });
const plain = defineActivation({ id: "lin", f: (z) => z, df: () => 1, tf: (_tf, x) => x });
const teacher = defineTeacher({
  id: "t",
  params: { scale: { type: "number", default: 1 } },
  generate: () => ({ layers: [] }),
});
const registry = createRegistry().use(leaky(0.01), plain, teacher).freeze();

const issuesOf = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error("expected a ConfigError");
};

describe("lookupPlugin", () => {
  it("returns the registered plugin; an activation configured with its params", () => {
    expect(lookupPlugin(registry, "activation", "lin", "model.activation")).toBe(plain);
    const g = lookupPlugin(registry, "activation", { id: "leaky", params: { slope: 0.3 } }, "a");
    expect(g.values).toEqual({ slope: 0.3 });
    expect(g.f(-2)).toBeCloseTo(-0.6, 15);
    expect(lookupPlugin(registry, "teacher", { id: "t", params: { scale: 2 } }, "teacher")).toBe(teacher);
  });

  it("refuses an unknown id naming the field and the known ids", () => {
    expect(issuesOf(() => lookupPlugin(registry, "activation", "tanh", "model.activation"))).toEqual([
      { path: "model.activation", value: "tanh", expected: "a registered activation plugin id: leaky, lin" },
    ]);
    expect(issuesOf(() => lookupPlugin(registry, "metric", { id: "m" }, "metrics[0]"))[0].path).toBe(
      "metrics[0].id",
    );
  });

  it("refuses unknown and out-of-range params at their own path, the same way for every kind", () => {
    const typo = issuesOf(() =>
      lookupPlugin(
        registry,
        "activation",
        { id: "leaky", params: { slpoe: 0.3 } },
        "train.student.activation",
      ),
    );
    expect(typo).toHaveLength(1);
    expect(typo[0].path).toBe("train.student.activation.params.slpoe");
    expect(typo[0].expected).toMatch(/known: slope/);
    expect(
      issuesOf(() => lookupPlugin(registry, "activation", { id: "leaky", params: { slope: 2 } }, "a"))[0],
    ).toEqual({
      path: "a.params.slope",
      value: 2,
      expected: "a finite number in [0, 1]",
    });
    // A plugin that declares no params refuses any, rather than dropping them silently.
    expect(
      issuesOf(() => lookupPlugin(registry, "activation", { id: "lin", params: { k: 1 } }, "a"))[0].path,
    ).toBe("a.params");
    expect(
      issuesOf(() => lookupPlugin(registry, "teacher", { id: "t", params: { P: 7 } }, "teacher"))[0].path,
    ).toBe("teacher.params.P");
  });
});
