import { erf } from "@pupil/tensors";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { defineActivation } from "../define.js";
import type { ActivationPlugin, Covariance } from "../types.js";
import { checkPlugin } from "./plan.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const at = (C: Covariance, i: number, j: number) => C.data[i * C.n + j];
const byName = async (plugin: ActivationPlugin) =>
  Object.fromEntries(
    (await checkPlugin(plugin, { tf, seed: 3 })).map((r) => [r.name.replace(/^[^:]*: /, ""), r]),
  );
const failing = async (plugin: ActivationPlugin) =>
  (await checkPlugin(plugin, { tf, seed: 3 }))
    .filter((r) => !r.ok)
    .map((r) => r.name.replace(/^[^:]*: /, ""));

// Small correct plugins, written from the textbook formulas (Saad & Solla 1995 for erf).
const tanh = defineActivation({
  id: "test/tanh",
  f: Math.tanh,
  df: (z) => 1 - Math.tanh(z) ** 2,
  tf: (t, x) => t.tanh(x),
  parity: "odd",
});
const erfI2 = (C: Covariance, a: number, b: number) =>
  (2 / Math.PI) * Math.asin(at(C, a, b) / Math.sqrt((1 + at(C, a, a)) * (1 + at(C, b, b))));
const erfJ2 = (C: Covariance, a: number, b: number) =>
  2 / Math.PI / Math.sqrt((1 + at(C, a, a)) * (1 + at(C, b, b)) - at(C, a, b) ** 2);
const erfI3 = (C: Covariance, i: number, b: number, c: number) => {
  const L3 = (1 + at(C, i, i)) * (1 + at(C, c, c)) - at(C, i, c) ** 2;
  return (
    ((2 / Math.PI) * (at(C, b, c) * (1 + at(C, i, i)) - at(C, i, b) * at(C, i, c))) /
    Math.sqrt(L3) /
    (1 + at(C, i, i))
  );
};
const erfAct = defineActivation({
  id: "test/erf",
  f: (z) => erf(z / Math.SQRT2),
  df: (z) => Math.sqrt(2 / Math.PI) * Math.exp(-0.5 * z * z),
  tf: (t, x) => t.erf(t.div(x, Math.SQRT2)),
  integrals: { I2: erfI2, J2: erfJ2, I3: erfI3 },
  parity: "odd",
});
// ReLU: E[relu(u_a) relu(u_b)] = √(C_aa C_bb)/(2π) (sin θ + (π − θ) cos θ), cos θ = C_ab/√(C_aa C_bb).
const reluI2 = (scale: number) => (C: Covariance, a: number, b: number) => {
  const s = Math.sqrt(at(C, a, a) * at(C, b, b));
  const theta = Math.acos(Math.max(-1, Math.min(1, at(C, a, b) / s)));
  return ((scale * s) / (2 * Math.PI)) * (Math.sin(theta) + (Math.PI - theta) * Math.cos(theta));
};
const relu = defineActivation({
  id: "test/relu",
  f: (z) => Math.max(0, z),
  df: (z) => (z > 0 ? 1 : 0),
  tf: (t, x) => t.relu(x),
  integrals: { I2: reluI2(1) },
});
function leaky(slope: number, validate = true, remember = true): ActivationPlugin {
  return defineActivation({
    id: "test/leaky-relu",
    f: (z) => (z > 0 ? z : slope * z),
    df: (z) => (z > 0 ? 1 : slope),
    tf: (t, x) => t.leakyRelu(x, slope),
    params: { slope: { type: "number", default: 0.01, min: 0, max: 1 } },
    values: { slope: remember ? slope : 0.01 },
    configure: (values) => {
      const s = values.slope ?? 0.01;
      if (validate && !(s >= 0 && s <= 1)) throw new Error(`leaky-relu: "slope" must be in [0, 1]; got ${s}`);
      return leaky(s, validate, remember);
    },
  });
}

