// The run config as data: one zod schema per kind, chosen by `kind` (z.discriminatedUnion), strict at
// every level so a misspelt key is an error rather than a silently ignored option. Checks across fields
// (matrix shapes, PSD overlaps, plugin refs) are in refinements.ts; defaults that depend on other fields
// (second layers, the teacher's activation) are filled in by resolveConfig.
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
      // Unset: @pupil/dynamics' defaults (rtol 1e-11, atol 1e-15 × the overlaps' scale), chosen so eg is
      // accurate to 1e-6 relative at every recorded α even where eg is tiny.
      rtol: positive("rtol").optional(),
      atol: positive("atol").optional(),
    }),
    z.strictObject({ method: z.literal("rk4"), dt: positive("dt").default(0.01) }),
    z.strictObject({ method: z.literal("euler"), dt: positive("dt").default(0.001) }),
  ],
  { error: 'an object with "method": "rk45" (rtol, atol), "rk4" (dt) or "euler" (dt)' },
);

/** Minibatch training of deep teacher–student networks (@pupil/models' Trainer, Float64Array route). */
export const trainSchema = z.strictObject({
  inputDim: count("inputDim").default(20),
  teacher: z.strictObject({
    generator: z.string({ error: "a teacher plugin id" }).min(1),
    params: z.record(z.string(), z.unknown()).default({}),
    widths: z
      .array(count("width"), { error: "an array of layer widths (integers ≥ 1)" })
      .min(1)
      .default([10]),
    outputs: count("outputs").default(10),
    activation: pluginRefSchema,
  }),
  student: z.strictObject({
    widths: z
      .array(count("width"), { error: "an array of layer widths (integers ≥ 1)" })
      .min(1)
      .default([20]),
    activation: pluginRefSchema,
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
  }),
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

/** Fields every kind takes (each kind's schema adds its own). */
const commonShape = {
  $schema: z.string().optional(),
  /** Written by pupil into config.json (package versions); ignored on input. */
  pupil: z.record(z.string(), z.unknown()).optional(),
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  seed: count("seed", 0).default(0),
  /** Input dimension N (simulation; for ODE runs it sets the start drawn from the seed). */
  N: count("N").default(1000),
  /** Learning rate η (for kind "train": the optimizer's). */
  lr: positive("lr"),
  /** "eta": the step uses η; "eta*p": η·p (some papers scale with the width). */
  lrScaling: z.enum(["eta", "eta*p"], { error: 'one of "eta", "eta*p"' }).default("eta"),
  /** η2 for a trained second layer; absent = the second layer stays fixed. */
  secondLayerLr: positive("secondLayerLr").optional(),
  batch: count("batch").default(1),
  weightDecay: nonNegative("weightDecay").default(0),
  labelNoise: nonNegative("labelNoise").default(0),
  /** Keep the O(η²) term of the ODE (false = gradient-flow limit). */
  noiseTerm: z.boolean({ error: "true or false" }).default(true),
  teacher: z.strictObject({
    generator: z.string({ error: "a teacher plugin id" }).min(1),
    params: z.record(z.string(), z.unknown()).default({}),
  }),
  /** Initial overlaps. ODE: starts exactly there. Simulation: the student is built to have exactly Q, M. */
  init: z.strictObject({ Q: matrix.optional(), M: matrix.optional(), T: matrix.optional() }).default({}),
  integrator: integratorSchema.default({ method: "rk45" }),
  record: z
    .strictObject({
      perDecade: count("perDecade").default(20),
      /** The first log-spaced α after α = 0. */
      alphaMin: positive("alphaMin").default(0.01),
      /** α values that must appear exactly in the log. */
      at: z.array(positive("α in record.at"), { error: "an array of α values > 0" }).default([]),
    })
    .default({ perDecade: 20, alphaMin: 0.01, at: [] }),
  /** A checkpoint every k grid points, so a killed run resumes there. */
  checkpoint: z.strictObject({ every: count("checkpoint.every").default(10) }).default({ every: 10 }),
  /** Stop as diverged when a loss exceeds this (NaN/Inf always stop). */
  divergence: z.strictObject({ egMax: positive("egMax").default(1e6) }).default({ egMax: 1e6 }),
  /** npm package names or paths relative to the config file; each default export is a PluginPack. */
  plugins: z.array(z.string().min(1, { error: "a non-empty module specifier" })).default([]),
};

/** The committee machine of ode/online/paired runs. */
export const modelSchema = z.strictObject({
  activation: pluginRefSchema,
  teacherActivation: pluginRefSchema.optional(),
  p: count("p"),
  pStar: count("pStar"),
  secondLayer: z
    .strictObject({ student: secondLayerSchema.optional(), teacher: secondLayerSchema.optional() })
    .default({}),
});

const absent = (expected: string) => z.undefined({ error: expected }).optional();

/** Kinds "ode", "online", "paired": soft committee machines on the α grid. */
const committeeShape = {
  ...commonShape,
  /** Last α = steps/N. */
  alphaMax: positive("alphaMax"),
  model: modelSchema,
  /** Metric plugin ids computed at every snapshot (weight metrics: simulation sources only). */
  metrics: z.array(z.string().min(1)).optional(),
  train: absent('nothing unless kind is "train"'),
  distill: absent('nothing unless kind is "distill"'),
};

export const odeConfigSchema = z.strictObject({ kind: z.literal("ode"), ...committeeShape });
export const onlineConfigSchema = z.strictObject({ kind: z.literal("online"), ...committeeShape });
export const pairedConfigSchema = z.strictObject({ kind: z.literal("paired"), ...committeeShape });

/** Kind "train": deep networks trained on minibatches. */
export const trainConfigSchema = z.strictObject({
  kind: z.literal("train"),
  ...commonShape,
  /** Filled with the host's default plugins where it names none (withDefaults). */
  train: trainSchema,
  model: absent('nothing for kind "train" (its networks are under train.teacher / train.student)'),
  alphaMax: absent('nothing for kind "train" (its length is train.epochs)'),
  metrics: absent('nothing for kind "train" (its metrics are train.metrics)'),
  distill: absent('nothing unless kind is "distill"'),
});

/** Kind "distill": teacher → the loss's pre-stages → student, conv nets on images (kinds/distill). */
export const distillConfigSchema = z.strictObject({
  kind: z.literal("distill"),
  ...commonShape,
  teacher: absent('nothing for kind "distill" (its teacher is distill.teacher)'),
  distill: distillSchema.prefault({}),
  model: absent('nothing for kind "distill" (its networks are distill.teacher.net / distill.student.net)'),
  alphaMax: absent('nothing for kind "distill" (its length is the stages\' epochs)'),
  metrics: absent('nothing for kind "distill"'),
  train: absent('nothing unless kind is "train"'),
});

/** One schema per kind, chosen by `kind`. A new kind adds its schema here and its module in kinds/. */
export const configSchema = z.discriminatedUnion(
  "kind",
  [odeConfigSchema, onlineConfigSchema, pairedConfigSchema, trainConfigSchema, distillConfigSchema],
  { error: `one of ${RUN_KINDS.map((k) => `"${k}"`).join(", ")}` },
);

/**
 * Every field of every kind, each optional: what is checked besides `kind` when `kind` itself is invalid,
 * so the other problems are still reported at once.
 */
export const anyKindSchema = z.strictObject({
  ...commonShape,
  kind: z.unknown(),
  alphaMax: committeeShape.alphaMax.optional(),
  model: modelSchema.optional(),
  metrics: committeeShape.metrics,
  train: trainSchema.optional(),
  distill: distillSchema.optional(),
});

/** Every key any kind accepts (for --set): the union's shapes merged. */
export const configKeysSchema = z.strictObject({
  ...committeeShape,
  kind: z.enum(RUN_KINDS),
  train: trainSchema,
  distill: distillSchema,
});

type DeepPartial<T> = T extends readonly (infer U)[]
  ? DeepPartial<U>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;
type Input = z.input<typeof configSchema>;
/** A config as written (presets, files): any field may be left to its default, the default plugins included. */
export type ConfigInput = Input extends infer C
  ? C extends { kind: infer K }
    ? { kind: K } & DeepPartial<C>
    : never
  : never;
export type ParsedConfig = z.output<typeof configSchema>;
export type CommitteeParsed = z.output<
  typeof odeConfigSchema | typeof onlineConfigSchema | typeof pairedConfigSchema
>;
export type TrainParsed = z.output<typeof trainConfigSchema>;
export type DistillParsed = z.output<typeof distillConfigSchema>;
export type { DistillConfig } from "../kinds/distill/schema.js";
export type PluginRef = z.output<typeof pluginRefSchema>;
export type SecondLayer = z.output<typeof secondLayerSchema>;
export type TrainConfig = z.output<typeof trainSchema>;
