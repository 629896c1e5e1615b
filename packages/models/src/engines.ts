// The two training engines behind the Trainer: one optimiser step on a batch of row indices, and evaluation.
import type { Tensor, Tf } from "@pupil/plugin";
import { F64Net } from "./f64/net.js";
import { F64Optimizer, type F64OptimizerState } from "./f64/optim.js";
import type { ResolvedOptimizer } from "./optimizer.js";
import type { Route } from "./route.js";
import { cloneParams, type NetParams, type NetSpec, outputDim } from "./spec.js";
import { TfNet } from "./tf/net.js";
import { TfOptimizer } from "./tf/optim.js";

export interface Dataset {
  /** n × inputDim, row-major. */
  readonly x: Float64Array;
  /** n × outputs, row-major. */
  readonly y: Float64Array;
}

export interface Engine {
  readonly route: Route;
  /** One optimiser step on rows order[start .. start+B). */
  trainBatch(order: Int32Array, start: number, B: number, lr: number): void;
  mse(data: Dataset): number;
  params(): NetParams;
  dispose(): void;
}

export class F64Engine implements Engine {
  readonly route = "f64" as const;
  readonly net: F64Net;
  private readonly opt: F64Optimizer;
  private readonly xb: Float64Array;
  private readonly yb: Float64Array;

  constructor(spec: NetSpec, params: NetParams, opt: ResolvedOptimizer, maxBatch: number) {
    this.net = new F64Net(spec, cloneParams(params), maxBatch);
    this.opt = new F64Optimizer(this.net.groups, opt);
    this.xb = new Float64Array(maxBatch * spec.inputDim);
    this.yb = new Float64Array(maxBatch * outputDim(spec));
  }

  private train: Dataset | null = null;
  bind(train: Dataset): this {
    this.train = train;
    return this;
  }

  trainBatch(order: Int32Array, start: number, B: number, lr: number): void {
    const data = this.train as Dataset;
    const d = this.net.spec.inputDim;
    const o = outputDim(this.net.spec);
    for (let s = 0; s < B; s++) {
      const row = order[start + s];
      for (let j = 0; j < d; j++) this.xb[s * d + j] = data.x[row * d + j];
      for (let j = 0; j < o; j++) this.yb[s * o + j] = data.y[row * o + j];
    }
    this.net.lossAndGrad(this.xb, this.yb, B);
    this.opt.step(lr);
  }

  optimizerState(): F64OptimizerState {
    return this.opt.getState();
  }

  restoreOptimizer(state: F64OptimizerState): void {
    this.opt.setState(state);
  }

  mse(data: Dataset): number {
    return this.net.evaluateMse(data.x, data.y, data.y.length / outputDim(this.net.spec));
  }

  params(): NetParams {
    return cloneParams(this.net.params);
  }

  dispose(): void {}
}

export class TfEngine implements Engine {
  readonly route = "tfjs" as const;
  readonly net: TfNet;
  private readonly opt: TfOptimizer;
  private readonly tf: Tf;
  private xAll: Tensor | null = null;
  private yAll: Tensor | null = null;

  constructor(tf: Tf, spec: NetSpec, params: NetParams, opt: ResolvedOptimizer) {
    this.tf = tf;
    this.net = new TfNet(tf, spec, params);
    this.opt = new TfOptimizer(tf, this.net.trainableVariables, opt);
  }

  bind(train: Dataset): this {
    const tf = this.tf;
    const d = this.net.spec.inputDim;
    const o = outputDim(this.net.spec);
    this.xAll = tf.tensor2d(Float32Array.from(train.x), [train.x.length / d, d]);
    this.yAll = tf.tensor2d(Float32Array.from(train.y), [train.y.length / o, o]);
    return this;
  }

  trainBatch(order: Int32Array, start: number, B: number, lr: number): void {
    const tf = this.tf;
    const vars = this.net.trainableVariables;
    tf.tidy(() => {
      const idx = tf.tensor1d(order.subarray(start, start + B), "int32");
      const xb = tf.gather(this.xAll as Tensor, idx);
      const yb = tf.gather(this.yAll as Tensor, idx);
      const { grads } = tf.variableGrads(() => tf.add(this.net.mse(xb, yb), this.net.penalty()), vars);
      this.opt.step(
        vars.map((v) => grads[v.name]),
        lr,
      );
    });
  }

  /** Adam/momentum slots and step count, float32 values as plain numbers (exact through JSON). */
  optimizerState(): F64OptimizerState {
    const s = this.opt.getState();
    return { t: s.t, first: s.first.map((a) => Array.from(a)), second: s.second.map((a) => Array.from(a)) };
  }

  restoreOptimizer(state: F64OptimizerState): void {
    const list = (field: string, v: unknown) => {
      if (!Array.isArray(v)) throw new Error(`optimizer state.${field} must be an array`);
      return v.map((a) => Float32Array.from(a as number[]));
    };
    this.opt.setState({
      t: state?.t,
      first: list("first", state?.first),
      second: list("second", state?.second),
    });
  }

  mse(data: Dataset): number {
    const tf = this.tf;
    const d = this.net.spec.inputDim;
    const o = outputDim(this.net.spec);
    const value = tf.tidy(() => {
      const x = tf.tensor2d(Float32Array.from(data.x), [data.x.length / d, d]);
      const y = tf.tensor2d(Float32Array.from(data.y), [data.y.length / o, o]);
      return this.net.mse(x, y);
    });
    const out = value.dataSync()[0];
    value.dispose();
    return out;
  }

  params(): NetParams {
    return this.net.readParams();
  }

  dispose(): void {
    this.net.dispose();
    this.opt.dispose();
    this.xAll?.dispose();
    this.yAll?.dispose();
  }
}
