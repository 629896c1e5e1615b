// Spectral pruning (Giambagli et al. 2023, docs/methods.md §3): an over-sized student with a spectral first layer
// learns a 10 → 20 → 10 ReLU teacher; its active-node count settles near 20 at every width while the direct arm
// (λ frozen at 1, same initial φ) keeps more; pruning by importance is free until ~20 nodes remain.
import { DEFAULT_CUTOFFS, type PruningPoint, pruningRamp, rampKnee } from "@pupil/analysis";
import {
  F64Net,
  gaussianInputs,
  initParams,
  type NetParams,
  type NetSpec,
  netFromDense,
  predict,
  type SpectralParams,
  Trainer,
} from "@pupil/models";
import { createRegistry, type TeacherPlugin } from "@pupil/plugin";
import { relu } from "@pupil/plugin-activations";
import { activeNodeCount, nodeImportance } from "@pupil/plugin-metrics";
import teachers from "@pupil/plugin-teachers";
import { createRng } from "@pupil/tensors";

export interface SpectralConfig {
  readonly seed: number;
  readonly inputDim: number;
  readonly teacherWidths: readonly number[];
  readonly widths: readonly number[];
  readonly arms: readonly ("spectral" | "direct")[];
  readonly trainSamples: number;
  readonly testSamples: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly lr: number;
  readonly l2Phi: number;
  readonly l2Lambda: number;
  readonly evalEvery: number;
  readonly cutoffs: readonly number[];
  /** Choices the paper leaves open, recorded with the results. */
  readonly choices: Readonly<Record<string, string | number | boolean>>;
}

export const SPECTRAL_FULL: SpectralConfig = {
  seed: 1,
  inputDim: 10,
  teacherWidths: [20, 10],
  widths: [20, 40, 80, 160],
  arms: ["spectral", "direct"],
  trainSamples: 10_000,
  testSamples: 2_000,
  epochs: 1_500,
  batchSize: 300,
  lr: 5e-3,
  l2Phi: 0.01,
  l2Lambda: 5e-4,
  evalEvery: 100,
  cutoffs: DEFAULT_CUTOFFS,
  choices: {
    h2: 10,
    biases: false,
    studentSecondLayer: "dense h2 ReLU, Glorot uniform, no bias, no L2, trainable",
    output: "fixed all-ones (sum of h2), as the teacher",
    lambdaIn: "fixed at 0",
    lambdaOutInit: 1,
    phiInit: "Glorot uniform",
    directArm: "λ_out frozen at 1 from the same initial φ; same L2 on φ",
    loss: "MSE (mean over samples) + l2·Σθ² (Keras regulariser convention)",
    optimizer: "Adam β1 0.9, β2 0.999, ε 1e-7 (Keras defaults), constant lr",
    inputs: "x ~ N(0, I_10); separate test set",
    importance: "L_i = |λ_i|·‖φ_i‖·√10 over the incoming φ row; active if L_i/max L ≥ 0.05",
    pruning: "node i removed (λ_i masked) when L_i/max L ≤ c",
    route: "f64",
  },
};

export interface SpectralArmResult {
  readonly arm: "spectral" | "direct";
  readonly width: number;
  readonly trainMse: number;
  readonly testMse: number;
  readonly active: number;
  readonly activeHistory: { epoch: number; active: number; testMse: number }[];
  readonly ramp: PruningPoint[];
  readonly knee: number;
}

function studentSpec(cfg: SpectralConfig, width: number, arm: "spectral" | "direct"): NetSpec {
  return {
    inputDim: cfg.inputDim,
    layers: [
      {
        kind: "spectral",
        units: width,
        activation: relu,
        trainable: { phi: true, lambdaIn: false, lambdaOut: arm === "spectral" },
        l2Phi: cfg.l2Phi,
        l2Lambda: cfg.l2Lambda,
        name: "spectral",
      },
      { kind: "dense", units: cfg.teacherWidths[1], activation: relu, bias: false, name: "h2" },
      { kind: "dense", units: 1, activation: null, bias: false, trainable: false, name: "output" },
    ],
  };
}

