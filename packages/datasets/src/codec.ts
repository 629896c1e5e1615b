// The on-cache binary form of a data set: a small JSON header, then the pixel bytes, then the label bytes.
//   bytes 0–7   "PUPILDS1" (format 1)
//   bytes 8–11  header length L (uint32, little-endian)
//   12 … 12+L   header JSON: id, source, width, height, channels, classNames, size, checksum
//   then        size·imageSize pixel bytes, then size label bytes
// The checksum (FNV-1a 32 over pixels then labels) is verified on decode, so a damaged entry is refused.
import { fromTypedArrays } from "./dataset.js";
import { DatasetError, type ImageDataset } from "./types.js";

const MAGIC = "PUPILDS1";

/** FNV-1a, 32-bit, over the given byte arrays in order. */
export function fnv1a32(...parts: Uint8Array[]): number {
  let h = 0x811c9dc5;
  for (const bytes of parts) {
    for (let i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193);
    }
  }
  return h >>> 0;
}

interface Header {
  id: string;
  source: string;
  width: number;
  height: number;
  channels: number;
  classNames: string[];
  size: number;
  checksum: number;
}

export function encodeDataset(dataset: ImageDataset): Uint8Array {
  const header: Header = {
    id: dataset.id,
    source: dataset.source,
    width: dataset.width,
    height: dataset.height,
    channels: dataset.channels,
    classNames: [...dataset.classNames],
    size: dataset.size,
    checksum: fnv1a32(dataset.pixels, dataset.labels),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(12 + json.length + dataset.pixels.length + dataset.labels.length);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, json.length, true);
  out.set(json, 12);
  out.set(dataset.pixels, 12 + json.length);
  out.set(dataset.labels, 12 + json.length + dataset.pixels.length);
  return out;
}

/** Decodes a cache entry; the pixels and labels are views into `bytes` (no copy). Throws on any mismatch. */
export function decodeDataset(bytes: Uint8Array, field = "cache"): ImageDataset {
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC)
    throw new DatasetError(field, `not a ${MAGIC} data set file`);
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length)));
  } catch {
    throw new DatasetError(field, "unreadable header");
  }
  const imageSize = header.width * header.height * header.channels;
  const start = 12 + length;
  const expected = start + header.size * imageSize + header.size;
  if (bytes.length !== expected)
    throw new DatasetError(field, `${bytes.length} bytes, the header promises ${expected}`);
  const pixels = bytes.subarray(start, start + header.size * imageSize);
  const labels = bytes.subarray(start + header.size * imageSize, expected);
  if (fnv1a32(pixels, labels) !== header.checksum) throw new DatasetError(field, "checksum mismatch");
  return fromTypedArrays({ ...header, pixels, labels });
}
