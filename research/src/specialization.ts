// Student specialization (Tian 2020, docs/methods.md §4): a two-layer ReLU student of width multi·m regresses a
// discrete teacher with fan-out decay p. Per teacher node j, ρ*_j = max_k ρ_jk (Pearson of post-ReLU
// activations on an evaluation set); claims: p = 0 → all specialise; p = 2 → the strong (low-index) nodes do, in
// fan-out order, more with a wider student.
import { firstCrossings, orderAgreement } from "@pupil/analysis";
import {
  gaussianInputs,
  layerActivations,
  type NetSpec,
  netFromDense,
  predict,
  Trainer,
} from "@pupil/models";
import { createRegistry, type TeacherPlugin } from "@pupil/plugin";
import { relu } from "@pupil/plugin-activations";
import { bestMatch, lShape, PearsonAccumulator } from "@pupil/plugin-metrics";
import teachers from "@pupil/plugin-teachers";
import { createRng } from "@pupil/tensors";

export interface SpecializationConfig {
  readonly seeds: readonly number[];
  readonly inputDim: number;
  readonly teacherWidth: number;
  readonly outputs: number;
  readonly fanOutPowers: readonly number[];
  readonly multipliers: readonly number[];
  readonly trainSamples: number;
  readonly evalSamples: number;
  readonly inputStd: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly lr: number;
  readonly initStd: number;
  readonly evalEvery: number;
  readonly threshold: number;
  readonly choices: Readonly<Record<string, string | number | boolean>>;
}

export const SPECIALIZATION_FULL: SpecializationConfig = {
  seeds: [1, 2, 3],
  inputDim: 20,
  teacherWidth: 10,
  outputs: 10,
  fanOutPowers: [0, 1, 2],
  multipliers: [1, 2, 5],
  trainSamples: 10_000,
  evalSamples: 2_000,
  inputStd: 1.5,
  epochs: 100,
  batchSize: 16,
  lr: 0.01,
  initStd: 0.005,
  evalEvery: 5,
  threshold: 0.95,
  choices: {
    outputs: "c = 10 teacher outputs (the source leaves c open)",
    optimizer: "SGD, batch 16, lr 0.01, no momentum, no weight decay",
    loss: "MSE, mean over samples and outputs",
    trainSet: "a fixed set of 10,000 samples, reshuffled every epoch",
    evalSet: "2,000 fresh samples of the same distribution",
    studentInit: "weights N(0,1)·0.005, biases 0, both layers trained",
    teacherBias: -0.1,
    route: "f64",
  },
};

export interface SpecializationRun {
  readonly p: number;
  readonly multi: number;
  readonly seed: number;
  readonly finalBest: number[];
  /** L-shape (Tian): per student node, [max_j ρ_jk, ‖fan-out of k‖] at the end. */
  readonly lShape: number[][];
  readonly firstCrossing: (number | null)[];
  readonly trainMse: number;
  readonly evalMse: number;
}

/** Pearson ρ (teacher × student) of the first hidden layers on the evaluation inputs. */
function correlation(
  teacher: { spec: NetSpec; params: ReturnType<typeof netFromDense>["params"] },
  studentSpec: NetSpec,
  studentParams: Parameters<typeof layerActivations>[1],
  x: Float64Array,
): number[][] {
  const ht = layerActivations(teacher.spec, teacher.params, x, 0);
  const hs = layerActivations(studentSpec, studentParams, x, 0);
  const n = x.length / studentSpec.inputDim;
  const acc = new PearsonAccumulator(teacher.spec.layers[0].units, studentSpec.layers[0].units);
  return acc.add(ht, hs, n).correlation();
}

export async function runSpecializationOne(
  cfg: SpecializationConfig,
  p: number,
  multi: number,
  seed: number,
): Promise<SpecializationRun> {
  const rng = createRng(seed);
  const plugin = createRegistry().use(teachers).get("teacher", "discrete-fanout") as TeacherPlugin;
  const weights = plugin.generate({
    shape: { inputDim: cfg.inputDim, widths: [cfg.teacherWidth], outputs: cfg.outputs },
    params: { p },
    rng: rng.fork(1),
  });
  const teacher = netFromDense(weights.layers, relu, null);
  const x = gaussianInputs(rng.fork(2), cfg.trainSamples, cfg.inputDim, cfg.inputStd);
  const xEval = gaussianInputs(rng.fork(3), cfg.evalSamples, cfg.inputDim, cfg.inputStd);
  const student: NetSpec = {
    inputDim: cfg.inputDim,
    layers: [
      { kind: "dense", units: multi * cfg.teacherWidth, activation: relu, name: "hidden" },
      { kind: "dense", units: cfg.outputs, activation: null, name: "output" },
    ],
  };
  const init = rng.fork(4);
  const params = student.layers.map((layer, i) => {
    const fanIn = i === 0 ? cfg.inputDim : student.layers[0].units;
    const W = init.fillNormal(new Float64Array(layer.units * fanIn));
    for (let k = 0; k < W.length; k++) W[k] *= cfg.initStd;
    return { kind: "dense" as const, W, b: new Float64Array(layer.units) };
  });
  const trainer = new Trainer({
    net: student,
    params,
    train: { x, y: predict(teacher.spec, teacher.params, x) },
    test: { x: xEval, y: predict(teacher.spec, teacher.params, xEval) },
    optimizer: { type: "sgd", lr: cfg.lr, batchSize: cfg.batchSize },
    epochs: cfg.epochs,
    seed: seed * 100 + multi * 10 + p,
    route: "f64",
    evalEvery: cfg.evalEvery,
    evaluate: (ctx) => ({ best: bestMatch(correlation(teacher, student, ctx.params(), xEval)).value }),
  });
  const series: { t: number; best: number[] }[] = [];
  let last = { train: Number.NaN, test: Number.NaN };
  for await (const s of trainer.run()) {
    series.push({ t: s.t, best: s.metrics.best as number[] });
    last = { train: s.loss.train as number, test: s.loss.test as number };
  }
  const final = trainer.params();
  const rho = correlation(teacher, student, final, xEval);
  const out = final[1] as { W: Float64Array };
  return {
    lShape: lShape(rho, { rows: cfg.outputs, cols: student.layers[0].units, data: out.W }),
    p,
    multi,
    seed,
    finalBest: series[series.length - 1].best,
    firstCrossing: firstCrossings(series, cfg.threshold),
    trainMse: last.train,
    evalMse: last.test,
  };
}

export { orderAgreement };
