import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { factorDistance, factorOf } from "./factor.js";
import { normalizeRows } from "./test-support/naive.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const T = tf as never;
const shape = [3, 4, 4, 5];
const value = (t: tf.Tensor) => {
  const v = t.dataSync()[0];
  t.dispose();
  return v;
};

describe("factorDistance", () => {
  it("is 0 when F_S = c·F_T, c > 0: exactly for c = 4 (a power of two scales without rounding), to float32 rounding for c = 3", () => {
    const ft = tf.randomNormal(shape, 0, 1, "float32", 1);
    for (const [c, tol] of [
      [4, 0],
      // Each factor entry (~0.1) is rounded twice more than its twin: |difference| ≲ 2·ε₃₂·0.1 ≈ 2.4e-8.
      [3, 1e-7],
      [0.37, 1e-7],
    ]) {
      for (const options of [
        {},
        { p: 2 as const },
        { factor: "spatial" as const },
        { reduction: "sum" as const },
      ]) {
        const d = value(tf.tidy(() => factorDistance(T, tf.mul(ft, c), ft, options)));
        expect(Math.abs(d), `c = ${c}, ${JSON.stringify(options)}`).toBeLessThanOrEqual(
          tol * (options.reduction === "sum" ? 240 : 1),
        );
      }
    }
    ft.dispose();
  });
  it("is invariant to a positive rescaling of each sample, on either side", () => {
    const [fs, ft] = [tf.randomNormal(shape, 0, 1, "float32", 2), tf.randomNormal(shape, 0, 1, "float32", 3)];
    const a = tf.tensor([0.3, 5, 40], [3, 1, 1, 1]);
    const b = tf.tensor([7, 0.01, 1.5], [3, 1, 1, 1]);
    for (const options of [{}, { p: 2 as const }, { factor: "spatial" as const }]) {
      const base = value(factorDistance(T, fs, ft, options));
      const scaled = value(tf.tidy(() => factorDistance(T, tf.mul(fs, a), tf.mul(ft, b), options)));
      expect(Math.abs(scaled - base)).toBeLessThan(1e-5 * base);
    }
    tf.dispose([fs, ft, a, b]);
  });
  it("matches a float64 computation for p ∈ {1, 2}, each reduction, both factor kinds", () => {
    const [fs, ft] = [tf.randomNormal(shape, 0, 1, "float32", 4), tf.randomNormal(shape, 0, 1, "float32", 5)];
    const [s, t] = [fs.dataSync(), ft.dataSync()];
    const spatial = (x: ArrayLike<number>) => {
      const out = new Float64Array(3 * 16);
      for (let p = 0; p < 48; p++) {
        let sum = 0;
        for (let c = 0; c < 5; c++) sum += x[p * 5 + c] ** 2;
        out[p] = sum / 5;
      }
      return out;
    };
    for (const factor of ["vector", "spatial"] as const) {
      const [ns, nt] =
        factor === "vector"
          ? [normalizeRows(s, 3), normalizeRows(t, 3)]
          : [normalizeRows(spatial(s), 3), normalizeRows(spatial(t), 3)];
      for (const p of [1, 2] as const) {
        let total = 0;
        for (let i = 0; i < ns.length; i++) total += Math.abs(ns[i] - nt[i]) ** p;
        const expected = { mean: total / ns.length, batchmean: total / 3, sum: total };
        for (const reduction of ["mean", "batchmean", "sum"] as const) {
          const got = value(factorDistance(T, fs, ft, { p, reduction, factor }));
          expect(Math.abs(got - expected[reduction]), `${factor} p=${p} ${reduction}`).toBeLessThan(
            1e-5 * expected[reduction],
          );
        }
      }
    }
    const f = factorOf(T, fs);
    expect(f.shape).toEqual([3, 80]);
    tf.dispose([fs, ft, f]);
  });
});
