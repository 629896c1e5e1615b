// The run config as data (issue 3, "output contract"): one zod schema, strict at every level so a
// misspelt key is an error rather than a silently ignored option. Defaults that depend on other fields
// (second layers, the teacher's activation) are filled in by resolveConfig, not here.
import * as z from "zod";
import { distillSchema } from "../kinds/distill/schema.js";

// Messages say what was expected; the path and the value are added by formatIssues.
const positive = (_field: string) => z.number({ error: "a number > 0" }).positive({ error: "a number > 0" });
const nonNegative = (_field: string) => z.number({ error: "a number ≥ 0" }).min(0, { error: "a number ≥ 0" });
const count = (_field: string, min = 1) => {
  const expected = `an integer ≥ ${min}`;
  return z.number({ error: expected }).int({ error: expected }).min(min, { error: expected });
};

/** A plugin reference: an id ("erf") or { id, params } for plugins with parameters (leaky-relu's slope). */
export const pluginRefSchema = z.union(
  [
    z.string().min(1),
    z.strictObject({ id: z.string().min(1), params: z.record(z.string(), z.number()).optional() }),
  ],
  { error: 'a plugin id string such as "erf", or { "id": ..., "params": { ... } }' },
);

export const secondLayerSchema = z.union([z.array(z.number()).min(1), z.enum(["1/p", "1/sqrt(p)", "1"])], {
  error: 'an array of numbers, or one of "1/p", "1/sqrt(p)", "1"',
});

const matrix = z.array(z.array(z.number({ error: "a number" }), { error: "a row (array of numbers)" }), {
  error: "a matrix as nested arrays of numbers",
});

export const integratorSchema = z.discriminatedUnion(
  "method",
  [
    z.strictObject({
      method: z.literal("rk45"),
      rtol: positive("rtol").default(1e-8),
      atol: positive("atol").default(1e-10),
    }),
    z.strictObject({ method: z.literal("rk4"), dt: positive("dt").default(0.01) }),
  ],
  { error: 'an object with "method": "rk45" (rtol, atol) or "rk4" (dt)' },
);

/** Minibatch training of deep teacher–student networks (@pupil/models' Trainer, Float64Array route). */
export const trainSchema = z.strictObject({
  inputDim: count("inputDim").default(20),
  teacher: z
    .strictObject({
      generator: z.string().min(1).default("discrete-fanout"),
      params: z.record(z.string(), z.unknown()).default({}),
      widths: z
        .array(count("width"), { error: "an array of layer widths (integers ≥ 1)" })
        .min(1)
        .default([10]),
      outputs: count("outputs").default(10),
      activation: pluginRefSchema.default("relu"),
    })
    .prefault({}),
  student: z
    .strictObject({
      widths: z
        .array(count("width"), { error: "an array of layer widths (integers ≥ 1)" })
        .min(1)
        .default([20]),
      activation: pluginRefSchema.default("relu"),
      /** Initial weights N(0, initStd²); biases 0. (Spectral students start Glorot-uniform, λ_in = 0, λ_out = 1.) */
      initStd: positive("initStd").default(0.005),
      /** Biases on the hidden layers. */
      bias: z.boolean({ error: "true or false" }).default(true),
      /** The output layer fixed at all ones (a sum output, the spectral experiment's teacher). */
      fixedOutput: z.boolean({ error: "true or false" }).default(false),
      /** Make the first hidden layer spectral (Giambagli et al. 2023): W = φΛ_in − Λ_out φ, λ_in fixed at 0. */
      spectral: z
        .strictObject({
          l2Phi: nonNegative("l2Phi").default(0.01),
          l2Lambda: nonNegative("l2Lambda").default(5e-4),
          /** false: the "direct" arm, λ_out frozen at 1 (only φ trains). */
          trainLambdaOut: z.boolean({ error: "true or false" }).default(true),
        })
        .optional(),
    })
    .prefault({}),
  data: z
    .strictObject({
      train: count("train").default(10_000),
      test: count("test").default(2_000),
      inputStd: positive("inputStd").default(1),
    })
    .prefault({}),
  optimizer: z.enum(["sgd", "adam", "gd"], { error: 'one of "sgd", "adam", "gd"' }).default("sgd"),
  batchSize: count("batchSize").default(16),
  epochs: count("epochs").default(50),
  evalEvery: count("evalEvery").default(5),
  /** Metric plugin ids computed at every snapshot from the weights (e.g. "specialization-best"). */
  metrics: z.array(z.string().min(1)).default([]),
});

