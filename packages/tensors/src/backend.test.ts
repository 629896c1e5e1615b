import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { chooseBackend, defaultBackendOrder, isBrowserLike } from "./backend.js";

describe("chooseBackend (Node)", () => {
  it("importing the module registers nothing; Node defaults to wasm → cpu", () => {
    expect(tf.findBackendFactory("wasm")).toBeFalsy();
    expect(isBrowserLike()).toBe(false);
    expect(defaultBackendOrder()).toEqual(["wasm", "cpu"]);
  });

  it("selects wasm by default and computes a correct matMul on it, without leaking tensors", async () => {
    expect(await chooseBackend(tf)).toBe("wasm");
    expect(tf.getBackend()).toBe("wasm");
    const before = tf.memory().numTensors;
    const product = tf.tidy(() => {
      const a = tf.tensor2d([
        [1, 2, 3],
        [4, 5, 6],
      ]);
      const b = tf.tensor2d([
        [7, 8],
        [9, 10],
        [11, 12],
      ]);
      return tf.matMul(a, b).arraySync();
    });
    // [1 2 3; 4 5 6]·[7 8; 9 10; 11 12] = [58 64; 139 154] (by hand)
    expect(product).toEqual([
      [58, 64],
      [139, 154],
    ]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("honours an explicit order and falls back down it", async () => {
    expect(await chooseBackend(tf, { order: ["cpu"] })).toBe("cpu");
    expect(tf.getBackend()).toBe("cpu");
    // webgl is not available in Node: the next entry is used.
    expect(await chooseBackend(tf, { order: ["webgl", "wasm"] })).toBe("wasm");
    const sum = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).arraySync());
    expect(sum).toEqual([4, 6]);
  });

  it("names bad options", async () => {
    await expect(chooseBackend(tf, { order: [] })).rejects.toThrow(/order/);
    await expect(chooseBackend(tf, { order: ["gpu" as "cpu"] })).rejects.toThrow(
      /order: unknown backend "gpu"/,
    );
    await expect(chooseBackend(tf, { order: ["webgl"] })).rejects.toThrow(/order: no backend/);
    await expect(chooseBackend({} as typeof tf)).rejects.toThrow(/tf:/);
  });
});
