// Reads the pixel arrays of a `{"data": […]}` JSON file straight from its bytes into a Uint8Array, without
// building JS arrays (one class file of Fashion-MNIST is 5.5 M numbers: as JS numbers that is 44 MB and a
// second of garbage collection; scanned, it is the bytes alone).
import { DatasetError } from "./types.js";

export interface PixelJsonFormat {
  /** Values per image (784 for 28×28). */
  readonly imageSize: number;
  /**
   * How values map to bytes: "byte" takes integers 0–255 as they are; "unit" takes fractions in [0, 1] and
   * rounds v·255 (exact for values rounded to 3 decimals from b/255: the error is at most 0.0005·255 < 0.5).
   */
  readonly values: "byte" | "unit";
  /** "rows": an array of images, each an array of imageSize values; "flat": one array, imageSize per image. */
  readonly layout: "rows" | "flat";
}

const OPEN = 0x5b; // [
const CLOSE = 0x5d; // ]
const COMMA = 0x2c;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Position of the `[` that opens the value of the top-level "data" key. */
function dataStart(bytes: Uint8Array, field: string): number {
  const key = [0x22, 0x64, 0x61, 0x74, 0x61, 0x22]; // "data"
  outer: for (let i = 0; i + key.length < bytes.length; i++) {
    for (let j = 0; j < key.length; j++) if (bytes[i + j] !== key[j]) continue outer;
    let p = i + key.length;
    while (p < bytes.length && (isSpace(bytes[p]) || bytes[p] === 0x3a)) p++;
    if (bytes[p] === OPEN) return p;
  }
  throw new DatasetError(field, 'no "data" array found');
}

export interface ParsedPixels {
  /** images·imageSize bytes. */
  readonly pixels: Uint8Array;
  /** Row positions (in the file) of empty image arrays `[]`, which are skipped, not images. */
  readonly emptyRows: readonly number[];
}

/** The images of one JSON file as bytes. Errors name the file (`field`). */
export function parsePixelJson(bytes: Uint8Array, format: PixelJsonFormat, field: string): ParsedPixels {
  const { imageSize, values, layout } = format;
  // Every value takes at least two characters ("0,"), so this bounds the count.
  const out = new Uint8Array((bytes.length >> 1) + 1);
  let count = 0;
  let depth = 0;
  let rowStart = 0;
  let row = 0;
  const emptyRows: number[] = [];
  const innerDepth = layout === "rows" ? 2 : 1;
  let p = dataStart(bytes, field);
  for (; p < bytes.length; p++) {
    const c = bytes[p];
    if (c === OPEN) {
      depth++;
      if (depth > innerDepth)
        throw new DatasetError(field, `arrays nested deeper than ${innerDepth} at byte ${p}`);
      rowStart = count;
    } else if (c === CLOSE) {
      if (depth === innerDepth && layout === "rows") {
        if (count === rowStart) emptyRows.push(row);
        else if (count - rowStart !== imageSize)
          throw new DatasetError(field, `row ${row} has ${count - rowStart} values, expected ${imageSize}`);
        row++;
      }
      depth--;
      if (depth === 0) break;
    } else if (c === COMMA || isSpace(c)) {
      // separators
    } else if (c >= ZERO && c <= NINE) {
      if (depth !== innerDepth) throw new DatasetError(field, `a number outside an image array at byte ${p}`);
      let whole = 0;
      while (p < bytes.length && bytes[p] >= ZERO && bytes[p] <= NINE)
        whole = whole * 10 + (bytes[p++] - ZERO);
      let value = whole;
      if (bytes[p] === DOT) {
        let scale = 0.1;
        p++;
        while (p < bytes.length && bytes[p] >= ZERO && bytes[p] <= NINE) {
          value += (bytes[p++] - ZERO) * scale;
          scale *= 0.1;
        }
      }
      const next = bytes[p];
      if (next !== COMMA && next !== CLOSE && !isSpace(next))
        throw new DatasetError(
          field,
          `unexpected character ${JSON.stringify(String.fromCharCode(next))} at byte ${p}`,
        );
      p--;
      const byte = values === "byte" ? value : Math.round(value * 255);
      if (!(byte >= 0 && byte <= 255) || (values === "byte" && !Number.isInteger(value)))
        throw new DatasetError(
          field,
          `value ${value} at byte ${p} is not a ${values === "byte" ? "byte 0–255" : "fraction in [0, 1]"}`,
        );
      out[count++] = byte;
    } else {
      throw new DatasetError(
        field,
        `unexpected character ${JSON.stringify(String.fromCharCode(c))} at byte ${p}`,
      );
    }
  }
  if (depth !== 0) throw new DatasetError(field, "the data array is not closed (truncated file?)");
  if (count % imageSize !== 0)
    throw new DatasetError(field, `${count} values is not a whole number of ${imageSize}-value images`);
  return { pixels: out.slice(0, count), emptyRows };
}
