// The tfjs route of a conv net: weights as tf.Variables, forward as a function with feature-map taps by layer
// name, softmax cross-entropy and accuracy. NHWC float32; the host's tf is injected.
import type { Scalar, Tensor, Tf, Variable } from "@pupil/plugin";
import type { Tensor1D, Tensor2D, Tensor4D } from "@tensorflow/tfjs-core";
import { type ConvParams, convParamShapes, initConvParams } from "./params.js";
import { type ConvActivation, type ConvNetSpec, convShapes, validateConvNetSpec } from "./spec.js";

export interface ConvForward {
  /** [B, classes], before the softmax. */
  readonly logits: Tensor;
  /** Requested taps: `name` is the layer's output (post-activation); `name:pre` the conv/residual sum before it. */
  readonly taps: Record<string, Tensor>;
}

type Tensor4 = Tensor4D;

export class ConvNet {
  readonly spec: ConvNetSpec;
  readonly classes: number;
  private readonly tf: Tf;
  private readonly vars = new Map<string, Variable>();
  private readonly order: string[];
  private readonly shapes: number[][];

  /** `params`: saved parameters, or a seed for initConvParams. */
  constructor(tf: Tf, spec: ConvNetSpec, params: ConvParams | { seed: number }) {
    this.classes = validateConvNetSpec(spec);
    this.tf = tf;
    this.spec = spec;
    this.shapes = convShapes(spec);
    const values = Array.isArray(params) ? params : initConvParams(spec, params.seed);
    const expected = convParamShapes(spec);
    if (values.length !== expected.length) throw new Error(`params must hold ${expected.length} tensors`);
    this.order = expected.map((e, i) => {
      const p = values[i];
      if (p.name !== e.name || p.values.length !== e.shape.reduce((a, b) => a * b, 1))
        throw new Error(`params[${i}] must be "${e.name}" of shape [${e.shape.join(", ")}]`);
      const initial = tf.tensor(p.values, e.shape, "float32");
      this.vars.set(e.name, tf.variable(initial, true));
      initial.dispose();
      return e.name;
    });
  }

  /** Trainable variables in parameter order. */
  get variables(): Variable[] {
    return this.order.map((n) => this.vars.get(n) as Variable);
  }

  /** Names a forward pass can tap: every layer, plus `name:pre` for conv and residual layers. */
  get tapNames(): string[] {
    return this.spec.layers.flatMap((L) =>
      L.kind === "conv" || L.kind === "residual" ? [L.name, `${L.name}:pre`] : [L.name],
    );
  }

  /** Output shape of a tap, per image ([h, w, c] for maps, [n] for flat layers). */
  tapShape(name: string): number[] {
    const i = this.spec.layers.findIndex((L) => L.name === name.replace(/:pre$/, ""));
    if (i < 0) throw new Error(`taps: unknown layer "${name}"`);
    return this.shapes[i];
  }

  private v(name: string): Variable {
    return this.vars.get(name) as Variable;
  }

  private conv(
    x: Tensor4,
    name: string,
    stride: number,
    activation: ConvActivation,
    pre: boolean,
    onInput = false,
  ): { out: Tensor4; pre?: Tensor4 } {
    const tf = this.tf;
    const filter = this.v(`${name}/kernel`) as unknown as Tensor4;
    const bias = this.v(`${name}/bias`);
    // While a gradient is recorded, tfjs runs a fused conv with a ReLU as three ops (conv, a broadcast bias add
    // that is slow on wasm, relu); with a linear activation it keeps conv + bias fused. So fuse the ReLU only
    // for inference, where it is free.
    // A fused conv's gradient always computes the input gradient too, which the layer on the images does not
    // need (and with one input channel is the costliest there): that layer runs unfused while recording.
    const recording =
      (tf.engine() as unknown as { state: { gradientDepth: number } }).state.gradientDepth > 0;
    if (!pre && !recording)
      return { out: tf.fused.conv2d({ x, filter, bias, strides: stride, pad: "same", activation }) };
    const z =
      recording && onInput
        ? (tf.add(tf.conv2d(x, filter, stride, "same"), bias) as Tensor4)
        : tf.fused.conv2d({ x, filter, bias, strides: stride, pad: "same" });
    const out = activation === "relu" ? tf.relu(z) : z;
    return pre ? { out, pre: z } : { out };
  }

