// Kind "train": a deep teacher from a TeacherPlugin, a student MLP, minibatch training with @pupil/models'
// Trainer (Float64Array route, deterministic per seed), metric plugins computed from the weights at every
// snapshot. Every checkpoint.every snapshots (and on stop) a checkpoint carries the Trainer's state (weights,
// optimiser moments, shuffle RNG, epoch), so a resumed run continues from there bit-identically.
import {
  gaussianInputs,
  initParams,
  type LayerSpec,
  type NetParams,
  type NetSpec,
  netFromDense,
  predict,
  Trainer,
  type TrainerState,
} from "@pupil/models";
import type { ActivationPlugin, DenseWeights, MetricPlugin, Registry, Snapshot } from "@pupil/plugin";
import { createRng } from "@pupil/tensors";
import { ConfigError } from "../config/errors.js";
import type { TrainRunConfig } from "../config/resolve.js";
import type { PluginRef } from "../config/schema.js";
import type { RunControl } from "./control.js";
import type { EngineState } from "./engine.js";
import { spectralPruning, spectralToDense } from "./spectral.js";

export interface TrainPlan {
  kind: "train";
  config: TrainRunConfig;
  teacher: DenseWeights[];
  student: NetSpec;
  init: NetParams;
  data: { train: { x: Float64Array; y: Float64Array }; test: { x: Float64Array; y: Float64Array } };
  metrics: MetricPlugin[];
}

function activation(registry: Registry, ref: PluginRef, path: string): ActivationPlugin {
  const id = typeof ref === "string" ? ref : ref.id;
  if (!registry.has("activation", id)) {
    throw new ConfigError([
      {
        path,
        value: id,
        expected: `a registered activation plugin id: ${registry
          .list("activation")
          .map((p) => p.id)
          .join(", ")}`,
      },
    ]);
  }
  const plugin = registry.get("activation", id);
  return typeof ref === "string" || !ref.params || !plugin.configure ? plugin : plugin.configure(ref.params);
}

export function buildTrainPlan(config: TrainRunConfig, registry: Registry): TrainPlan {
  const t = config.train;
  const rng = createRng(config.seed);
  const generator = t.teacher.generator;
  if (!registry.has("teacher", generator)) {
    throw new ConfigError([
      {
        path: "train.teacher.generator",
        value: generator,
        expected: `a registered teacher plugin id: ${registry
          .list("teacher")
          .map((p) => p.id)
          .join(", ")}`,
      },
    ]);
  }
  let teacher: DenseWeights[];
  try {
    teacher = [
      ...registry.get("teacher", generator).generate({
        shape: { inputDim: t.inputDim, widths: t.teacher.widths, outputs: t.teacher.outputs },
        params: t.teacher.params,
        rng: rng.fork(1),
      }).layers,
    ];
  } catch (error) {
    throw new ConfigError([
      {
        path: "train.teacher",
        value: t.teacher,
        expected: `parameters the generator accepts (${(error as Error).message})`,
      },
    ]);
  }
  const teacherNet = netFromDense(
    teacher,
    activation(registry, t.teacher.activation, "train.teacher.activation"),
    null,
  );
  const hidden = activation(registry, t.student.activation, "train.student.activation");
  const outputs = teacher[teacher.length - 1].rows;
  const spectral = t.student.spectral;
  const hiddenLayers: LayerSpec[] = t.student.widths.map((units, i) =>
    i === 0 && spectral
      ? {
          kind: "spectral" as const,
          units,
          activation: hidden,
          trainable: { phi: true, lambdaIn: false, lambdaOut: spectral.trainLambdaOut },
          l2Phi: spectral.l2Phi,
          l2Lambda: spectral.l2Lambda,
          name: "spectral",
        }
      : { kind: "dense" as const, units, activation: hidden, bias: t.student.bias, name: `hidden${i}` },
  );
  const fixed = t.student.fixedOutput;
  const student: NetSpec = {
    inputDim: t.inputDim,
    layers: [
      ...hiddenLayers,
      {
        kind: "dense" as const,
        units: outputs,
        activation: null,
        bias: !fixed,
        trainable: !fixed,
        name: "output",
      },
    ],
  };
  const initRng = rng.fork(4);
  const init: NetParams = spectral
    ? initParams(student, initRng, { lambdaIn: 0, lambdaOut: 1 })
    : student.layers.map((layer, i) => {
        const fanIn = i === 0 ? t.inputDim : student.layers[i - 1].units;
        const W = initRng.fillNormal(new Float64Array(layer.units * fanIn));
        for (let k = 0; k < W.length; k++) W[k] *= t.student.initStd;
        const withBias = layer.kind === "dense" && layer.bias !== false;
        return { kind: "dense" as const, W, b: withBias ? new Float64Array(layer.units) : undefined };
      });
  if (fixed) {
    const last = student.layers.length - 1;
    init[last] = { kind: "dense", W: new Float64Array(outputs * student.layers[last - 1].units).fill(1) };
  }
  const x = gaussianInputs(rng.fork(2), t.data.train, t.inputDim, t.data.inputStd);
  const xTest = gaussianInputs(rng.fork(3), t.data.test, t.inputDim, t.data.inputStd);
  const data = {
    train: { x, y: predict(teacherNet.spec, teacherNet.params, x) },
    test: { x: xTest, y: predict(teacherNet.spec, teacherNet.params, xTest) },
  };
  const metrics = t.metrics.map((id) => registry.get("metric", id));
  return { kind: "train", config, teacher, student, init, data, metrics };
}

