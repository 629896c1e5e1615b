// A fixed, seeded, stratified train/validation/test split, recorded as data (a run config holds the spec;
// the indices follow from it and the data set).
//
// Rule: for each class c with n_c images (in data set order), the indices of class c are shuffled by a
// Fisher–Yates pass driven by createRng(`split|${seed}`).fork(c); the first round(n_c·test) go to test, the
// next round(n_c·validation) to validation, the rest to train. Each part is returned sorted ascending, so the
// split is a set, independent of any later batching order.
import { createRng } from "@pupil/tensors";
import * as z from "zod";
import { classCounts } from "./dataset.js";
import { DatasetError, type ImageDataset } from "./types.js";

export const SplitSpecSchema = z
  .object({
    seed: z.number().int().min(0),
    validation: z.number().min(0).lt(1),
    test: z.number().gt(0).lt(1),
  })
  .strict()
  .refine((s) => s.validation + s.test < 1, {
    message: "validation + test must leave some training images (sum < 1)",
    path: ["validation"],
  });

export type SplitSpec = z.infer<typeof SplitSpecSchema>;

/** The default split: 75% train, 10% validation, 15% test per class, seed 0. */
export const DEFAULT_SPLIT: SplitSpec = { seed: 0, validation: 0.1, test: 0.15 };

export interface DatasetSplit {
  readonly spec: SplitSpec;
  readonly train: Uint32Array;
  readonly validation: Uint32Array;
  readonly test: Uint32Array;
  /** Images per class in each part (the record a run config can show beside the spec). */
  readonly counts: { readonly train: number[]; readonly validation: number[]; readonly test: number[] };
}

/** Validates a split spec; errors name the field as `split.<key>`. */
export function parseSplitSpec(raw: unknown): SplitSpec {
  const result = SplitSpecSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = ["split", ...issue.path.map(String)].join(".");
  throw new DatasetError(field, issue.message);
}

export function stratifiedSplit(dataset: ImageDataset, rawSpec: unknown = DEFAULT_SPLIT): DatasetSplit {
  const spec = parseSplitSpec(rawSpec);
  const classes = dataset.classNames.length;
  const perClass = classCounts(dataset);
  const byClass = perClass.map((n) => new Uint32Array(n));
  const fill = new Array<number>(classes).fill(0);
  for (let k = 0; k < dataset.size; k++) byClass[dataset.labels[k]][fill[dataset.labels[k]]++] = k;

  const root = createRng(`split|${spec.seed}`);
  const counts = { train: [] as number[], validation: [] as number[], test: [] as number[] };
  const parts = { train: [] as Uint32Array[], validation: [] as Uint32Array[], test: [] as Uint32Array[] };
  for (let c = 0; c < classes; c++) {
    const idx = byClass[c];
    const rng = root.fork(c);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    const nTest = Math.round(idx.length * spec.test);
    const nVal = Math.round(idx.length * spec.validation);
    if (idx.length > 0 && idx.length - nTest - nVal < 1)
      throw new DatasetError("split", `class ${c} (${idx.length} images) leaves no training image`);
    parts.test.push(idx.subarray(0, nTest));
    parts.validation.push(idx.subarray(nTest, nTest + nVal));
    parts.train.push(idx.subarray(nTest + nVal));
    counts.test.push(nTest);
    counts.validation.push(nVal);
    counts.train.push(idx.length - nTest - nVal);
  }
  const join = (list: Uint32Array[]) => {
    const out = new Uint32Array(list.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of list) {
      out.set(p, o);
      o += p.length;
    }
    return out.sort();
  };
  return {
    spec,
    train: join(parts.train),
    validation: join(parts.validation),
    test: join(parts.test),
    counts,
  };
}