  /** Forward pass on x [B, H, W, C]; call inside tf.tidy. */
  forward(x: Tensor, taps: readonly string[] = []): ConvForward {
    const tf = this.tf;
    const known = new Set(this.tapNames);
    for (const t of taps)
      if (!known.has(t)) throw new Error(`taps: unknown tap "${t}"; known: ${[...known].join(", ")}`);
    const wanted = new Set(taps);
    const out: Record<string, Tensor> = {};
    let h: Tensor = x;
    for (const L of this.spec.layers) {
      const pre = wanted.has(`${L.name}:pre`);
      if (L.kind === "conv") {
        const r = this.conv(h as Tensor4, L.name, L.stride ?? 1, L.activation ?? "relu", pre, h === x);
        if (r.pre) out[`${L.name}:pre`] = r.pre;
        h = r.out;
      } else if (L.kind === "residual") {
        const s = L.stride ?? 1;
        const a = this.conv(h as Tensor4, `${L.name}/conv1`, s, "relu", false).out;
        const c = this.conv(a, `${L.name}/conv2`, 1, "linear", false).out;
        const shortcut = this.vars.has(`${L.name}/shortcut/kernel`)
          ? this.conv(h as Tensor4, `${L.name}/shortcut`, s, "linear", false).out
          : h;
        const z = tf.add(c, shortcut);
        if (pre) out[`${L.name}:pre`] = z;
        h = tf.relu(z);
      } else if (L.kind === "maxpool") {
        h = tf.maxPool(h as Tensor4, L.size, L.stride ?? L.size, "valid");
      } else if (L.kind === "gap") {
        h = tf.mean(h, [1, 2]);
      } else {
        h = tf.fused.matMul({
          a: h as Tensor2D,
          b: this.v(`${L.name}/kernel`) as unknown as Tensor2D,
          bias: this.v(`${L.name}/bias`),
          activation: L.activation ?? "linear",
        });
      }
      if (wanted.has(L.name)) out[L.name] = h;
    }
    return { logits: h, taps: out };
  }

  /** Mean softmax cross-entropy of logits [B, K] against integer labels [B]. Call inside tf.tidy. */
  crossEntropy(logits: Tensor, labels: Tensor): Scalar {
    const tf = this.tf;
    const logp = tf.sub(logits, tf.logSumExp(logits, 1, true));
    const picked = tf.sum(tf.mul(tf.oneHot(tf.cast(labels, "int32") as Tensor1D, this.classes), logp), 1);
    return tf.neg(tf.mean(picked)) as Scalar;
  }

  /** Fraction of rows whose largest logit is the label. */
  accuracy(logits: Tensor, labels: Tensor): number {
    const tf = this.tf;
    const hit = tf.tidy(() =>
      tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), tf.cast(labels, "int32")), "float32")),
    );
    const value = hit.dataSync()[0];
    hit.dispose();
    return value;
  }

  /** The current parameters copied back from the device (float32, exact). */
  readParams(): ConvParams {
    return this.order.map((name) => {
      const v = this.v(name);
      return { name, shape: v.shape.slice(), values: Float32Array.from(v.dataSync() as Float32Array) };
    });
  }

  /** Overwrites every variable with `params` (same names and shapes). */
  assignParams(params: ConvParams): void {
    const tf = this.tf;
    params.forEach((p, i) => {
      if (p.name !== this.order[i])
        throw new Error(`params[${i}].name must be "${this.order[i]}", got "${p.name}"`);
      const v = this.v(p.name);
      tf.tidy(() => v.assign(tf.tensor(p.values, v.shape, "float32")));
    });
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}
