// An ODE `init` must be overlaps of real weight vectors: the joint matrix [[Q, M], [Mᵀ, T]] is a Gram
// matrix. checkRunnable (what the CLI calls before writing a run directory) refuses any other as a
// ConfigError naming `init`.
import { ConfigError } from "@pupil/plugin";
import activations from "@pupil/plugin-activations";
import metrics from "@pupil/plugin-metrics";
import teachers from "@pupil/plugin-teachers";
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../config/resolve.js";
import { buildRegistry } from "../../index.js";
import { checkRunnable } from "../../run/handle.js";
import { checkOdeStart } from "./ode-source.js";

const registry = buildRegistry({ packs: [activations, teachers, metrics] });
const ode = (init: Record<string, unknown>) =>
  resolveConfig(
    { kind: "ode", N: 100, lr: 0.5, alphaMax: 1, model: { activation: "erf", p: 2, pStar: 1 }, init },
    { registry },
  );

/** Row-wise dot products / n: the overlaps of actual vectors (the independent route to a valid start). */
const gram = (A: number[][], B: number[][]) =>
  A.map((a) => B.map((b) => a.reduce((s, x, i) => s + x * b[i], 0) / a.length));

describe("ODE start", () => {
  /** The error of resolving then checking the config, as the CLI does before writing anything. */
  const refusal = (init: Record<string, unknown>): unknown => {
    try {
      checkRunnable(ode(init), registry);
    } catch (e) {
      return e;
    }
    return undefined;
  };
  const bad = {
    Q: [
      [1, 0],
      [0, 1],
    ],
    M: [[0.9], [0.9]],
  };

  // det [[1, 0, .9], [0, 1, .9], [.9, .9, 1]] = 1 − 2·0.81 < 0: not a Gram matrix.
  for (const [label, init] of [
    ["with init.T given (the schema's refinement)", { ...bad, T: [[1]] }],
    ["with T left to the teacher's (an orthonormal teacher: T = 1; the runnable check)", bad],
  ] as const) {
    it(`refuses a joint overlap matrix that is not PSD ${label}, naming init`, () => {
      const error = refusal(init);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues.map((i) => i.path)).toEqual(["init"]);
      expect((error as ConfigError).message).toMatch(/positive semi-definite/);
    });
  }

  it("accepts the overlaps of real vectors, also a singular (rank-deficient) one", () => {
    const w = [
      [1, 2, 0, -1],
      [0, 1, 1, 1],
    ];
    const t = [[1, 0, 1, 0]];
    const start = { Q: gram(w, w), M: gram(w, t), T: gram(t, t) };
    expect(() => checkOdeStart(start)).not.toThrow();
    // the student's first vector equals the teacher's: the joint matrix is singular but still a Gram matrix
    const same = [t[0], w[1]];
    expect(() => checkOdeStart({ Q: gram(same, same), M: gram(same, t), T: gram(t, t) })).not.toThrow();
    expect(() => checkRunnable(ode({ Q: start.Q, M: start.M, T: start.T }), registry)).not.toThrow();
  });
});
