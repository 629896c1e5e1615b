// The same optimiser updates as the Float64Array route, written with tfjs ops on the variables.
import type { Tensor, Tf, Variable } from "@pupil/plugin";
import type { ResolvedOptimizer } from "../optimizer.js";
import { variableFrom } from "./spectral.js";

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

  /** Applies one update from `grads` (same order as the variables). Does not dispose the grads. */
  step(grads: readonly Tensor[], lr: number): void {
    const tf = this.tf;
    this.t += 1;
    const { type, momentum, beta1, beta2, epsilon } = this.opt;
    tf.tidy(() => {
      this.variables.forEach((v, k) => {
        const g = grads[k];
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

  dispose(): void {
    for (const v of [...this.first, ...this.second]) v.dispose();
  }
}
