// Test helper: a small learnable image task (the class is the quadrant and shape of a bright blob on noise),
// seeded, as float32 NHWC images and int32 labels.
import { createRng } from "@pupil/tensors";

export function blobImages(n: number, seed: number, size = 28): { x: Float32Array; y: Int32Array } {
  const rng = createRng(seed);
  const x = new Float32Array(n * size * size);
  const y = new Int32Array(n);
  const half = size / 2;
  for (let i = 0; i < n; i++) {
    const label = rng.int(4);
    y[i] = label;
    const cy = (label >> 1) * half + half / 2;
    const cx = (label & 1) * half + half / 2;
    for (let r = 0; r < size; r++)
      for (let c = 0; c < size; c++) {
        const d2 = (r - cy) ** 2 + (c - cx) ** 2;
        x[(i * size + r) * size + c] = Math.exp(-d2 / 18) + 0.3 * rng.normal();
      }
  }
  return { x, y };
}
