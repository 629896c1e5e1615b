// Synthetic "templated images" for quick conv tests: `classes` random templates (uniform [0, 1] pixels of
// templateSize×templateSize), each image a template pasted at a random shift of ±shift pixels from the centre
// of a size×size canvas, plus N(0, noise²) pixel noise, clipped to [0, 1] and stored as bytes round(255·v).
import { createRng } from "@pupil/tensors";
import { fromTypedArrays } from "./dataset.js";
import { DatasetError, type ImageDataset } from "./types.js";

export interface TemplatedOptions {
  readonly seed?: number;
  readonly classes?: number;
  readonly perClass?: number;
  readonly templateSize?: number;
  readonly shift?: number;
  /** Noise standard deviation on the [0, 1] pixel scale. */
  readonly noise?: number;
  /** Canvas side; at least templateSize + 2·shift. */
  readonly size?: number;
}

export const TEMPLATED_DEFAULTS = {
  seed: 0,
  classes: 10,
  perClass: 200,
  templateSize: 12,
  shift: 2,
  noise: 0.1,
  size: 16,
} as const;

export function templatedImages(options: TemplatedOptions = {}): ImageDataset {
  const o = { ...TEMPLATED_DEFAULTS, ...options };
  for (const key of ["classes", "perClass", "templateSize", "size"] as const)
    if (!Number.isInteger(o[key]) || o[key] < 1)
      throw new DatasetError(key, `expected a positive integer, got ${String(o[key])}`);
  if (!Number.isInteger(o.shift) || o.shift < 0) throw new DatasetError("shift", "expected an integer ≥ 0");
  if (!(o.noise >= 0)) throw new DatasetError("noise", "expected a number ≥ 0");
  if (o.size < o.templateSize + 2 * o.shift)
    throw new DatasetError(
      "size",
      `must be at least templateSize + 2·shift = ${o.templateSize + 2 * o.shift}`,
    );
  if (o.classes > 256) throw new DatasetError("classes", "at most 256 classes");

  const rng = createRng(`templated|${o.seed}`);
  const t = o.templateSize;
  const templates = new Float64Array(o.classes * t * t);
  rng.fillUniform(templates);
  const imageSize = o.size * o.size;
  const count = o.classes * o.perClass;
  const pixels = new Uint8Array(count * imageSize);
  const labels = new Uint8Array(count);
  const canvas = new Float64Array(imageSize);
  const noise = new Float64Array(imageSize);
  const corner = (o.size - t) >> 1;
  let k = 0;
  for (let c = 0; c < o.classes; c++) {
    for (let r = 0; r < o.perClass; r++, k++) {
      const dy = rng.int(2 * o.shift + 1) - o.shift;
      const dx = rng.int(2 * o.shift + 1) - o.shift;
      canvas.fill(0);
      for (let i = 0; i < t; i++)
        for (let j = 0; j < t; j++)
          canvas[(corner + dy + i) * o.size + corner + dx + j] = templates[c * t * t + i * t + j];
      rng.fillNormal(noise);
      for (let p = 0; p < imageSize; p++) {
        const v = Math.min(1, Math.max(0, canvas[p] + o.noise * noise[p]));
        pixels[k * imageSize + p] = Math.round(255 * v);
      }
      labels[k] = c;
    }
  }
  const recorded = Object.entries(o)
    .map(([key, value]) => `${key}=${value}`)
    .join(", ");
  return fromTypedArrays({
    id: "templated",
    source: `templated(${recorded})`,
    width: o.size,
    height: o.size,
    channels: 1,
    classNames: Array.from({ length: o.classes }, (_, c) => `template ${c}`),
    pixels,
    labels,
  });
}