export const RUN_KINDS = ["ode", "online", "paired", "train", "distill"] as const;
export type RunKind = (typeof RUN_KINDS)[number];

export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  /** Written by pupil into config.json (package versions); ignored on input. */
  pupil: z.record(z.string(), z.unknown()).optional(),
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  kind: z.enum(RUN_KINDS, { error: `one of ${RUN_KINDS.map((k) => `"${k}"`).join(", ")}` }),
  seed: count("seed", 0).default(0),
  /** Input dimension N (simulation; for ODE runs it sets the start drawn from the seed). */
  N: count("N").default(1000),
  /** Learning rate η (for kind "train": the optimizer's). */
  lr: positive("lr"),
  /** "eta": the step uses η; "eta*p": η·p (some papers scale with the width). */
  lrScaling: z.enum(["eta", "eta*p"], { error: 'one of "eta", "eta*p"' }).default("eta"),
  /** η2 for a trained second layer; absent = the second layer stays fixed. */
  secondLayerLr: positive("secondLayerLr").optional(),
  /** Last α = steps/N (required except for kind "train"). */
  alphaMax: positive("alphaMax").optional(),
  batch: count("batch").default(1),
  weightDecay: nonNegative("weightDecay").default(0),
  labelNoise: nonNegative("labelNoise").default(0),
  /** Keep the O(η²) term of the ODE (false = gradient-flow limit). */
  noiseTerm: z.boolean({ error: "true or false" }).default(true),
  /** The committee machine (required except for kind "train"). */
  model: z
    .strictObject({
      activation: pluginRefSchema,
      teacherActivation: pluginRefSchema.optional(),
      p: count("p"),
      pStar: count("pStar"),
      secondLayer: z
        .strictObject({ student: secondLayerSchema.optional(), teacher: secondLayerSchema.optional() })
        .default({}),
    })
    .optional(),
  /** Deep networks trained on minibatches (required for kind "train"). */
  train: trainSchema.optional(),
  /** Teacher, paraphraser and student stages of conv nets on images (required for kind "distill"). */
  distill: distillSchema.optional(),
  teacher: z
    .strictObject({
      generator: z.string().min(1).default("orthonormal"),
      params: z.record(z.string(), z.unknown()).default({}),
    })
    .default({ generator: "orthonormal", params: {} }),
  /** Initial overlaps. ODE: starts exactly there. Simulation: the student is built to have exactly Q, M. */
  init: z.strictObject({ Q: matrix.optional(), M: matrix.optional(), T: matrix.optional() }).default({}),
  integrator: integratorSchema.default({ method: "rk45", rtol: 1e-8, atol: 1e-10 }),
  record: z
    .strictObject({
      perDecade: count("perDecade").default(20),
      /** The first log-spaced α after α = 0. */
      alphaMin: positive("alphaMin").default(0.01),
      /** α values that must appear exactly in the log. */
      at: z.array(positive("α in record.at"), { error: "an array of α values > 0" }).default([]),
    })
    .default({ perDecade: 20, alphaMin: 0.01, at: [] }),
  /** A checkpoint every k snapshots (per source), so a killed run resumes there. */
  checkpoint: z.strictObject({ every: count("checkpoint.every").default(10) }).default({ every: 10 }),
  /** Stop as diverged when eg exceeds this (NaN/Inf always stop). */
  divergence: z.strictObject({ egMax: positive("egMax").default(1e6) }).default({ egMax: 1e6 }),
  /** Metric plugin ids computed at every snapshot of an ode/online/paired run (kind "train": train.metrics). */
  metrics: z.array(z.string().min(1)).optional(),
  /** npm package names or paths relative to the config file; each default export is a PluginPack. */
  plugins: z.array(z.string().min(1, { error: "a non-empty module specifier" })).default([]),
});

export type ConfigInput = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;
export type PluginRef = z.output<typeof pluginRefSchema>;
export type SecondLayer = z.output<typeof secondLayerSchema>;
export type TrainConfig = z.output<typeof trainSchema>;
export type { DistillConfig } from "../kinds/distill/schema.js";
