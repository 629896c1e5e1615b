// The plan of a "train" run: a deep teacher from a TeacherPlugin, the student network, its initial
// weights and the Gaussian data sets labelled by the teacher, all from the run's seed.
import {
  gaussianInputs,
  initParams,
  type LayerSpec,
  type NetParams,
  type NetSpec,
  netFromDense,
  predict,
} from "@pupil/models";
import {
  ConfigError,
  type DenseWeights,
  type FrozenRegistry,
  lookupPlugin,
  type MetricPlugin,
} from "@pupil/plugin";
import { createRng } from "@pupil/tensors";
import type { TrainRunConfig } from "../../config/resolve.js";

export interface TrainPlan {
  kind: "train";
  config: TrainRunConfig;
  teacher: DenseWeights[];
  student: NetSpec;
  init: NetParams;
  data: { train: { x: Float64Array; y: Float64Array }; test: { x: Float64Array; y: Float64Array } };
  metrics: MetricPlugin[];
}

export function buildTrainPlan(config: TrainRunConfig, registry: FrozenRegistry): TrainPlan {
  const t = config.train;
  const rng = createRng(config.seed);
  const generator = lookupPlugin(
    registry,
    "teacher",
    { id: t.teacher.generator, params: t.teacher.params },
    "train.teacher.generator",
  );
  let teacher: DenseWeights[];
  try {
    teacher = [
      ...generator.generate({
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
    lookupPlugin(registry, "activation", t.teacher.activation, "train.teacher.activation"),
    null,
  );
  const hidden = lookupPlugin(registry, "activation", t.student.activation, "train.student.activation");
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
  const metrics = t.metrics.map((id, i) => lookupPlugin(registry, "metric", id, `train.metrics[${i}]`));
  return { kind: "train", config, teacher, student, init, data, metrics };
}
