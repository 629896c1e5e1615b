// SpectralDense on tfjs: W = φΛ_in − Λ_out φ, i.e. W_ij = φ_ij (λ^in_j − λ^out_i) (Giambagli et al. 2023).
// λ_out,i scales every incoming weight of node i, so a 0 in maskOut removes node i exactly.
import type { DenseWeights, Scalar, Tensor, Tf, Variable } from "@pupil/plugin";
import { lengthIs, nonNegative, positiveInt } from "../errors.js";

/** A variable initialised from `initial`, which is then released (tf.variable keeps its own reference). */
export function variableFrom(tf: Tf, initial: Tensor, trainable: boolean): Variable {
  const v = tf.variable(initial, trainable);
  initial.dispose();
  return v;
}

export interface SpectralDenseOptions {
  readonly tf: Tf;
  readonly inputs: number;
  readonly units: number;
  /** units × inputs, row-major (rows = output nodes). */
  readonly phi: ArrayLike<number>;
  readonly lambdaIn: ArrayLike<number>;
  readonly lambdaOut: ArrayLike<number>;
  readonly trainable?: { readonly phi?: boolean; readonly lambdaIn?: boolean; readonly lambdaOut?: boolean };
  readonly maskIn?: ArrayLike<number>;
  readonly maskOut?: ArrayLike<number>;
  readonly l2Phi?: number;
  readonly l2Lambda?: number;
}

export class SpectralDense {
  readonly inputs: number;
  readonly units: number;
  readonly phi: Variable;
  readonly lambdaIn: Variable;
  readonly lambdaOut: Variable;
  readonly l2Phi: number;
  readonly l2Lambda: number;
  private readonly tf: Tf;
  private maskIn: Tensor | null = null;
  private maskOut: Tensor | null = null;

  constructor(o: SpectralDenseOptions) {
    const tf = o.tf;
    this.tf = tf;
    this.inputs = positiveInt("inputs", o.inputs);
    this.units = positiveInt("units", o.units);
    lengthIs("phi", o.phi, this.units * this.inputs);
    lengthIs("lambdaIn", o.lambdaIn, this.inputs);
    lengthIs("lambdaOut", o.lambdaOut, this.units);
    this.l2Phi = nonNegative("l2Phi", o.l2Phi ?? 0);
    this.l2Lambda = nonNegative("l2Lambda", o.l2Lambda ?? 0);
    const t = o.trainable ?? {};
    this.phi = variableFrom(
      tf,
      tf.tensor2d(Float32Array.from(o.phi), [this.units, this.inputs]),
      t.phi !== false,
    );
    this.lambdaIn = variableFrom(tf, tf.tensor1d(Float32Array.from(o.lambdaIn)), t.lambdaIn === true);
    this.lambdaOut = variableFrom(tf, tf.tensor1d(Float32Array.from(o.lambdaOut)), t.lambdaOut !== false);
    if (o.maskIn) this.setMaskIn(o.maskIn);
    if (o.maskOut) this.setMaskOut(o.maskOut);
  }

  setMaskIn(mask: ArrayLike<number> | null): void {
    if (mask) lengthIs("maskIn", mask, this.inputs);
    this.maskIn?.dispose();
    this.maskIn = mask ? this.tf.keep(this.tf.tensor1d(Float32Array.from(mask))) : null;
  }

  setMaskOut(mask: ArrayLike<number> | null): void {
    if (mask) lengthIs("maskOut", mask, this.units);
    this.maskOut?.dispose();
    this.maskOut = mask ? this.tf.keep(this.tf.tensor1d(Float32Array.from(mask))) : null;
  }

  get trainableVariables(): Variable[] {
    return [this.phi, this.lambdaIn, this.lambdaOut].filter((v) => v.trainable);
  }

  /** The effective kernel W (units × inputs). Call inside tf.tidy. */
  kernel(): Tensor {
    const tf = this.tf;
    const lIn = this.maskIn ? tf.mul(this.lambdaIn, this.maskIn) : this.lambdaIn;
    const lOut = this.maskOut ? tf.mul(this.lambdaOut, this.maskOut) : this.lambdaOut;
    const diff = tf.sub(tf.reshape(lIn, [1, this.inputs]), tf.reshape(lOut, [this.units, 1]));
    return tf.mul(this.phi, diff);
  }

  /** x [batch, inputs] → x Wᵀ [batch, units] (no bias: the paper's layer has none). Call inside tf.tidy. */
  apply(x: Tensor): Tensor {
    return this.tf.matMul(x, this.kernel(), false, true);
  }

  /** l2Phi·Σφ² + l2Lambda·(Σλ_in² + Σλ_out²) over the trainable ones. Call inside tf.tidy. */
  penalty(): Scalar {
    const tf = this.tf;
    let total: Scalar = tf.scalar(0);
    if (this.phi.trainable && this.l2Phi > 0)
      total = tf.add(total, tf.mul(this.l2Phi, tf.sum(tf.square(this.phi))));
    for (const v of [this.lambdaIn, this.lambdaOut]) {
      if (v.trainable && this.l2Lambda > 0)
        total = tf.add(total, tf.mul(this.l2Lambda, tf.sum(tf.square(v))));
    }
    return total;
  }

  /** The effective dense weights (rows = units), masks applied. */
  toDense(): DenseWeights {
    const w = this.tf.tidy(() => this.kernel());
    const data = Float64Array.from(w.dataSync());
    w.dispose();
    return { rows: this.units, cols: this.inputs, data };
  }

  dispose(): void {
    this.phi.dispose();
    this.lambdaIn.dispose();
    this.lambdaOut.dispose();
    this.setMaskIn(null);
    this.setMaskOut(null);
  }
}
