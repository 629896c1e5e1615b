// Optimiser updates on Float64Array parameter groups, in place, allocation-free per step.
import type { ResolvedOptimizer } from "../optimizer.js";
import type { ParamGroup } from "./net.js";

export interface F64OptimizerState {
  t: number;
  first: number[][];
  second: number[][];
}

export class F64Optimizer {
  private readonly first: Float64Array[];
  private readonly second: Float64Array[];
  private t = 0;

  constructor(
    private readonly groups: readonly ParamGroup[],
    private readonly opt: ResolvedOptimizer,
  ) {
    this.first = groups.map((g) => new Float64Array(g.trainable ? g.value.length : 0));
    this.second = groups.map(
      (g) => new Float64Array(g.trainable && opt.type === "adam" ? g.value.length : 0),
    );
  }

  /** Step count t and the moment buffers (Adam m and v; momentum uses m), as plain number arrays. */
  getState(): F64OptimizerState {
    return {
      t: this.t,
      first: this.first.map((a) => Array.from(a)),
      second: this.second.map((a) => Array.from(a)),
    };
  }

  /** Restores getState()'s output (same groups and optimiser type). */
  setState(state: F64OptimizerState): void {
    if (!state || !Number.isInteger(state.t) || state.t < 0)
      throw new Error(`optimizer state.t must be a non-negative integer, got ${String(state?.t)}`);
    const fill = (field: "first" | "second", into: Float64Array[]) => {
      const arrays = state[field];
      if (!Array.isArray(arrays) || arrays.length !== into.length)
        throw new Error(`optimizer state.${field} must hold ${into.length} arrays`);
      into.forEach((buf, k) => {
        if (!Array.isArray(arrays[k]) || arrays[k].length !== buf.length)
          throw new Error(`optimizer state.${field}[${k}] must have ${buf.length} entries`);
        buf.set(arrays[k]);
      });
    };
    fill("first", this.first);
    fill("second", this.second);
    this.t = state.t;
  }

  /** One update with learning rate `lr` from the groups' current gradients. */
  step(lr: number): void {
    this.t += 1;
    const { type, momentum, beta1, beta2, epsilon } = this.opt;
    // Adam as in Keras: lr_t = lr·√(1−β2^t)/(1−β1^t), θ −= lr_t·m/(√v + ε). (tf.train.adam adds ε to the
    // bias-corrected √v̂ instead; the two differ by O(ε) per step.)
    const lrT = type === "adam" ? (lr * Math.sqrt(1 - beta2 ** this.t)) / (1 - beta1 ** this.t) : lr;
    this.groups.forEach((g, k) => {
      if (!g.trainable) return;
      const { value, grad } = g;
      const m = this.first[k];
      if (type === "adam") {
        const v = this.second[k];
        for (let i = 0; i < value.length; i++) {
          const gi = grad[i];
          m[i] = beta1 * m[i] + (1 - beta1) * gi;
          v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
          value[i] -= (lrT * m[i]) / (Math.sqrt(v[i]) + epsilon);
        }
      } else if (momentum > 0) {
        for (let i = 0; i < value.length; i++) {
          m[i] = momentum * m[i] + grad[i];
          value[i] -= lr * m[i];
        }
      } else {
        for (let i = 0; i < value.length; i++) value[i] -= lr * grad[i];
      }
    });
  }
}
