// One optimiser step of a conv net on a batch (cross-entropy, plus an optional extra loss on the forward's taps,
// e.g. a distillation term with its own trainable modules), and an exact checkpoint of everything a resumed run
// needs: weights, the extra modules, and the optimiser's step count and slots, all as float32 bytes.
import type { Scalar, Tensor, Tf, Variable } from "@pupil/plugin";
import { type OptimizerSpec, type ResolvedOptimizer, resolveOptimizer } from "../optimizer.js";
import { TfOptimizer } from "../tf/optim.js";
import type { ConvForward, ConvNet } from "./net.js";
import {
  type ConvParamJson,
  convParamsFromJson,
  convParamsToJson,
  f32FromBase64,
  f32ToBase64,
} from "./params.js";

export interface ConvTrainerOptions {
  readonly tf: Tf;
  readonly net: ConvNet;
  /** gd/sgd (with optional momentum) or adam; `batchSize` is the caller's business here. */
  readonly optimizer: OptimizerSpec;
  /** Extra trainable variables (a loss's regressor or translator), updated by the same optimiser. */
  readonly extraVariables?: readonly Variable[];
}

export interface ConvStepOptions {
  /** Learning rate of this step (default optimizer.lr), so a schedule stays the caller's. */
  readonly lr?: number;
  /** Taps the extra loss reads. */
  readonly taps?: readonly string[];
  /** Added to the cross-entropy; gets the forward pass (logits and taps). */
  readonly extraLoss?: (forward: ConvForward) => Scalar;
}

/** JSON-safe and exact: every float is a float32 in base64 (see f32ToBase64). */
export interface ConvTrainerState {
  format: "pupil-conv-trainer/1";
  step: number;
  params: ConvParamJson[];
  extra: string[];
  optimizer: { type: ResolvedOptimizer["type"]; t: number; first: string[]; second: string[] };
}

export class ConvTrainer {
  readonly net: ConvNet;
  private readonly tf: Tf;
  private readonly opt: TfOptimizer;
  private readonly resolved: ResolvedOptimizer;
  private readonly vars: Variable[];
  private readonly extra: Variable[];
  private steps = 0;

  constructor(options: ConvTrainerOptions) {
    this.tf = options.tf;
    this.net = options.net;
    this.resolved = resolveOptimizer(options.optimizer);
    this.extra = [...(options.extraVariables ?? [])];
    this.extra.forEach((v, i) => {
      if (!v.trainable) throw new Error(`extraVariables[${i}] must be trainable`);
    });
    this.vars = [...this.net.variables, ...this.extra];
    this.opt = new TfOptimizer(this.tf, this.vars, this.resolved);
  }

  get step(): number {
    return this.steps;
  }

  /** One update on (x [B, H, W, C], integer labels [B]); returns the batch loss before the update. */
  trainStep(x: Tensor, labels: Tensor, options: ConvStepOptions = {}): number {
    const tf = this.tf;
    const lr = options.lr ?? this.resolved.lr;
    const value = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        const forward = this.net.forward(x, options.taps ?? []);
        const ce = this.net.crossEntropy(forward.logits, labels);
        return options.extraLoss ? (tf.add(ce, options.extraLoss(forward)) as Scalar) : ce;
      }, this.vars);
      this.opt.step(
        this.vars.map((v) => grads[v.name]),
        lr,
      );
      return value;
    });
    const loss = value.dataSync()[0];
    value.dispose();
    this.steps += 1;
    return loss;
  }

  getState(): ConvTrainerState {
    const o = this.opt.getState();
    return {
      format: "pupil-conv-trainer/1",
      step: this.steps,
      params: convParamsToJson(this.net.readParams()),
      extra: this.extra.map((v) => f32ToBase64(v.dataSync() as Float32Array)),
      optimizer: {
        type: this.resolved.type,
        t: o.t,
        first: o.first.map(f32ToBase64),
        second: o.second.map(f32ToBase64),
      },
    };
  }

  /** Restores a getState() value into this trainer (same spec, extra variables and optimiser type). */
  setState(state: ConvTrainerState): void {
    const tf = this.tf;
    if (state?.format !== "pupil-conv-trainer/1")
      throw new Error(`state.format must be "pupil-conv-trainer/1", got ${String(state?.format)}`);
    if (!Number.isInteger(state.step) || state.step < 0)
      throw new Error(`state.step must be a non-negative integer, got ${String(state.step)}`);
    if (state.optimizer?.type !== this.resolved.type)
      throw new Error(
        `state.optimizer.type must be "${this.resolved.type}", got ${String(state.optimizer?.type)}`,
      );
    const params = convParamsFromJson(this.net.spec, state.params);
    if (!Array.isArray(state.extra) || state.extra.length !== this.extra.length)
      throw new Error(`state.extra must hold ${this.extra.length} arrays`);
    const extra = this.extra.map((v, i) => f32FromBase64(`state.extra[${i}]`, state.extra[i], v.size));
    const slots = (field: "first" | "second", list: unknown) => {
      if (!Array.isArray(list)) throw new Error(`state.optimizer.${field} must be an array`);
      return list.map((s, k) => f32FromBase64(`state.optimizer.${field}[${k}]`, s, this.vars[k]?.size ?? 0));
    };
    const first = slots("first", state.optimizer.first);
    const second = slots("second", state.optimizer.second);
    this.opt.setState({ t: state.optimizer.t, first, second });
    this.net.assignParams(params);
    for (const [i, v] of this.extra.entries())
      tf.tidy(() => v.assign(tf.tensor(extra[i], v.shape, "float32")));
    this.steps = state.step;
  }

  dispose(): void {
    this.opt.dispose();
  }
}
