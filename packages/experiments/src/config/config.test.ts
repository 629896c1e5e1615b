import { readFileSync } from "node:fs";
import activations from "@pupil/plugin-activations";
import metrics from "@pupil/plugin-metrics";
import teachers from "@pupil/plugin-teachers";
import { describe, expect, it } from "vitest";
import { buildRegistry } from "../index.js";
import { presets } from "../presets.js";
import { ConfigError } from "./errors.js";
import { applyOverrides, settableKeys } from "./overrides.js";
import { resolveConfig } from "./resolve.js";

const registry = await buildRegistry({ packs: [activations, teachers, metrics] });
const base = { kind: "ode", lr: 0.1, alphaMax: 10, model: { activation: "quadratic", p: 2, pStar: 1 } };

function issuesOf(raw: unknown) {
  try {
    resolveConfig(raw, { registry });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues;
  }
  throw new Error("expected a ConfigError");
}

describe("resolveConfig", () => {
  it.each(presets.map((p) => [p.name, p]))("preset %s is valid", (_name, preset) => {
    const config = resolveConfig(preset.config, { registry });
    expect(config.name).toBe(preset.name);
  });

  it("fills defaults that depend on other fields", () => {
    const quad = resolveConfig(base, { registry });
    if (quad.kind === "train" || quad.kind === "distill") throw new Error("expected a committee config");
    expect(quad.model.teacherActivation).toBe("quadratic");
    expect(quad.model.secondLayer).toEqual({ student: "1/p", teacher: "1/p" });
    expect(quad.noiseTerm).toBe(true);
    expect(quad.integrator).toEqual({ method: "rk45" }); // rtol/atol unset: dynamics' accurate defaults
    const erf = resolveConfig({ ...base, model: { activation: "erf", p: 2, pStar: 2 } }, { registry });
    if (erf.kind === "train" || erf.kind === "distill") throw new Error("expected a committee config");
    expect(erf.model.secondLayer).toEqual({ student: "1", teacher: "1" });
  });

  it("reports every problem at once, each with path, value and expectation", () => {
    const issues = issuesOf({
      kind: "odd",
      lr: -1,
      alphaMax: "ten",
      model: { activation: "nope", p: 0, pStar: 1.5, extra: true },
      record: { at: [100] },
    });
    const paths = issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "kind",
        "lr",
        "alphaMax",
        "model.p",
        "model.pStar",
        "model.extra",
        "model.activation",
      ]),
    );
    const lr = issues.find((i) => i.path === "lr")!;
    expect(lr.value).toBe(-1);
    expect(lr.expected).toMatch(/> 0/);
    expect(issues.find((i) => i.path === "model.activation")!.expected).toMatch(/erf/);
    const message = new ConfigError(issues).message;
    expect(message).toMatch(/model\.p: got 0; expected an integer ≥ 1/);
  });

  it("one schema per kind: fields of another kind are refused by name; integrator euler is accepted", () => {
    const train = issuesOf({ kind: "train", lr: 0.1, alphaMax: 5, metrics: ["eval-mse"] });
    expect(train.map((i) => i.path).sort()).toEqual(["alphaMax", "metrics"]);
    expect(train[0].expected).toMatch(/nothing for kind "train"/);
    expect(issuesOf({ ...base, train: {} })[0]).toMatchObject({
      path: "train",
      expected: 'nothing unless kind is "train"',
    });
    const euler = resolveConfig({ ...base, integrator: { method: "euler" } }, { registry });
    expect(euler.integrator).toEqual({ method: "euler", dt: 0.001 });
    expect(issuesOf({ ...base, integrator: { method: "euler", dt: -1 } })[0].path).toBe("integrator.dt");
  });

  it("the plugins a config leaves unnamed come from the host's defaults, not from the schema", () => {
    const fromBuiltins = resolveConfig({ kind: "train", lr: 0.1 }, { registry });
    if (fromBuiltins.kind !== "train") throw new Error("expected a train config");
    expect([fromBuiltins.train.teacher.generator, fromBuiltins.train.student.activation]).toEqual([
      "discrete-fanout",
      "relu",
    ]);
    const mine = resolveConfig(
      { kind: "train", lr: 0.1 },
      {
        registry,
        defaults: { committeeTeacher: "gaussian", trainTeacher: "glorot-relu", trainActivation: "erf" },
      },
    );
    if (mine.kind !== "train") throw new Error("expected a train config");
    expect([mine.teacher.generator, mine.train.teacher.generator, mine.train.student.activation]).toEqual([
      "gaussian",
      "glorot-relu",
      "erf",
    ]);
    const schemaText = readFileSync(new URL("./schema.ts", import.meta.url), "utf8");
    for (const id of ["orthonormal", "discrete-fanout", "relu"]) expect(schemaText).not.toContain(`"${id}"`);
  });

  it("an euler ODE run agrees with rk45 to first order in dt", async () => {
    const { runExperiment } = await import("../run/handle.js");
    const lastEg = async (integrator: unknown) => {
      const config = resolveConfig({ ...base, kind: "ode", alphaMax: 2, integrator }, { registry });
      let eg = Number.NaN;
      for await (const s of runExperiment(config, registry)) eg = s.loss.gen ?? Number.NaN;
      return eg;
    };
    const reference = await lastEg({ method: "rk45", rtol: 1e-10, atol: 1e-12 });
    const coarse = Math.abs((await lastEg({ method: "euler", dt: 1e-2 })) - reference);
    const fine = Math.abs((await lastEg({ method: "euler", dt: 1e-3 })) - reference);
    expect(fine).toBeLessThan(coarse / 5); // error ∝ dt: ten times smaller dt, about ten times smaller error
    expect(fine / reference).toBeLessThan(1e-2);
  });

  it("checks init overlaps: shape, symmetry, positive semi-definiteness, joint Ω", () => {
    const p2 = { ...base, model: { activation: "quadratic", p: 2, pStar: 1 } };
    expect(issuesOf({ ...p2, init: { Q: [[1, 0]], M: [[0], [0]] } })[0].path).toBe("init.Q");
    expect(
      issuesOf({
        ...p2,
        init: {
          Q: [
            [1, 0.5],
            [0, 1],
          ],
          M: [[0], [0]],
        },
      })[0].path,
    ).toMatch(/^init\.Q\[1\]\[0\]/);
    // eigenvalues of [[1, 2], [2, 1]] are 3 and −1
    expect(
      issuesOf({
        ...p2,
        init: {
          Q: [
            [1, 2],
            [2, 1],
          ],
          M: [[0], [0]],
        },
      })[0].expected,
    ).toMatch(/semi-definite/);
    // Q = I and T = I are PSD, but Ω = [[1, 0, 2], [0, 1, 0], [2, 0, 1]] has eigenvalue 1 − 2 < 0
    const joint = issuesOf({
      ...p2,
      init: {
        Q: [
          [1, 0],
          [0, 1],
        ],
        M: [[2], [0]],
        T: [[1]],
      },
    });
    expect(joint.map((i) => i.path)).toEqual(["init"]);
    expect(
      issuesOf({
        ...p2,
        init: {
          Q: [
            [1, 0],
            [0, 1],
          ],
        },
      })[0].path,
    ).toBe("init.M");
    expect(
      issuesOf({
        ...p2,
        kind: "online",
        init: {
          Q: [
            [1, 0],
            [0, 1],
          ],
          M: [[0], [0]],
          T: [[1]],
        },
      })[0].path,
    ).toBe("init.T");
  });

  it("train runs take their networks from train.*, with every default filled", () => {
    const t = resolveConfig({ kind: "train", lr: 0.01, train: { student: { widths: [30] } } }, { registry });
    if (t.kind !== "train") throw new Error("expected a train config");
    expect(t.train.student).toEqual({
      widths: [30],
      activation: "relu",
      initStd: 0.005,
      bias: true,
      fixedOutput: false,
    });
    expect(t.train.teacher.generator).toBe("discrete-fanout");
    expect(issuesOf({ ...base, kind: "train" }).map((i) => i.path)).toEqual(["model", "alphaMax"]);
    expect(issuesOf({ kind: "online", lr: 0.1 }).map((i) => i.path)).toEqual(["alphaMax", "model"]);
  });
});

describe("applyOverrides", () => {
  it("sets known keys with JSON values, leaving the input untouched", () => {
    const raw = structuredClone(base) as Record<string, unknown>;
    const out = applyOverrides(raw, [
      "model.p=8",
      "noiseTerm=false",
      "model.activation=erf",
      "record.at=[1,2]",
    ]);
    expect(out.model).toMatchObject({ p: 8, activation: "erf" });
    expect(out.noiseTerm).toBe(false);
    expect(out.record).toEqual({ at: [1, 2] });
    expect((raw.model as { p: number }).p).toBe(2);
  });

  it("rejects unknown keys and malformed arguments, all at once", () => {
    try {
      applyOverrides(base, ["model.q=1", "lr", "teacher.params.scale=2"]);
      throw new Error("expected a ConfigError");
    } catch (error) {
      const issues = (error as ConfigError).issues;
      expect(issues.map((i) => i.path)).toEqual(["--set model.q", "--set"]);
    }
    expect(settableKeys()).toEqual(
      expect.arrayContaining(["model.p", "integrator", "record.perDecade", "init.Q"]),
    );
  });
});
