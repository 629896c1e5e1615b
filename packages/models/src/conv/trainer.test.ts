import { registerTrainingKernels, type TrainingKernels } from "@pupil/tfjs-wasm-train";
import * as tfjs from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OptimizerSpec } from "../optimizer.js";
import { tf, tfReady } from "../tf/test-tf.js";
import { ConvNet } from "./net.js";
import { type ConvNetSpec, convStudentSpec, convTeacherSpec } from "./spec.js";
import { blobImages } from "./test-data.js";
import { ConvTrainer, type ConvTrainerState } from "./trainer.js";

let kernels: TrainingKernels;
beforeAll(async () => {
  expect(await tfReady()).toBe("wasm");
  kernels = registerTrainingKernels(tfjs, tfjs.findBackend("wasm"));
});
afterAll(() => kernels.unregister());

const B = 8;
const data = blobImages(64, 21);

/** Runs steps [from, to) of a fixed batch sequence (batch s = rows (s·B) mod 64 …), with an extra loss on a tap and an extra trainable variable. */
function run(trainer: ConvTrainer, extra: tfjs.Variable, from: number, to: number): number[] {
  const losses: number[] = [];
  for (let s = from; s < to; s++) {
    const start = (s * B) % 64;
    const l = tf.tidy(() => {
      const x = tf.tensor4d(data.x.subarray(start * 784, (start + B) * 784), [B, 28, 28, 1]);
      const y = tf.tensor1d(data.y.subarray(start, start + B), "int32");
      return trainer.trainStep(x, y, {
        lr: 0.01 / (1 + s),
        taps: ["features"],
        extraLoss: (f) => tf.mul(0.1, tf.mean(tf.square(tf.mul(f.taps.features, extra)))),
      });
    });
    losses.push(l);
  }
  return losses;
}

function fresh(spec: ConvNetSpec, optimizer: OptimizerSpec, seed: number) {
  const net = new ConvNet(tf, spec, { seed });
  const extra = tf.variable(tf.fill([32], 0.5 + seed), true);
  const trainer = new ConvTrainer({ tf, net, optimizer, extraVariables: [extra] });
  return { net, extra, trainer, dispose: () => [trainer.dispose(), net.dispose(), extra.dispose()] };
}

const bytes = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe("ConvTrainer checkpoints: a resumed run equals an uninterrupted one bit for bit", () => {
  for (const [label, spec, optimizer] of [
    ["student, Adam", convStudentSpec(4), { type: "adam", lr: 1e-3 }],
    ["teacher, SGD with momentum", convTeacherSpec(4), { type: "sgd", lr: 0.05, momentum: 0.9 }],
  ] as [string, ConvNetSpec, OptimizerSpec][]) {
    it(label, () => {
      const k = 3;
      const m = 3;
      const whole = fresh(spec, optimizer, 1);
      const lossesWhole = run(whole.trainer, whole.extra, 0, k + m);

      const first = fresh(spec, optimizer, 1);
      const lossesFirst = run(first.trainer, first.extra, 0, k);
      const saved = JSON.stringify(first.trainer.getState());
      first.dispose();

      // A fresh model from another seed: everything must come from the checkpoint.
      const resumed = fresh(spec, optimizer, 2);
      resumed.trainer.setState(JSON.parse(saved) as ConvTrainerState);
      expect(resumed.trainer.step).toBe(k);
      const lossesRest = run(resumed.trainer, resumed.extra, k, k + m);

      expect([...lossesFirst, ...lossesRest]).toEqual(lossesWhole);
      const a = whole.net.readParams();
      const b = resumed.net.readParams();
      for (const [i, p] of a.entries()) expect(bytes(b[i].values).equals(bytes(p.values)), p.name).toBe(true);
      expect(
        bytes(resumed.extra.dataSync() as Float32Array).equals(bytes(whole.extra.dataSync() as Float32Array)),
      ).toBe(true);
      expect(resumed.trainer.getState()).toEqual(whole.trainer.getState());
      // And the training moved the weights (the comparison is not between two untouched nets).
      expect(
        bytes(a[0].values).equals(bytes(new ConvNet(tf, spec, { seed: 1 }).readParams()[0].values)),
      ).toBe(false);
      whole.dispose();
      resumed.dispose();
    });
  }

  it("names what is wrong in a bad state", () => {
    const t = fresh(convStudentSpec(4), { type: "adam", lr: 1e-3 }, 1);
    const good = t.trainer.getState();
    expect(() => t.trainer.setState({ ...good, format: "x" } as never)).toThrow(/state.format/);
    expect(() => t.trainer.setState({ ...good, optimizer: { ...good.optimizer, type: "sgd" } })).toThrow(
      /state.optimizer.type must be "adam"/,
    );
    const params = good.params.map((p, i) => (i === 2 ? { ...p, f32: p.f32.slice(0, 8) } : p));
    expect(() => t.trainer.setState({ ...good, params })).toThrow(/state.params\[2\].f32 must hold/);
    expect(() => t.trainer.setState({ ...good, extra: [] })).toThrow(/state.extra must hold 1/);
    t.dispose();
  });
});

describe("memory", () => {
  it("tf.memory().numTensors stays flat over 300 training steps", () => {
    const t = fresh(convStudentSpec(4), { type: "adam", lr: 1e-3 }, 3);
    run(t.trainer, t.extra, 0, 5);
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    for (let r = 0; r < 6; r++) {
      run(t.trainer, t.extra, 5 + r * 50, 5 + (r + 1) * 50);
      counts.push(tf.memory().numTensors);
    }
    expect(counts).toEqual(counts.map(() => before));
    t.dispose();
  });
});

describe("learning", () => {
  it("the student learns the blob task (train accuracy from chance to > 0.9)", () => {
    const t = fresh(convStudentSpec(4), { type: "adam", lr: 3e-3 }, 5);
    const all = blobImages(256, 31);
    const evalAcc = () =>
      tf.tidy(() =>
        t.net.accuracy(
          t.net.forward(tf.tensor4d(all.x, [256, 28, 28, 1])).logits,
          tf.tensor1d(all.y, "int32"),
        ),
      );
    expect(evalAcc()).toBeLessThan(0.5);
    for (let epoch = 0; epoch < 6; epoch++)
      for (let s = 0; s < 256; s += 16)
        tf.tidy(() => {
          t.trainer.trainStep(
            tf.tensor4d(all.x.subarray(s * 784, (s + 16) * 784), [16, 28, 28, 1]),
            tf.tensor1d(all.y.subarray(s, s + 16), "int32"),
          );
        });
    expect(evalAcc()).toBeGreaterThan(0.9);
    t.dispose();
  });
});
