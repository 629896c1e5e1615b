// The images of a distill run: the data set by name (from the host, or generated for "templated"), its seeded
// stratified split, an optional class-balanced subset of the train and test parts, and batch streams.
import {
  BatchStream,
  DatasetError,
  type DatasetSplit,
  type ImageDataset,
  stratifiedSplit,
  TEMPLATED_DEFAULTS,
  templatedImages,
  UNIT_RANGE,
} from "@pupil/datasets";
import { ConfigError } from "@pupil/plugin";
import type { RunHost } from "../../run/host.js";
import type { DistillConfig } from "./schema.js";

/** Image shape and classes of a data set, known before it is loaded (the nets are checked against it). */
export function datasetShape(data: DistillConfig["data"]): {
  input: [number, number, number];
  classes: number;
} {
  if (data.dataset === "templated") {
    const s = TEMPLATED_DEFAULTS.size;
    return { input: [s, s, 1], classes: TEMPLATED_DEFAULTS.classes };
  }
  return { input: [28, 28, 1], classes: 10 };
}

/** Up to n indices of `part`, taken class by class in turn (each class's indices in split order). */
export function balancedSubset(set: ImageDataset, part: Uint32Array, n: number | undefined): Uint32Array {
  if (n === undefined || n >= part.length) return part;
  const byClass: number[][] = set.classNames.map(() => []);
  for (const i of part) byClass[set.labels[i]].push(i);
  const out: number[] = [];
  for (let k = 0; out.length < n; k++) {
    for (const members of byClass) {
      if (k < members.length && out.length < n) out.push(members[k]);
    }
  }
  return Uint32Array.from(out.sort((a, b) => a - b));
}

export interface DistillData {
  readonly set: ImageDataset;
  readonly split: DatasetSplit;
  readonly train: Uint32Array;
  readonly test: Uint32Array;
}

export async function loadDistillData(
  data: DistillConfig["data"],
  host: RunHost | undefined,
): Promise<DistillData> {
  let set: ImageDataset;
  if (data.dataset === "templated") {
    set = templatedImages({ seed: data.templated.seed, perClass: data.templated.perClass });
  } else {
    if (!host?.loadDataset)
      throw new Error(
        `distill.data.dataset "${data.dataset}" needs a host that loads data sets (Node: nodeRunHost())`,
      );
    try {
      set = await host.loadDataset(data.dataset);
    } catch (error) {
      if (error instanceof DatasetError)
        throw new ConfigError([
          { path: "distill.data.dataset", value: data.dataset, expected: error.message },
        ]);
      throw error;
    }
  }
  const split = stratifiedSplit(set, data.split);
  return {
    set,
    split,
    train: balancedSubset(set, split.train, data.trainSize),
    test: balancedSubset(set, split.test, data.testSize),
  };
}

/** Training batches of one stage: the permutation of epoch e comes from (seed, e), so any epoch resumes. */
export function trainStream(d: DistillData, batchSize: number, seed: number): BatchStream {
  return new BatchStream(d.set, d.train, { batchSize, seed, normalization: UNIT_RANGE });
}

export function testStream(d: DistillData, batchSize: number): BatchStream {
  return new BatchStream(d.set, d.test, { batchSize, shuffle: false, normalization: UNIT_RANGE });
}
