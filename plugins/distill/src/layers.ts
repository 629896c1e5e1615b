// The few layers the losses' own modules need, as plain functions of variables on the injected tf.
import type { Tensor, Tf, Variable } from "@pupil/plugin";

/** A 3×3 (or k×k) convolution, stride 1, with bias: weights [k, k, in, out] Glorot-uniform, bias 0. */
export interface Conv {
  readonly kernel: Variable;
  readonly bias: Variable;
  readonly transposed: boolean;
  readonly padding: "same" | "valid";
}

/** Seeded Glorot-uniform weights (fan-in + fan-out over the k×k window). Made in tidy: only the variable stays. */
function glorot(
  tf: Tf,
  shape: [number, number, number, number],
  fanIn: number,
  fanOut: number,
  seed: number,
) {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return tf.tidy(() => tf.variable(tf.randomUniform(shape, -limit, limit, "float32", seed)));
}

export function conv(
  tf: Tf,
  inChannels: number,
  outChannels: number,
  seed: number,
  options: { transposed?: boolean; kernel?: [number, number]; padding?: "same" | "valid" } = {},
): Conv {
  const [kh, kw] = options.kernel ?? [3, 3];
  const transposed = options.transposed ?? false;
  // conv2dTranspose takes its filter as [k, k, out, in].
  const shape: [number, number, number, number] = transposed
    ? [kh, kw, outChannels, inChannels]
    : [kh, kw, inChannels, outChannels];
  return {
    kernel: glorot(tf, shape, kh * kw * inChannels, kh * kw * outChannels, seed),
    bias: tf.tidy(() => tf.variable(tf.zeros([outChannels]))),
    transposed,
    padding: options.padding ?? "same",
  };
}

export function applyConv(tf: Tf, layer: Conv, x: Tensor): Tensor {
  const x4 = x as Parameters<Tf["conv2d"]>[0];
  const k = layer.kernel as unknown as Parameters<Tf["conv2d"]>[1];
  if (!layer.transposed) return tf.add(tf.conv2d(x4, k, 1, layer.padding), layer.bias);
  const [b, h, w] = x.shape;
  const out = layer.kernel.shape[2] as number;
  return tf.add(tf.conv2dTranspose(x4, k, [b, h, w, out], 1, "same"), layer.bias);
}

export function convVariables(layers: readonly Conv[]): Variable[] {
  return layers.flatMap((l) => [l.kernel, l.bias]);
}

export const LEAKY_SLOPE = 0.1;

/** Each layer followed by LeakyReLU(0.1). */
export function leakyStack(tf: Tf, layers: readonly Conv[], x: Tensor): Tensor {
  let h = x;
  for (const layer of layers) h = tf.leakyRelu(applyConv(tf, layer, h), LEAKY_SLOPE);
  return h;
}
