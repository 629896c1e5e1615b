// The Float64Array optimisers against tfjs's own tf.train optimisers (an independent implementation) and the
// learning-rate schedules against their formulas.
import { createRng } from "@pupil/tensors";
import { beforeAll, describe, expect, it } from "vitest";
import { resolveOptimizer } from "../optimizer.js";
import { learningRate } from "../schedule.js";
import { tf, tfReady } from "../tf/test-tf.js";
import type { ParamGroup } from "./net.js";
import { F64Optimizer } from "./optim.js";

beforeAll(async () => {
  await tfReady();
});

function compare(kind: "adam" | "momentum" | "sgd"): void {
  const rng = createRng(kind.length);
  const value = rng.fillNormal(new Float64Array(6));
  const group: ParamGroup = {
    name: "w",
    value: value.slice(),
    grad: new Float64Array(6),
    trainable: true,
    l2: 0,
  };
  const lr = 0.05;
  const opt =
    kind === "adam"
      ? resolveOptimizer({ type: "adam", lr, beta1: 0.8, beta2: 0.99, epsilon: 1e-6 })
      : resolveOptimizer({ type: "sgd", lr, momentum: kind === "momentum" ? 0.7 : 0 });
  const ours = new F64Optimizer([group], opt);
  const v = tf.variable(tf.tensor1d(Float32Array.from(value)));
  const theirs =
    kind === "adam"
      ? tf.train.adam(lr, 0.8, 0.99, 1e-6)
      : kind === "momentum"
        ? tf.train.momentum(lr, 0.7)
        : tf.train.sgd(lr);
  for (let step = 0; step < 5; step++) {
    rng.fillNormal(group.grad);
    ours.step(lr);
    const g = tf.tensor1d(Float32Array.from(group.grad));
    theirs.applyGradients([{ name: v.name, tensor: g }]);
    g.dispose();
  }
  const got = v.dataSync();
  for (let i = 0; i < 6; i++) expect(Math.abs(got[i] - group.value[i]), `${kind}[${i}]`).toBeLessThan(1e-5);
  // and the parameters really moved
  expect(Math.max(...Array.from(group.value, (x, i) => Math.abs(x - value[i])))).toBeGreaterThan(0.01);
  theirs.dispose();
  v.dispose();
}

describe("F64Optimizer", () => {
  it("Adam matches tf.train.adam over several steps", () => compare("adam"));
  it("heavy-ball SGD matches tf.train.momentum", () => compare("momentum"));
  it("plain SGD matches tf.train.sgd", () => compare("sgd"));
});

describe("learning-rate schedules", () => {
  it("follow their formulas", () => {
    expect(learningRate({ type: "constant" }, 0.1, 50)).toBe(0.1);
    expect(learningRate({ type: "step", every: 10, gamma: 0.5 }, 0.1, 9)).toBe(0.1);
    expect(learningRate({ type: "step", every: 10, gamma: 0.5 }, 0.1, 25)).toBeCloseTo(0.025, 15);
    expect(learningRate({ type: "exponential", gamma: 0.9 }, 1, 3)).toBeCloseTo(0.729, 15);
    const cosine = { type: "cosine" as const, epochs: 100, minLr: 0.01 };
    expect(learningRate(cosine, 0.11, 0)).toBeCloseTo(0.11, 15);
    expect(learningRate(cosine, 0.11, 50)).toBeCloseTo(0.06, 15);
    expect(learningRate(cosine, 0.11, 100)).toBeCloseTo(0.01, 15);
    expect(learningRate(cosine, 0.11, 150)).toBeCloseTo(0.01, 15);
  });
});
