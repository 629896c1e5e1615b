// Optimiser settings shared by both routes. GD is SGD with the whole training set as one batch.
import { positiveInt, positiveNumber } from "./errors.js";

export interface OptimizerSpec {
  readonly type: "gd" | "sgd" | "adam";
  readonly lr: number;
  /** Minibatch size for sgd/adam (ignored by gd). */
  readonly batchSize?: number;
  /** Heavy-ball momentum for sgd/gd (default 0). */
  readonly momentum?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  /** Adam ε (Keras default 1e-7). */
  readonly epsilon?: number;
}

export interface ResolvedOptimizer {
  readonly type: "gd" | "sgd" | "adam";
  readonly lr: number;
  readonly momentum: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

export function resolveOptimizer(spec: OptimizerSpec): ResolvedOptimizer {
  if (spec.type !== "gd" && spec.type !== "sgd" && spec.type !== "adam") {
    throw new Error(`optimizer.type must be gd, sgd or adam, got ${String(spec.type)}`);
  }
  positiveNumber("optimizer.lr", spec.lr);
  if (spec.batchSize !== undefined) positiveInt("optimizer.batchSize", spec.batchSize);
  const momentum = spec.momentum ?? 0;
  if (!(momentum >= 0 && momentum < 1))
    throw new Error(`optimizer.momentum must be in [0, 1), got ${momentum}`);
  const beta1 = spec.beta1 ?? 0.9;
  const beta2 = spec.beta2 ?? 0.999;
  if (!(beta1 >= 0 && beta1 < 1)) throw new Error(`optimizer.beta1 must be in [0, 1), got ${beta1}`);
  if (!(beta2 >= 0 && beta2 < 1)) throw new Error(`optimizer.beta2 must be in [0, 1), got ${beta2}`);
  return {
    type: spec.type,
    lr: spec.lr,
    momentum,
    beta1,
    beta2,
    epsilon: positiveNumber("optimizer.epsilon", spec.epsilon ?? 1e-7),
  };
}
