// The same optimiser updates as the Float64Array route, written with tfjs ops on the variables.
import type { Tensor, Tf, Variable } from "@pupil/plugin";
import type { ResolvedOptimizer } from "../optimizer.js";
import { variableFrom } from "./spectral.js";

export interface TfOptimizerState {
  t: number;
  first: Float32Array[];
  second: Float32Array[];
}

export class TfOptimizer {
  private readonly first: Variable[];
  private readonly second: Variable[];
  private t = 0;

  constructor(
    private readonly tf: Tf,
    private readonly variables: readonly Variable[],
    private readonly opt: ResolvedOptimizer,
  ) {
    const needFirst = opt.type === "adam" || opt.momentum > 0;
    this.first = needFirst ? variables.map((v) => variableFrom(tf, tf.zerosLike(v), false)) : [];
    this.second = opt.type === "adam" ? variables.map((v) => variableFrom(tf, tf.zerosLike(v), false)) : [];
  }

  /** Applies one update from `grads` (same order as the variables; a missing grad skips its variable). Does not dispose the grads. */
  step(grads: readonly (Tensor | undefined)[], lr: number): void {
    const tf = this.tf;
    this.t += 1;
    const { type, momentum, beta1, beta2, epsilon } = this.opt;
    tf.tidy(() => {
      this.variables.forEach((v, k) => {
        const g = grads[k];
        if (!g) return; // a variable the loss did not reach this step: left as it is, slots included
        if (type === "adam") {
          const lrT = (lr * Math.sqrt(1 - beta2 ** this.t)) / (1 - beta1 ** this.t);
          const m = tf.add(tf.mul(beta1, this.first[k]), tf.mul(1 - beta1, g));
          const s = tf.add(tf.mul(beta2, this.second[k]), tf.mul(1 - beta2, tf.square(g)));
          this.first[k].assign(m);
          this.second[k].assign(s);
          v.assign(tf.sub(v, tf.div(tf.mul(lrT, m), tf.add(tf.sqrt(s), epsilon))));
        } else if (momentum > 0) {
          const m = tf.add(tf.mul(momentum, this.first[k]), g);
          this.first[k].assign(m);
          v.assign(tf.sub(v, tf.mul(lr, m)));
        } else {
          v.assign(tf.sub(v, tf.mul(lr, g)));
        }
      });
    });
  }

  /** Step count and slot values (first moments / momentum, Adam's second moments), copied from the device. */
  getState(): TfOptimizerState {
    const read = (v: Variable) => Float32Array.from(v.dataSync() as Float32Array);
    return { t: this.t, first: this.first.map(read), second: this.second.map(read) };
  }

  /** Restores getState()'s values exactly (float32 in, float32 out). */
  setState(state: TfOptimizerState): void {
    const tf = this.tf;
    if (!Number.isInteger(state?.t) || state.t < 0)
      throw new Error(`optimizer.t must be a non-negative integer, got ${String(state?.t)}`);
    const put = (field: string, slots: Variable[], values: readonly Float32Array[]) => {
      if (!Array.isArray(values) || values.length !== slots.length)
        throw new Error(`optimizer.${field} must hold ${slots.length} arrays`);
      slots.forEach((v, k) => {
        if (values[k]?.length !== v.size)
          throw new Error(`optimizer.${field}[${k}] must have ${v.size} values`);
        tf.tidy(() => v.assign(tf.tensor(values[k], v.shape, "float32")));
      });
    };
    put("first", this.first, state.first);
    put("second", this.second, state.second);
    this.t = state.t;
  }

  dispose(): void {
    for (const v of [...this.first, ...this.second]) v.dispose();
  }
}
