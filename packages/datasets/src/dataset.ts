// Builds a checked ImageDataset from typed arrays: how a user plugs in a set of their own.
import { DatasetError, type ImageDataset } from "./types.js";

export interface TypedArraySet {
  readonly id: string;
  readonly source?: string;
  readonly width: number;
  readonly height: number;
  readonly channels?: number;
  readonly classNames: readonly string[];
  readonly pixels: Uint8Array;
  readonly labels: Uint8Array;
}

function positiveInteger(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1)
    throw new DatasetError(field, `expected a positive integer, got ${String(value)}`);
  return value;
}

/** Validates shapes and labels (errors name the field) and returns the set; the arrays are used, not copied. */
export function fromTypedArrays(set: TypedArraySet): ImageDataset {
  if (typeof set.id !== "string" || set.id.length === 0)
    throw new DatasetError("id", "expected a non-empty string");
  const width = positiveInteger("width", set.width);
  const height = positiveInteger("height", set.height);
  const channels = positiveInteger("channels", set.channels ?? 1);
  if (!Array.isArray(set.classNames) || set.classNames.length < 1 || set.classNames.length > 256)
    throw new DatasetError("classNames", "expected an array of 1 to 256 names");
  if (!(set.pixels instanceof Uint8Array)) throw new DatasetError("pixels", "expected a Uint8Array");
  if (!(set.labels instanceof Uint8Array)) throw new DatasetError("labels", "expected a Uint8Array");
  const imageSize = width * height * channels;
  const size = set.labels.length;
  if (set.pixels.length !== size * imageSize)
    throw new DatasetError(
      "pixels",
      `length ${set.pixels.length} ≠ labels.length·height·width·channels = ${size}·${imageSize}`,
    );
  const classes = set.classNames.length;
  for (let k = 0; k < size; k++)
    if (set.labels[k] >= classes)
      throw new DatasetError("labels", `labels[${k}] = ${set.labels[k]} is not below ${classes} classes`);
  return {
    id: set.id,
    source: set.source ?? set.id,
    width,
    height,
    channels,
    classNames: [...set.classNames],
    pixels: set.pixels,
    labels: set.labels,
    size,
    imageSize,
  };
}

/** Images per class, in class order. */
export function classCounts(dataset: ImageDataset, indices?: ArrayLike<number>): number[] {
  const counts = new Array<number>(dataset.classNames.length).fill(0);
  if (indices) for (let k = 0; k < indices.length; k++) counts[dataset.labels[indices[k]]]++;
  else for (let k = 0; k < dataset.size; k++) counts[dataset.labels[k]]++;
  return counts;
}
