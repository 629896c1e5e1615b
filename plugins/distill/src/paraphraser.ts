// Factor transfer's paraphraser: a convolutional autoencoder on the teacher's last feature map (m channels),
// trained first, unsupervised, to reconstruct that map; its encoder output (m' = round(m·k) channels) is the
// teacher factor. Encoder conv3×3 m→m, m→m', m'→m'; decoder transposed conv3×3 m'→m', m'→m, m→m; stride 1,
// padding 1, bias, each followed by LeakyReLU(0.1), no batch norm.
import type { Scalar, Tensor, Tf, Variable } from "@pupil/plugin";
import { applyConv, type Conv, conv, convVariables, LEAKY_SLOPE, leakyStack } from "./layers.js";

export interface ParaphraserOptions {
  /** m: channels of the teacher map. */
  readonly channels: number;
  /** k: paraphrase rate, m' = round(m·k). Default 0.5. */
  readonly rate?: number;
  /** "l1": mean |x̂ − x| (the paper's); "mse": mean (x̂ − x)². Default "l1". */
  readonly reconstruction?: "l1" | "mse";
  readonly seed?: number;
}

export interface Paraphraser {
  readonly channels: number;
  readonly factorChannels: number;
  readonly rate: number;
  readonly reconstruction: "l1" | "mse";
  /** Encoder then decoder weights and biases, in layer order. */
  readonly variables: readonly Variable[];
  /** The teacher factor: the encoder's output for a map [batch, H, W, m]. */
  encode(x: Tensor): Tensor;
  decode(factor: Tensor): Tensor;
  /** The reconstruction loss of one batch of teacher maps (element mean). */
  reconstructionLoss(x: Tensor): Scalar;
  dispose(): void;
}

export function createParaphraser(tf: Tf, options: ParaphraserOptions): Paraphraser {
  const m = options.channels;
  const rate = options.rate ?? 0.5;
  if (!Number.isInteger(m) || m < 1) throw new Error(`channels: expected a positive integer, got ${m}`);
  if (!(rate > 0)) throw new Error(`rate: expected a positive number, got ${rate}`);
  const mp = Math.max(1, Math.round(m * rate));
  const reconstruction = options.reconstruction ?? "l1";
  const seed = options.seed ?? 0;
  const encoder: Conv[] = [conv(tf, m, m, seed + 1), conv(tf, m, mp, seed + 2), conv(tf, mp, mp, seed + 3)];
  const decoder: Conv[] = [
    conv(tf, mp, mp, seed + 4, { transposed: true }),
    conv(tf, mp, m, seed + 5, { transposed: true }),
    conv(tf, m, m, seed + 6, { transposed: true }),
  ];
  const variables = [...convVariables(encoder), ...convVariables(decoder)];
  const encode = (x: Tensor) => leakyStack(tf, encoder, x);
  const decode = (f: Tensor) => {
    let h = f;
    for (const layer of decoder) h = tf.leakyRelu(applyConv(tf, layer, h), LEAKY_SLOPE);
    return h;
  };
  return {
    channels: m,
    factorChannels: mp,
    rate,
    reconstruction,
    variables,
    encode,
    decode,
    reconstructionLoss: (x) =>
      tf.tidy(() => {
        const diff = tf.sub(decode(encode(x)), x);
        return tf.mean(reconstruction === "l1" ? tf.abs(diff) : tf.square(diff)) as Scalar;
      }),
    dispose: () => {
      for (const v of variables) v.dispose();
    },
  };
}

export interface TrainParaphraserOptions {
  readonly epochs?: number;
  readonly learningRate?: number;
  /** Called after each epoch with its mean reconstruction loss. */
  readonly onEpoch?: (epoch: number, loss: number) => void;
}

/** Default schedule of the paraphraser stage (our choice; the host records what it used). */
export const PARAPHRASER_DEFAULTS = { epochs: 10, learningRate: 1e-3 } as const;

/**
 * Trains the paraphraser with Adam on batches of the frozen teacher's maps (`batches()` yields [batch, H, W, m]
 * tensors the caller owns) and returns the mean loss of each epoch. Only the paraphraser's variables change.
 */
export async function trainParaphraser(
  tf: Tf,
  paraphraser: Paraphraser,
  batches: () => Iterable<Tensor> | AsyncIterable<Tensor>,
  options: TrainParaphraserOptions = {},
): Promise<number[]> {
  const epochs = options.epochs ?? PARAPHRASER_DEFAULTS.epochs;
  const optimizer = tf.train.adam(options.learningRate ?? PARAPHRASER_DEFAULTS.learningRate);
  const vars = [...paraphraser.variables];
  const history: number[] = [];
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      let sum = 0;
      let count = 0;
      for await (const x of batches()) {
        const cost = optimizer.minimize(() => paraphraser.reconstructionLoss(x), true, vars);
        sum += (await cost!.data())[0];
        cost!.dispose();
        count++;
      }
      const mean = count > 0 ? sum / count : Number.NaN;
      history.push(mean);
      options.onEpoch?.(epoch, mean);
    }
  } finally {
    optimizer.dispose();
  }
  return history;
}
