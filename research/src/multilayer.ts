// Multi-layer specialization (Tian 2020, docs/methods.md §4, small version): a deep ReLU student of the teacher's
// depth, each layer `multi` times wider, regresses the multilayer-discrete teacher; per layer l, ρ*_j between
// teacher layer l's nodes and student layer l's nodes.
import { meanStd } from "@pupil/analysis";
import {
  gaussianInputs,
  initParams,
  layerActivations,
  type NetSpec,
  netFromDense,
  positiveInt,
  predict,
  Trainer,
} from "@pupil/models";
import { createRegistry, type TeacherPlugin } from "@pupil/plugin";
import { relu } from "@pupil/plugin-activations";
import { bestMatch, PearsonAccumulator } from "@pupil/plugin-metrics";
import teachers from "@pupil/plugin-teachers";
import { createRng } from "@pupil/tensors";

export interface MultilayerConfig {
  readonly seeds: readonly number[];
  readonly inputDim: number;
  /** Teacher hidden widths, input side first. */
  readonly teacherWidths: readonly number[];
  /** Student hidden widths; must have the teacher's depth (layer l is compared with teacher layer l). */
  readonly studentWidths: readonly number[];
  readonly outputs: number;
  readonly inputStd: number;
  readonly trainSamples: number;
  readonly evalSamples: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly lr: number;
  readonly threshold: number;
  readonly choices: Readonly<Record<string, string | number | boolean>>;
}

export const MULTILAYER_SMALL: MultilayerConfig = {
  seeds: [1, 2, 3],
  inputDim: 20,
  teacherWidths: [5, 10],
  studentWidths: [10, 20],
  outputs: 5,
  inputStd: 10,
  trainSamples: 10_000,
  evalSamples: 2_000,
  epochs: 60,
  batchSize: 16,
  lr: 1e-3,
  threshold: 0.95,
  choices: {
    widthOrder: "widths listed from the input side: teacher 20 → 5 → 10 → 5 outputs",
    studentWidths: "2× the teacher's per layer",
    teacher: "multilayer-discrete, p = 0, biases tuned to the median, outputs standardised",
    optimizer: "Adam lr 1e-3 batch 16 (plain SGD at lr 0.01 diverges with x ~ N(0, 10² I))",
    studentInit: "Glorot uniform, zero biases (the 0.005 init of the two-layer run stalls a deep net)",
    loss: "MSE, mean over samples and outputs",
    route: "f64",
  },
};

export interface MultilayerRun {
  readonly seed: number;
  /** ρ*_j per teacher node, per layer. */
  readonly bestPerLayer: number[][];
  readonly evalMse: number;
}

export function validateMultilayerConfig(cfg: MultilayerConfig): void {
  positiveInt("inputDim", cfg.inputDim);
  cfg.teacherWidths.forEach((w, i) => {
    positiveInt(`teacherWidths[${i}]`, w);
  });
  cfg.studentWidths.forEach((w, i) => {
    positiveInt(`studentWidths[${i}]`, w);
  });
  if (cfg.studentWidths.length !== cfg.teacherWidths.length) {
    throw new Error(
      `studentWidths must have the teacher's depth (${cfg.teacherWidths.length} hidden layers) to compare layer by layer, got ${cfg.studentWidths.length}`,
    );
  }
}

export async function runMultilayerOne(cfg: MultilayerConfig, seed: number): Promise<MultilayerRun> {
  validateMultilayerConfig(cfg);
  const rng = createRng(seed);
  const plugin = createRegistry().use(teachers).get("teacher", "multilayer-discrete") as TeacherPlugin;
  const weights = plugin.generate({
    shape: { inputDim: cfg.inputDim, widths: cfg.teacherWidths, outputs: cfg.outputs },
    params: { inputStd: cfg.inputStd },
    rng: rng.fork(1),
  });
  const teacher = netFromDense(weights.layers, relu, null);
  const x = gaussianInputs(rng.fork(2), cfg.trainSamples, cfg.inputDim, cfg.inputStd);
  const xEval = gaussianInputs(rng.fork(3), cfg.evalSamples, cfg.inputDim, cfg.inputStd);
  const student: NetSpec = {
    inputDim: cfg.inputDim,
    layers: [
      ...cfg.studentWidths.map((units) => ({ kind: "dense" as const, units, activation: relu })),
      { kind: "dense" as const, units: cfg.outputs, activation: null },
    ],
  };
  const trainer = new Trainer({
    net: student,
    params: initParams(student, rng.fork(4)),
    train: { x, y: predict(teacher.spec, teacher.params, x) },
    test: { x: xEval, y: predict(teacher.spec, teacher.params, xEval) },
    optimizer: { type: "adam", lr: cfg.lr, batchSize: cfg.batchSize },
    epochs: cfg.epochs,
    seed,
    route: "f64",
    evalEvery: cfg.epochs,
  });
  const last = await trainer.runToEnd();
  const params = trainer.params();
  const bestPerLayer = cfg.teacherWidths.map((m, l) => {
    const ht = layerActivations(teacher.spec, teacher.params, xEval, l);
    const hs = layerActivations(student, params, xEval, l);
    const acc = new PearsonAccumulator(m, cfg.studentWidths[l]).add(ht, hs, cfg.evalSamples);
    return bestMatch(acc.correlation()).value;
  });
  return { seed, bestPerLayer, evalMse: last.loss.test as number };
}

export function multilayerTable(cfg: MultilayerConfig, runs: MultilayerRun[], command: string): string {
  const lines = [
    `Setting: teacher ${cfg.inputDim} → ${cfg.teacherWidths.join(" → ")} → ${cfg.outputs}, student widths ${cfg.studentWidths.join(", ")}, x ~ N(0, ${cfg.inputStd}² I), ${cfg.trainSamples} samples, Adam lr ${cfg.lr} batch ${cfg.batchSize}, ${cfg.epochs} epochs, seeds ${cfg.seeds.join(", ")}. Command: \`${command}\`.`,
    "",
    "| layer (0 = input side) | teacher nodes | mean ρ* (mean ± std over seeds) | fraction with ρ* > 0.95 |",
    "| ---: | ---: | ---: | ---: |",
  ];
  cfg.teacherWidths.forEach((m, l) => {
    const means = meanStd(runs.map((r) => r.bestPerLayer[l].reduce((a, b) => a + b, 0) / m));
    const frac = meanStd(runs.map((r) => r.bestPerLayer[l].filter((v) => v > cfg.threshold).length / m));
    lines.push(
      `| ${l} | ${m} | ${means.mean.toFixed(3)} ± ${means.std.toFixed(3)} | ${frac.mean.toFixed(2)} |`,
    );
  });
  const mse = meanStd(runs.map((r) => r.evalMse));
  lines.push(
    "",
    `Eval MSE (outputs standardised to unit variance): ${mse.mean.toExponential(2)} ± ${mse.std.toExponential(1)}.`,
  );
  return `${lines.join("\n")}\n`;
}