/** The student as dense layers for metric plugins (a spectral layer as its effective W). */
function denseWeights(spec: NetSpec, params: NetParams): DenseWeights[] {
  return params.map((p, i) => {
    const rows = spec.layers[i].units;
    if (p.kind === "spectral") return spectralToDense(p, rows);
    return { rows, cols: p.W.length / rows, data: p.W, bias: p.b };
  });
}

export type TrainEvent =
  | { type: "snapshot"; snapshot: Snapshot }
  | { type: "checkpoint"; state: EngineState }
  | { type: "done"; stopped: boolean };

export async function* runTraining(
  plan: TrainPlan,
  control: RunControl,
  options: { resume?: EngineState; checkpointEvery: number } = { checkpointEvery: Number.POSITIVE_INFINITY },
): AsyncGenerator<TrainEvent> {
  const t = plan.config.train;
  const trainerOptions = {
    net: plan.student,
    train: plan.data.train,
    test: plan.data.test,
    optimizer: { type: t.optimizer, lr: plan.config.lr, batchSize: t.batchSize },
    epochs: t.epochs,
    seed: plan.config.seed,
    route: "f64" as const,
    evalEvery: t.evalEvery,
  };
  const saved = options.resume?.sources.train as TrainerState | undefined;
  const trainer = saved
    ? Trainer.fromState(trainerOptions, saved)
    : new Trainer({ ...trainerOptions, params: plan.init });
  const checkpoint = (): TrainEvent => ({
    type: "checkpoint",
    state: { format: "pupil-run/1", next: trainer.epoch, sources: { train: trainer.getState() } },
  });
  let emitted = 0;
  for await (const snapshot of trainer.run()) {
    if (plan.metrics.length > 0) {
      const weights = { student: denseWeights(plan.student, trainer.params()), teacher: plan.teacher };
      for (const m of plan.metrics)
        snapshot.metrics[m.id] = m.compute(snapshot, m.needsWeights ? weights : undefined);
    }
    // At the end, a spectral student's pruning ramp: [cutoff, kept, test MSE] rows and the knee.
    if (t.student.spectral && snapshot.t === t.epochs) {
      const { ramp, knee } = spectralPruning(plan.student, trainer.params(), plan.data.test);
      snapshot.metrics["pruning-ramp"] = ramp;
      snapshot.metrics["pruning-knee"] = knee;
    }
    yield { type: "snapshot", snapshot: { ...snapshot, seed: plan.config.seed } };
    emitted += 1;
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (!(await control.gate())) {
      yield checkpoint();
      trainer.stop();
      yield { type: "done", stopped: true };
      return;
    }
    if (emitted % options.checkpointEvery === 0 && trainer.epoch < t.epochs) yield checkpoint();
  }
  yield { type: "done", stopped: false };
}
