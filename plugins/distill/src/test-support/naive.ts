// Float64 reference routes for the tests: plain loops, no tfjs.

/** A [b, h, w, c] array as nested loops' flat index. */
export const at = (shape: readonly number[], b: number, i: number, j: number, c: number) =>
  ((b * shape[1] + i) * shape[2] + j) * shape[3] + c;

/**
 * Cross-correlation, stride 1, zero padding `pad`, kernel [kh, kw, in, out], plus bias: out[b, i, j, o] =
 * bias[o] + Σ x[b, i + u − pad, j + v − pad, c] · k[u, v, c, o].
 */
export function conv2d(
  x: ArrayLike<number>,
  xShape: readonly number[],
  k: ArrayLike<number>,
  kShape: readonly number[],
  bias: ArrayLike<number>,
  pad: number,
): { data: Float64Array; shape: number[] } {
  const [b, h, w, cin] = xShape;
  const [kh, kw, , cout] = kShape;
  const oh = h + 2 * pad - kh + 1;
  const ow = w + 2 * pad - kw + 1;
  const shape = [b, oh, ow, cout];
  const out = new Float64Array(b * oh * ow * cout);
  for (let n = 0; n < b; n++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let o = 0; o < cout; o++) {
          let s = bias[o];
          for (let u = 0; u < kh; u++)
            for (let v = 0; v < kw; v++) {
              const [y, z] = [i + u - pad, j + v - pad];
              if (y < 0 || y >= h || z < 0 || z >= w) continue;
              for (let c = 0; c < cin; c++)
                s += x[at(xShape, n, y, z, c)] * k[((u * kw + v) * cin + c) * cout + o];
            }
          out[at(shape, n, i, j, o)] = s;
        }
  return { data: out, shape };
}

/**
 * Transposed convolution, stride 1, "same" for a 3×3 kernel given as [3, 3, out, in]: each input pixel
 * scatters its kernel onto the output, out[b, y, z, o] += x[b, i, j, c] · k[u, v, o, c] at y = i + u − 1,
 * z = j + v − 1 (the adjoint of conv2d with padding 1).
 */
export function conv2dTranspose(
  x: ArrayLike<number>,
  xShape: readonly number[],
  k: ArrayLike<number>,
  kShape: readonly number[],
  bias: ArrayLike<number>,
): { data: Float64Array; shape: number[] } {
  const [b, h, w, cin] = xShape;
  const [kh, kw, cout] = kShape;
  const shape = [b, h, w, cout];
  const out = new Float64Array(b * h * w * cout);
  for (let n = 0; n < b; n++)
    for (let y = 0; y < h; y++)
      for (let z = 0; z < w; z++) for (let o = 0; o < cout; o++) out[at(shape, n, y, z, o)] = bias[o];
  for (let n = 0; n < b; n++)
    for (let i = 0; i < h; i++)
      for (let j = 0; j < w; j++)
        for (let c = 0; c < cin; c++)
          for (let u = 0; u < kh; u++)
            for (let v = 0; v < kw; v++) {
              const [y, z] = [i + u - 1, j + v - 1];
              if (y < 0 || y >= h || z < 0 || z >= w) continue;
              for (let o = 0; o < cout; o++)
                out[at(shape, n, y, z, o)] +=
                  x[at(xShape, n, i, j, c)] * k[((u * kw + v) * cout + o) * cin + c];
            }
  return { data: out, shape };
}

export const leaky = (data: Float64Array, slope = 0.1) => data.map((v) => (v > 0 ? v : slope * v));

/** Per-sample vec(x)/‖vec(x)‖₂ of a flat [batch, n] array. */
export function normalizeRows(data: ArrayLike<number>, batch: number): Float64Array {
  const n = data.length / batch;
  const out = new Float64Array(data.length);
  for (let b = 0; b < batch; b++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += data[b * n + i] ** 2;
    const norm = Math.sqrt(s);
    for (let i = 0; i < n; i++) out[b * n + i] = data[b * n + i] / norm;
  }
  return out;
}

/** Mean over the batch of −log softmax(z)[y]. */
export function crossEntropy64(logits: number[][], labels: number[]): number {
  let total = 0;
  logits.forEach((z, b) => {
    const m = Math.max(...z);
    const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
    total += lse - z[labels[b]];
  });
  return total / logits.length;
}