describe("checkPlugin on correct activations", () => {
  it("passes tanh (derivative, tfjs op, odd parity)", async () => {
    const results = await byName(tanh);
    expect(Object.keys(results)).toEqual([
      "follows the plugin contract (kind, id, apiVersion, required functions)",
      "df matches central finite differences of f",
      "tfjs op matches f",
      'parity "odd" holds',
    ]);
    for (const r of Object.values(results)) expect(r.ok, r.message).toBe(true);
  });
  it("passes erf with the Saad–Solla closed forms I2, J2, I3", async () => {
    expect(await failing(erfAct)).toEqual([]);
    const names = Object.keys(await byName(erfAct));
    expect(names.filter((n) => n.startsWith("closed-form"))).toHaveLength(3);
  });
  it("passes relu (its kink skipped) with the closed-form I2", async () => {
    const results = await byName(relu);
    expect(Object.values(results).every((r) => r.ok)).toBe(true);
    expect(results["df matches central finite differences of f"].message).toMatch(/[1-9]\d* kink point/);
  });
  it("passes leaky-relu and its configured copy, which refuses an out-of-range slope", async () => {
    const results = await checkPlugin(leaky(0.01), { tf, seed: 3 });
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results.some((r) => r.name.includes('configure({"slope":0.37}): df matches'))).toBe(true);
  });
});

describe("checkPlugin catches wrong activations", () => {
  it("a wrong derivative (1 − tanh instead of 1 − tanh²)", async () => {
    expect(await failing({ ...tanh, df: (z) => 1 - Math.tanh(z) })).toEqual([
      "df matches central finite differences of f",
    ]);
  });
  it("a derivative wrong only for z < 0 (relu's slope on the wrong side)", async () => {
    expect(await failing({ ...relu, df: (z) => (z < 0 ? 1 : 0) })).toEqual([
      "df matches central finite differences of f",
    ]);
  });
  it("a wrong closed-form I2: erf with 2/π replaced by 1/π, and by 2.02/π (1% off)", async () => {
    for (const factor of [0.5, 1.01]) {
      const wrong = {
        ...erfAct,
        integrals: {
          ...erfAct.integrals,
          I2: (C: Covariance, a: number, b: number) => factor * erfI2(C, a, b),
        },
      };
      expect(await failing(wrong)).toEqual(["closed-form I2 matches quadrature"]);
    }
  });
  it("a closed form with the wrong variance term (J2 with 1 + 2C_aa)", async () => {
    const J2 = (C: Covariance, a: number, b: number) =>
      2 / Math.PI / Math.sqrt((1 + 2 * at(C, a, a)) * (1 + at(C, b, b)) - at(C, a, b) ** 2);
    expect(await failing({ ...erfAct, integrals: { ...erfAct.integrals, J2 } })).toEqual([
      "closed-form J2 matches quadrature",
    ]);
  });
  it("a relu I2 with a 5% wrong constant, despite the kink", async () => {
    expect(await failing({ ...relu, integrals: { I2: reluI2(1.05) } })).toEqual([
      "closed-form I2 matches quadrature",
    ]);
  });
  it("a tfjs op that computes another function", async () => {
    expect(await failing({ ...tanh, tf: (t, x) => t.sigmoid(x) })).toEqual(["tfjs op matches f"]);
  });
  it("a false parity claim", async () => {
    const sigmoid = defineActivation({
      id: "test/sigmoid",
      f: (z) => 1 / (1 + Math.exp(-z)),
      df: (z) => Math.exp(-z) / (1 + Math.exp(-z)) ** 2,
      tf: (t, x) => t.sigmoid(x),
      parity: "odd",
    });
    expect(await failing(sigmoid)).toEqual(['parity "odd" holds']);
  });
  it("a configure() that forgets its values or accepts any slope", async () => {
    expect(await failing(leaky(0.01, false))).toEqual([
      "configure() refuses out-of-range values with an error naming the parameter",
    ]);
    expect(await failing(leaky(0.01, true, false))).toEqual([
      'configure({"slope":0.37}) returns a valid activation holding those values',
    ]);
  });
  it("a missing function or a missing tf is a failed check, not a crash", async () => {
    const results = await checkPlugin({ ...tanh, df: undefined } as never, { tf });
    expect(results).toHaveLength(1);
    expect(results[0].ok).toBe(false);
    expect(results[0].message).toMatch(/"df" must be a function/);
    const noTf = await checkPlugin(tanh);
    expect(noTf.find((r) => r.name.endsWith("tfjs op matches f"))?.message).toMatch(/needs options\.tf/);
  });
});
