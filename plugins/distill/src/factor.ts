// The factor of factor transfer and the distance between two factors.
//   FT(x) = vec(x) / ‖vec(x)‖₂ per sample, over the whole C·H·W factor ("vector", the paper's), or over the
//   spatial map mean_c(x²) ("spatial", a mode other codebases use).
//   distance = reduce(|FT(a) − FT(b)|^p), p ∈ {1, 2}; reduce: "mean" (element mean over batch × factor, the
//   paper's), "batchmean" (sum over the factor, mean over the batch) or "sum".
import type { Scalar, Tensor, Tf } from "@pupil/plugin";

export type FactorKind = "vector" | "spatial";
export type Reduction = "mean" | "batchmean" | "sum";

/** Below this norm a factor is divided by it instead (as torch's F.normalize, eps = 1e-12). */
export const NORM_FLOOR = 1e-12;

/** The normalised factor [batch, n] of a map [batch, H, W, C]. */
export function factorOf(tf: Tf, x: Tensor, kind: FactorKind = "vector"): Tensor {
  return tf.tidy(() => {
    const batch = x.shape[0];
    const base = kind === "vector" ? x : tf.mean(tf.square(x), -1);
    const flat = tf.reshape(base, [batch, -1]);
    const norm = tf.maximum(tf.norm(flat, 2, 1, true), NORM_FLOOR);
    return tf.div(flat, norm);
  });
}

export interface FactorDistanceOptions {
  readonly p?: 1 | 2;
  readonly reduction?: Reduction;
  readonly factor?: FactorKind;
}

export function reduce(tf: Tf, elementwise: Tensor, reduction: Reduction): Scalar {
  if (reduction === "mean") return tf.mean(elementwise) as Scalar;
  if (reduction === "sum") return tf.sum(elementwise) as Scalar;
  return tf.div(tf.sum(elementwise), elementwise.shape[0]) as Scalar;
}

/** reduce(|FT(a) − FT(b)|^p) of two maps of the same batch and factor size. */
export function factorDistance(tf: Tf, a: Tensor, b: Tensor, options: FactorDistanceOptions = {}): Scalar {
  const { p = 1, reduction = "mean", factor = "vector" } = options;
  return tf.tidy(() => {
    const diff = tf.sub(factorOf(tf, a, factor), factorOf(tf, b, factor));
    return reduce(tf, p === 1 ? tf.abs(diff) : tf.square(diff), reduction);
  });
}
