// Batches streamed from the byte cache: an epoch is a permutation of the part's indices (one reused
// Uint32Array), and a batch is those images converted through a 256-entry table into one reused Float32Array.
// Nothing is copied per epoch and nothing is allocated per batch.
import { createRng } from "@pupil/tensors";
import { DatasetError, type ImageDataset } from "./types.js";

/** x = (pixel/255 − mean)/std. The default (mean 0, std 1) maps pixels to [0, 1]. */
export interface Normalization {
  readonly mean: number;
  readonly std: number;
}

export const UNIT_RANGE: Normalization = { mean: 0, std: 1 };

/** Mean and standard deviation of pixel/255 over the given images (all pixels pooled): fit on train only. */
export function fitNormalization(dataset: ImageDataset, indices: ArrayLike<number>): Normalization {
  const histogram = new Float64Array(256);
  const n = dataset.imageSize;
  for (let k = 0; k < indices.length; k++) {
    const start = indices[k] * n;
    for (let i = start; i < start + n; i++) histogram[dataset.pixels[i]]++;
  }
  let count = 0;
  let sum = 0;
  for (let v = 0; v < 256; v++) {
    count += histogram[v];
    sum += histogram[v] * (v / 255);
  }
  const mean = sum / count;
  let sq = 0;
  for (let v = 0; v < 256; v++) sq += histogram[v] * (v / 255 - mean) ** 2;
  return { mean, std: Math.sqrt(sq / count) };
}

export interface BatchStreamOptions {
  readonly batchSize: number;
  /** Seed of the per-epoch shuffles; epoch e uses createRng(`batches|${seed}|${e}`), so any epoch can resume. */
  readonly seed?: number;
  /** false: the part's own order every epoch (evaluation). Default true. */
  readonly shuffle?: boolean;
  readonly normalization?: Normalization;
}

export class BatchStream {
  readonly dataset: ImageDataset;
  readonly batchSize: number;
  /** The current batch: batchSize·imageSize values (only the first `size` images are meaningful). */
  readonly x: Float32Array;
  /** One-hot targets of the current batch, batchSize·classes. */
  readonly y: Float32Array;
  /** Class indices of the current batch. */
  readonly labels: Int32Array;
  /** Images in the current batch (batchSize, or fewer for the last batch of an epoch). */
  size = 0;
  readonly #indices: Uint32Array;
  readonly #order: Uint32Array;
  readonly #table = new Float32Array(256);
  readonly #seed: number;
  readonly #shuffle: boolean;
  #cursor = 0;

  constructor(dataset: ImageDataset, indices: Uint32Array, options: BatchStreamOptions) {
    const { batchSize } = options;
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw new DatasetError("batchSize", `expected a positive integer, got ${String(batchSize)}`);
    for (let k = 0; k < indices.length; k++)
      if (indices[k] >= dataset.size)
        throw new DatasetError("indices", `index ${indices[k]} is outside the ${dataset.size} images`);
    const { mean, std } = options.normalization ?? UNIT_RANGE;
    if (!Number.isFinite(mean) || !(std > 0))
      throw new DatasetError("normalization", `expected finite mean and std > 0, got ${mean}, ${std}`);
    for (let v = 0; v < 256; v++) this.#table[v] = (v / 255 - mean) / std;
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.#indices = indices;
    this.#order = new Uint32Array(indices.length);
    this.#seed = options.seed ?? 0;
    this.#shuffle = options.shuffle ?? true;
    this.x = new Float32Array(batchSize * dataset.imageSize);
    this.y = new Float32Array(batchSize * dataset.classNames.length);
    this.labels = new Int32Array(batchSize);
    this.startEpoch(0);
  }

  get batchesPerEpoch(): number {
    return Math.ceil(this.#indices.length / this.batchSize);
  }

  /** The image order of the current epoch (a view, valid until the next startEpoch). */
  get order(): Uint32Array {
    return this.#order;
  }

  /** Resets to the start of epoch `epoch` with its own permutation (the same for the same seed and epoch). */
  startEpoch(epoch: number): void {
    const order = this.#order;
    order.set(this.#indices);
    if (this.#shuffle) {
      const rng = createRng(`batches|${this.#seed}|${epoch}`);
      for (let i = order.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    this.#cursor = 0;
  }

  /** Fills x, y and labels with the next batch of this epoch; returns its size, 0 when the epoch is done. */
  next(): number {
    const { dataset, x, y, labels } = this;
    const n = dataset.imageSize;
    const classes = dataset.classNames.length;
    const size = Math.min(this.batchSize, this.#order.length - this.#cursor);
    const pixels = dataset.pixels;
    const table = this.#table;
    y.fill(0);
    for (let b = 0; b < size; b++) {
      const image = this.#order[this.#cursor + b];
      const src = image * n;
      const dst = b * n;
      for (let i = 0; i < n; i++) x[dst + i] = table[pixels[src + i]];
      const label = dataset.labels[image];
      labels[b] = label;
      y[b * classes + label] = 1;
    }
    this.#cursor += size;
    this.size = size;
    return size;
  }
}
