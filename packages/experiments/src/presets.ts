// Named configs for the papers' experiments (`pupil presets` lists them, `pupil run NAME` runs one).
// Each is plain config data; `--set` and `--grid` change any field.
import type { PluginLookup } from "@pupil/plugin";
import type { ConfigInput } from "./config/schema.js";

export interface Preset {
  name: string;
  /** The pack that ships it; absent for this package's own presets (listed as "@pupil/experiments"). */
  pack?: string;
  /** One line for `pupil presets`. */
  title: string;
  paper: string;
  config: ConfigInput;
}

const eye = (n: number, scale = 1): number[][] =>
  Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? scale : 0)));

export const presets: readonly Preset[] = [
  {
    name: "quadratic-escape",
    title: "Quadratic network p=4, p*=2: plateau and escape, ODE and N=1000 simulation from the same start",
    paper: "Bocchi et al., escape dynamics of one-pass SGD in quadratic networks",
    config: {
      name: "quadratic-escape",
      kind: "paired",
      seed: 1,
      N: 1000,
      lr: 0.2,
      alphaMax: 100,
      model: { activation: "quadratic", p: 4, pStar: 2 },
      record: { perDecade: 20, alphaMin: 0.01, at: [] },
    },
  },
  {
    name: "quadratic-escape-ode",
    title: "Quadratic network p=4, p*=2, ODE only (gradient flow: the plateau at Q = p/(p+2) I)",
    paper: "Bocchi et al.",
    config: {
      name: "quadratic-escape-ode",
      kind: "ode",
      seed: 1,
      N: 1000,
      lr: 0.2,
      noiseTerm: false,
      alphaMax: 200,
      model: { activation: "quadratic", p: 4, pStar: 2 },
    },
  },
  {
    name: "quadratic-p-vs-pstar",
    title: "Quadratic network, over-parameterised p=8 vs p*=2: escape time grows with p·p* (sweep model.p)",
    paper: "Bocchi et al.",
    config: {
      name: "quadratic-p-vs-pstar",
      kind: "ode",
      seed: 1,
      N: 1000,
      lr: 0.2,
      alphaMax: 400,
      model: { activation: "quadratic", p: 8, pStar: 2 },
    },
  },
  {
    name: "quadratic-ode-vs-sim",
    title: "Quadratic p=3, p*=2 from a macroscopic start (M0 = 0.3): ODE vs N=2000 simulation pointwise",
    paper: "Bocchi et al. (a pointwise ODE–simulation comparison needs a macroscopic M0)",
    config: {
      name: "quadratic-ode-vs-sim",
      kind: "paired",
      seed: 2,
      N: 2000,
      lr: 0.2,
      alphaMax: 30,
      model: { activation: "quadratic", p: 3, pStar: 2 },
      init: {
        Q: eye(3),
        M: [
          [0.3, 0],
          [0, 0.3],
          [0.2, 0.2],
        ],
      },
    },
  },
  {
    name: "saad-solla-erf",
    title: "Saad–Solla erf committee K=M=2, η=0.5: symmetric plateau (eg ≈ 0.0146) and escape, ODE",
    paper: "Saad & Solla 1995; Goldt et al. 2019",
    config: {
      name: "saad-solla-erf",
      kind: "ode",
      seed: 1,
      N: 1000,
      lr: 0.5,
      alphaMax: 500,
      model: { activation: "erf", p: 2, pStar: 2 },
    },
  },
  {
    name: "saad-solla-erf-paired",
    title: "Saad–Solla erf K=M=2, η=0.5: ODE and N=1000 simulation from the same start",
    paper: "Saad & Solla 1995; Goldt et al. 2019",
    config: {
      name: "saad-solla-erf-paired",
      kind: "paired",
      seed: 1,
      N: 1000,
      lr: 0.5,
      alphaMax: 300,
      model: { activation: "erf", p: 2, pStar: 2 },
    },
  },
  {
    name: "erf-ode-vs-sim",
    title: "erf K=3, M=2 from a macroscopic start: ODE vs N=2000 simulation pointwise",
    paper: "Goldt et al. 2019 (ODE vs simulation)",
    config: {
      name: "erf-ode-vs-sim",
      kind: "paired",
      seed: 3,
      N: 2000,
      lr: 0.5,
      alphaMax: 20,
      model: { activation: "erf", p: 3, pStar: 2 },
      init: {
        Q: eye(3, 0.5),
        M: [
          [0.3, 0],
          [0, 0.3],
          [0.1, 0.1],
        ],
      },
    },
  },
  {
    name: "specialization",
    title:
      "Tian 2020: two-layer ReLU student (2×10 nodes) on a fan-out-decay teacher (p=2); ρ* per teacher node",
    paper:
      "Tian 2020, Student Specialization in Deep Rectified Networks With Finite Width and Input Dimension",
    config: {
      name: "specialization",
      kind: "train",
      seed: 1,
      lr: 0.01,
      train: {
        inputDim: 20,
        teacher: {
          generator: "discrete-fanout",
          params: { p: 2 },
          widths: [10],
          outputs: 10,
          activation: "relu",
        },
        student: { widths: [20], activation: "relu", initStd: 0.005 },
        data: { train: 10_000, test: 2_000, inputStd: 1.5 },
        optimizer: "sgd",
        batchSize: 16,
        epochs: 40,
        evalEvery: 5,
        metrics: ["specialization-best", "eval-mse"],
      },
    },
  },
  {
    name: "spectral-pruning",
    title:
      "Giambagli et al. 2023: spectral student 80→10 on a 20→10 ReLU teacher; active nodes and pruning ramp",
    paper:
      "Giambagli et al. 2023, How a student becomes a teacher: learning and forgetting through spectral methods",
    config: {
      name: "spectral-pruning",
      kind: "train",
      seed: 1,
      lr: 0.005,
      train: {
        inputDim: 10,
        teacher: { generator: "glorot-relu", params: {}, widths: [20, 10], outputs: 1, activation: "relu" },
        student: {
          widths: [80, 10],
          activation: "relu",
          bias: false,
          fixedOutput: true,
          spectral: { l2Phi: 0.01, l2Lambda: 5e-4, trainLambdaOut: true },
        },
        data: { train: 10_000, test: 2_000, inputStd: 1 },
        optimizer: "adam",
        batchSize: 300,
        epochs: 1500,
        evalEvery: 100,
        metrics: ["active-nodes", "eval-mse"],
      },
    },
  },
];

