// Building blocks every distillation loss and its host share, on the injected tf. One cross-entropy for the
// plain route and the losses' CE term, so "the distillation weight is 0" and "plain training" are the same
// floats, bit for bit.
import type { Scalar, Tensor, Tf } from "./types.js";

/** CE(y, z) = mean over the batch of −Σ_k y_k log softmax(z)_k; logits and one-hot labels [batch, classes]. */
export function crossEntropy(tf: Tf, logits: Tensor, labels: Tensor): Scalar {
  return tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(labels, tf.logSoftmax(logits)), -1))) as Scalar);
}

/**
 * x in the forward pass, a zero gradient in the backward one (tfjs has no stop_gradient op): what a loss puts
 * on the teacher's side so that no gradient reaches the teacher, whatever the host differentiates.
 */
export function stopGradient<T extends Tensor>(tf: Tf, x: T): T {
  const blocked = tf.customGrad(((input: Tensor) => ({
    value: tf.clone(input),
    gradFunc: (dy: Tensor) => tf.zerosLike(dy),
  })) as Parameters<Tf["customGrad"]>[0]);
  return blocked(x) as T;
}
