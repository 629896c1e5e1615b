// The config of a "distill" run: data, the teacher and student conv nets (as data, recorded verbatim), the
// distillation loss by plugin ref, and the schedule of each stage. Strict at every level.
import * as z from "zod";

const count = (min = 1) => {
  const expected = `an integer ≥ ${min}`;
  return z.number({ error: expected }).int({ error: expected }).min(min, { error: expected });
};
const positive = () => z.number({ error: "a number > 0" }).positive({ error: "a number > 0" });

export const DISTILL_DATASETS = ["fashion-mnist", "mnist", "templated"] as const;

/** A conv-net spec `{ input, layers }` (checked layer by layer when the run is set up). */
const netSchema = z.record(z.string(), z.unknown(), {
  error: "a conv net spec { input: [h, w, c], layers: [...] }",
});

/** A loss plugin ref; a loss's params may be numbers or strings (modes, conventions). */
export const lossRefSchema = z.union(
  [
    z.string().min(1),
    z.strictObject({
      id: z.string().min(1),
      params: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
    }),
  ],
  { error: 'a loss plugin id such as "kd", or { "id": ..., "params": { ... } }' },
);

const splitSchema = z
  .strictObject({
    seed: count(0).default(0),
    validation: z
      .number({ error: "a number in [0, 1)" })
      .min(0, { error: "a number in [0, 1)" })
      .lt(1, { error: "a number in [0, 1)" })
      .default(0.1),
    test: z
      .number({ error: "a number in (0, 1)" })
      .gt(0, { error: "a number in (0, 1)" })
      .lt(1, { error: "a number in (0, 1)" })
      .default(0.15),
  })
  // Only when both parts are valid on their own (else their own issue says it).
  .refine(
    (s) => !(s.test > 0 && s.test < 1 && s.validation >= 0 && s.validation < 1) || s.validation + s.test < 1,
    {
      error: "validation + test < 1 (some images must be left for training)",
      path: ["test"],
    },
  );

const stageSchema = (epochs: number) =>
  z.strictObject({
    /** The architecture; absent = the built-in teacher / student for the data set's image size. */
    net: netSchema.optional(),
    epochs: count(0).default(epochs),
    /** This stage's learning rate (default: the run's lr). */
    lr: positive().optional(),
  });

export const distillSchema = z.strictObject({
  data: z
    .strictObject({
      dataset: z
        .enum(DISTILL_DATASETS, { error: `one of ${DISTILL_DATASETS.map((d) => `"${d}"`).join(", ")}` })
        .default("fashion-mnist"),
      /** Seeded, stratified train/validation/test split of the whole set (per class). */
      split: splitSchema.prefault({}),
      /** Use only this many training / test images of the split (balanced over classes); absent = all. */
      trainSize: count().optional(),
      testSize: count().optional(),
      /** The synthetic set's options (dataset "templated" only). */
      templated: z.strictObject({ seed: count(0).default(0), perClass: count().default(200) }).prefault({}),
    })
    .prefault({}),
  teacher: stageSchema(5).prefault({}),
  student: stageSchema(10).prefault({}),
  /** Transfer points (layer names of each net, paired in order) the loss reads. */
  taps: z
    .strictObject({
      student: z.array(z.string().min(1)).min(1).default(["features"]),
      teacher: z.array(z.string().min(1)).min(1).default(["features"]),
    })
    .prefault({}),
  /** The distillation loss plugin; absent = the plain student (cross-entropy only), the baseline. */
  loss: lossRefSchema.nullable().default(null),
  /** Overrides of the loss's pre-stages' suggested schedule (e.g. factor transfer's paraphraser). */
  preStage: z.strictObject({ epochs: count(0).optional(), lr: positive().optional() }).prefault({}),
  optimizer: z.enum(["adam", "sgd"], { error: 'one of "adam", "sgd"' }).default("adam"),
  /** SGD momentum (sgd only). */
  momentum: z.number({ error: "a number in [0, 1)" }).min(0).lt(1).default(0),
  batchSize: count().default(64),
  /** Images per forward pass when evaluating (float32 sums per pass: recorded so the figures are reproducible). */
  evalBatch: count().default(500),
});

export type DistillConfig = z.output<typeof distillSchema>;
export type LossRef = z.output<typeof lossRefSchema>;