export const OWN_PRESETS_PACK = "@pupil/experiments";

/**
 * The plugins a config gets when it names none, by kind: data beside the presets (the core schema names no
 * plugin). A host passes its own to resolveConfig({ defaults }).
 */
export interface ConfigDefaults {
  /** ode/online/paired: teacher.generator. */
  committeeTeacher: string;
  /** train: train.teacher.generator, train.teacher.activation, train.student.activation. */
  trainTeacher: string;
  trainActivation: string;
}

export const builtinDefaults: ConfigDefaults = {
  committeeTeacher: "orthonormal",
  trainTeacher: "discrete-fanout",
  trainActivation: "relu",
};

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" && x !== null && !Array.isArray(x);

/** `raw` with the default plugins filled in where it names none (a copy; malformed parts left as they are). */
export function withDefaults(raw: Record<string, unknown>, defaults: ConfigDefaults = builtinDefaults) {
  const out: Record<string, unknown> = { ...raw };
  // A distill run's teacher is a conv net (distill.teacher), not a teacher plugin.
  if (raw.kind === "distill") return out;
  if (out.teacher === undefined) out.teacher = { generator: defaults.committeeTeacher };
  else if (isObject(out.teacher) && out.teacher.generator === undefined)
    out.teacher = { ...out.teacher, generator: defaults.committeeTeacher };
  if (raw.kind === "train" && (out.train === undefined || isObject(out.train))) {
    const train = { ...((out.train as Record<string, unknown>) ?? {}) };
    if (train.teacher === undefined || isObject(train.teacher)) {
      const t = { ...((train.teacher as Record<string, unknown>) ?? {}) };
      t.generator ??= defaults.trainTeacher;
      t.activation ??= defaults.trainActivation;
      train.teacher = t;
    }
    if (train.student === undefined || isObject(train.student)) {
      const st = { ...((train.student as Record<string, unknown>) ?? {}) };
      st.activation ??= defaults.trainActivation;
      train.student = st;
    }
    out.train = train;
  }
  return out;
}

/** This package's presets, then those the registry's packs ship (ESLint `configs` style), each with its pack. */
export function listPresets(registry?: PluginLookup): Preset[] {
  const own = presets.map((p) => ({ ...p, pack: OWN_PRESETS_PACK }));
  const shipped = (registry?.presets() ?? []).map(({ pack, preset }) => ({
    name: preset.name,
    title: preset.title,
    paper: preset.paper ?? "",
    pack,
    config: preset.config as ConfigInput,
  }));
  return [...own, ...shipped.filter((p) => !own.some((o) => o.name === p.name))];
}

/** A preset by name, from this package or (with a registry) from a pack. */
export function getPreset(name: string, registry?: PluginLookup): Preset | undefined {
  return listPresets(registry).find((p) => p.name === name);
}
