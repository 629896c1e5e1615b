// One optimiser over a list of variables and its exact checkpoint: the student (or the teacher) with the loss's
// own trainable modules, or a loss pre-stage's modules alone. The objective is the caller's (plain
// cross-entropy or the distillation loss), so a zero distillation weight is plain training, bit for bit.
import { f32FromBase64, f32ToBase64, resolveOptimizer, TfOptimizer } from "@pupil/models";
import type { Scalar, Tf, Variable } from "@pupil/plugin";

export interface OptimizerConfig {
  readonly type: "adam" | "sgd";
  readonly lr: number;
  readonly momentum?: number;
}

/** JSON-safe and exact: variable values and optimiser slots as float32 bytes (base64). */
export interface VariablesTrainerState {
  t: number;
  values: string[];
  first: string[];
  second: string[];
}

export interface StepResult {
  /** The objective before the update. */
  readonly loss: number;
  /** The cross-entropy part of it, when the objective reports one. */
  readonly ce?: number;
}

export class VariablesTrainer {
  readonly #tf: Tf;
  readonly #vars: readonly Variable[];
  readonly #opt: TfOptimizer;
  readonly #lr: number;

  constructor(tf: Tf, vars: readonly Variable[], optimizer: OptimizerConfig) {
    this.#tf = tf;
    this.#vars = vars;
    this.#lr = optimizer.lr;
    this.#opt = new TfOptimizer(
      tf,
      vars,
      resolveOptimizer({ type: optimizer.type, lr: optimizer.lr, momentum: optimizer.momentum ?? 0 }),
    );
  }

  /**
   * One update. `objective` builds the scalar to minimise (inside the gradient tape) and may report a second
   * scalar (`ce`) computed from the same forward pass; it adds no gradient.
   */
  step(objective: () => { loss: Scalar; ce?: Scalar }): StepResult {
    const tf = this.#tf;
    let ce: Scalar | undefined;
    const value = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        const out = objective();
        if (out.ce && out.ce !== out.loss) ce = tf.keep(out.ce);
        return out.loss;
      }, this.#vars as Variable[]);
      this.#opt.step(
        this.#vars.map((v) => grads[v.name]),
        this.#lr,
      );
      return value;
    });
    const loss = value.dataSync()[0];
    value.dispose();
    let ceValue: number | undefined;
    if (ce) {
      ceValue = ce.dataSync()[0];
      ce.dispose();
    }
    return { loss, ce: ceValue };
  }

  getState(): VariablesTrainerState {
    const o = this.#opt.getState();
    return {
      t: o.t,
      values: this.#vars.map((v) => f32ToBase64(v.dataSync() as Float32Array)),
      first: o.first.map(f32ToBase64),
      second: o.second.map(f32ToBase64),
    };
  }

  setState(state: VariablesTrainerState, field: string): void {
    const tf = this.#tf;
    if (!state || !Array.isArray(state.values) || state.values.length !== this.#vars.length)
      throw new Error(`${field}.values must hold ${this.#vars.length} arrays`);
    const values = this.#vars.map((v, i) => f32FromBase64(`${field}.values[${i}]`, state.values[i], v.size));
    const slots = (name: "first" | "second") =>
      (Array.isArray(state[name]) ? state[name] : []).map((s, k) =>
        f32FromBase64(`${field}.${name}[${k}]`, s, this.#vars[k]?.size ?? 0),
      );
    this.#opt.setState({ t: state.t, first: slots("first"), second: slots("second") });
    assignValues(tf, this.#vars, values);
  }

  dispose(): void {
    this.#opt.dispose();
  }
}

export function assignValues(tf: Tf, vars: readonly Variable[], values: readonly Float32Array[]): void {
  vars.forEach((v, i) => {
    tf.tidy(() => v.assign(tf.tensor(values[i], v.shape, "float32")));
  });
}

export function readValues(vars: readonly Variable[]): string[] {
  return vars.map((v) => f32ToBase64(v.dataSync() as Float32Array));
}

export function decodeValues(vars: readonly Variable[], values: unknown, field: string): Float32Array[] {
  if (!Array.isArray(values) || values.length !== vars.length)
    throw new Error(`${field} must hold ${vars.length} arrays`);
  return vars.map((v, i) => f32FromBase64(`${field}[${i}]`, values[i], v.size));
}