function importanceOf(params: NetParams, inputDim: number): number[] {
  const p = params[0] as SpectralParams;
  return nodeImportance(p.phi, p.lambdaOut, inputDim);
}

export async function runSpectralArm(
  cfg: SpectralConfig,
  width: number,
  arm: "spectral" | "direct",
  data: { xTrain: Float64Array; yTrain: Float64Array; xTest: Float64Array; yTest: Float64Array },
): Promise<SpectralArmResult> {
  const spec = studentSpec(cfg, width, arm);
  // Same initial φ for both arms: the init stream depends on the width and seed only.
  const params = initParams(spec, createRng(cfg.seed).fork(100 + width), { lambdaIn: 0, lambdaOut: 1 });
  params[2] = { kind: "dense", W: new Float64Array(cfg.teacherWidths[1]).fill(1) };
  const trainer = new Trainer({
    net: spec,
    params,
    train: { x: data.xTrain, y: data.yTrain },
    test: { x: data.xTest, y: data.yTest },
    optimizer: { type: "adam", lr: cfg.lr, batchSize: cfg.batchSize },
    epochs: cfg.epochs,
    seed: cfg.seed * 1000 + width,
    route: "f64",
    evalEvery: cfg.evalEvery,
    evaluate: (ctx) => ({ activeNodes: activeNodeCount(importanceOf(ctx.params(), cfg.inputDim)) }),
  });
  const activeHistory: SpectralArmResult["activeHistory"] = [];
  let last = { train: Number.NaN, test: Number.NaN };
  for await (const s of trainer.run()) {
    activeHistory.push({
      epoch: s.t,
      active: s.metrics.activeNodes as number,
      testMse: s.loss.test as number,
    });
    last = { train: s.loss.train as number, test: s.loss.test as number };
  }
  const final = trainer.params();
  const importance = importanceOf(final, cfg.inputDim);
  const nTest = data.yTest.length;
  const ramp = pruningRamp(
    importance,
    (mask) => {
      const masked = final.map((p, i) => (i === 0 ? { ...(p as SpectralParams), maskOut: mask } : p));
      const net = new F64Net(spec, masked, 1000);
      return net.evaluateMse(data.xTest, data.yTest, nTest);
    },
    cfg.cutoffs,
  );
  return {
    arm,
    width,
    trainMse: last.train,
    testMse: last.test,
    active: activeNodeCount(importance),
    activeHistory,
    ramp,
    knee: rampKnee(ramp),
  };
}

/** Teacher, data and every (width, arm) run; `onResult` sees each as it finishes. */
export async function runSpectral(
  cfg: SpectralConfig,
  onResult: (r: SpectralArmResult) => void = () => {},
  only?: { widths?: readonly number[]; arms?: readonly ("spectral" | "direct")[] },
): Promise<SpectralArmResult[]> {
  const rng = createRng(cfg.seed);
  const glorot = createRegistry().use(teachers).get("teacher", "glorot-relu") as TeacherPlugin;
  const teacher = glorot.generate({
    shape: { inputDim: cfg.inputDim, widths: cfg.teacherWidths, outputs: 1 },
    params: {},
    rng: rng.fork(1),
  });
  const t = netFromDense(teacher.layers, relu, null);
  const xTrain = gaussianInputs(rng.fork(2), cfg.trainSamples, cfg.inputDim);
  const xTest = gaussianInputs(rng.fork(3), cfg.testSamples, cfg.inputDim);
  const data = {
    xTrain,
    yTrain: predict(t.spec, t.params, xTrain),
    xTest,
    yTest: predict(t.spec, t.params, xTest),
  };
  const results: SpectralArmResult[] = [];
  for (const width of only?.widths ?? cfg.widths) {
    for (const arm of only?.arms ?? cfg.arms) {
      const r = await runSpectralArm(cfg, width, arm, data);
      results.push(r);
      onResult(r);
    }
  }
  return results;
}
