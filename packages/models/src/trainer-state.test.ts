// Trainer state: stopping after k epochs, passing getState() through JSON and continuing with fromState
// gives bit-identical snapshots and weights to an uninterrupted run (a second, uninterrupted run is the
// independent route to the same numbers).
import type { Snapshot } from "@pupil/plugin";
import { tanh } from "@pupil/plugin-activations";
import { createRng } from "@pupil/tensors";
import { beforeAll, describe, expect, it } from "vitest";
import { gaussianInputs, predict } from "./data.js";
import { initParams, mlpSpec, type NetSpec } from "./spec.js";
import { paramsToJson } from "./state.js";
import { tf, tfReady } from "./tf/test-tf.js";
import { Trainer, type TrainerOptions, type TrainerState } from "./trainer.js";

beforeAll(async () => {
  await tfReady();
});

function problem(net: NetSpec, seed: number, n = 48) {
  const rng = createRng(seed);
  const teacherSpec = mlpSpec({ inputDim: 4, widths: [3], outputs: 1, activation: tanh });
  const teacherParams = initParams(teacherSpec, rng.fork(1), { init: { kind: "normal", std: 1 } });
  const x = gaussianInputs(rng.fork(2), n, 4);
  const xt = gaussianInputs(rng.fork(3), n, 4);
  return {
    net,
    params: initParams(net, rng.fork(4), { lambdaIn: 0.1, lambdaOut: 1 }),
    train: { x, y: predict(teacherSpec, teacherParams, x) },
    test: { x: xt, y: predict(teacherSpec, teacherParams, xt) },
  };
}

const noClock = ({ throughput: _t, ...rest }: Snapshot) => rest;

async function uninterrupted(options: TrainerOptions) {
  const trainer = new Trainer(options);
  const snaps: Snapshot[] = [];
  for await (const s of trainer.run()) snaps.push(noClock(s));
  return { snaps, params: paramsToJson(trainer.params()) };
}

async function interrupted(options: TrainerOptions, stopAt: number) {
  const first = new Trainer(options);
  const snaps: Snapshot[] = [];
  let state: TrainerState | undefined;
  for await (const s of first.run()) {
    snaps.push(noClock(s));
    if (s.t === stopAt) {
      state = JSON.parse(JSON.stringify(first.getState())) as TrainerState;
      break;
    }
  }
  const { params: _unused, ...rest } = options;
  const second = Trainer.fromState(rest, state as TrainerState);
  const resumed: Snapshot[] = [];
  for await (const s of second.run()) resumed.push(noClock(s));
  return {
    snaps: [...snaps, ...resumed],
    resumed,
    state: state as TrainerState,
    params: paramsToJson(second.params()),
  };
}

const dense = mlpSpec({ inputDim: 4, widths: [6], outputs: 1, activation: tanh });
const spectral: NetSpec = {
  inputDim: 4,
  layers: [
    {
      kind: "spectral",
      units: 6,
      activation: tanh,
      trainable: { phi: true, lambdaIn: true, lambdaOut: true },
      l2Phi: 1e-3,
    },
    { kind: "dense", units: 1, activation: null },
  ],
};

describe("Trainer state", () => {
  const cases: [string, TrainerOptions][] = [
    [
      "Adam with a step schedule (dense)",
      {
        ...problem(dense, 1),
        optimizer: { type: "adam", lr: 0.01, batchSize: 10 },
        schedule: { type: "step", every: 2, gamma: 0.5 },
        epochs: 6,
        evalEvery: 1,
        seed: 5,
        route: "f64",
      },
    ],
    [
      "momentum SGD, cosine schedule (spectral φ, λ)",
      {
        ...problem(spectral, 2),
        optimizer: { type: "sgd", lr: 0.02, batchSize: 7, momentum: 0.9 },
        schedule: { type: "cosine", epochs: 6 },
        epochs: 6,
        evalEvery: 2,
        seed: 6,
        route: "f64",
      },
    ],
    [
      "tfjs route, Adam (float32 weights and moments through JSON)",
      {
        ...problem(dense, 7),
        optimizer: { type: "adam", lr: 0.01, batchSize: 10 },
        epochs: 5,
        seed: 8,
        route: "tfjs",
        tf,
      },
    ],
    [
      "tfjs route, momentum SGD (spectral)",
      {
        ...problem(spectral, 9),
        optimizer: { type: "sgd", lr: 0.02, batchSize: 7, momentum: 0.9 },
        schedule: { type: "step", every: 2, gamma: 0.5 },
        epochs: 5,
        seed: 10,
        route: "tfjs",
        tf,
      },
    ],
  ];
  for (const [name, options] of cases) {
    it(`${name}: stop, state through JSON, resume = uninterrupted, bit for bit`, async () => {
      const full = await uninterrupted(options);
      const cut = await interrupted(options, 2);
      expect(cut.state.epoch).toBe(2);
      expect(cut.state.optimizer.t).toBeGreaterThan(0);
      // The resumed trainer continues: its first snapshot is after epoch 2, not epoch 0.
      expect(cut.resumed[0].t).toBeGreaterThan(2);
      expect(JSON.stringify(cut.snaps)).toBe(JSON.stringify(full.snaps));
      expect(cut.params).toEqual(full.params);
      // Guard against a vacuous match: the weights did move after the cut.
      expect(full.params).not.toEqual(cut.state.params);
    });
  }

  it("a restored trainer with a wrong RNG state diverges (the state is really used)", async () => {
    const options = cases[0][1];
    const full = await uninterrupted(options);
    const cut = await interrupted(options, 2);
    const { params: _p, ...rest } = options;
    const other = Trainer.fromState(rest, { ...cut.state, rng: createRng(99).getState() });
    await other.runToEnd();
    expect(paramsToJson(other.params())).not.toEqual(full.params);
  });

  it("a state restores only onto its own route; bad states are refused naming the field", async () => {
    const p = problem(dense, 3);
    const onTf = new Trainer({
      ...p,
      optimizer: { type: "sgd", lr: 0.1 },
      epochs: 1,
      seed: 1,
      route: "tfjs",
      tf,
    });
    const tfState = onTf.getState();
    expect(tfState.route).toBe("tfjs");
    await onTf.runToEnd(); // disposes its tensors
    expect(() =>
      Trainer.fromState({ ...p, optimizer: { type: "sgd", lr: 0.1 }, epochs: 1, seed: 1 }, tfState),
    ).toThrow(/tf is required/);
    const base = { ...p, optimizer: { type: "sgd" as const, lr: 0.1 }, epochs: 2, seed: 1 };
    const good = new Trainer({ ...base, route: "f64" }).getState();
    expect(() => Trainer.fromState({ ...base, route: "tfjs", tf }, good)).toThrow(/route/);
    expect(() => Trainer.fromState(base, { ...good, format: "x" } as unknown as TrainerState)).toThrow(
      /format/,
    );
    expect(() => Trainer.fromState(base, { ...good, order: [1, 2] })).toThrow(/state.order/);
    expect(() => Trainer.fromState(base, { ...good, epoch: 7 })).toThrow(/state.epoch/);
    expect(() => Trainer.fromState(base, { ...good, optimizer: { ...good.optimizer, first: [] } })).toThrow(
      /optimizer state.first/,
    );
  });
});
