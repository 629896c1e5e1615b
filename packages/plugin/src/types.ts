// The plugin contract. Types only: no runtime import of tfjs here, the host injects its own tf.

import type { Rng } from "@pupil/tensors";
import type * as tfc from "@tensorflow/tfjs-core";
import type { Snapshot } from "./snapshot.js";

/** The host's tfjs namespace (`@tensorflow/tfjs` or `@tensorflow/tfjs-core`), injected into plugins. */
export type Tf = typeof tfc;
export type Tensor = tfc.Tensor;
export type Scalar = tfc.Scalar;
export type Variable = tfc.Variable;

/** Version of this contract. A plugin whose `apiVersion` differs is refused by the registry. */
export const PLUGIN_API_VERSION = 1;

export type PluginKind = "activation" | "teacher" | "loss" | "metric";

export interface PluginBase<K extends PluginKind> {
  readonly kind: K;
  /** Built-ins use a bare name ("erf"); third parties use "owner/name". */
  readonly id: string;
  readonly apiVersion: number;
  readonly title?: string;
  readonly doc?: string;
  /** Declared parameters: a config's `params` for this plugin are checked against them (unknown keys refused). */
  readonly params?: Readonly<Record<string, ParamSpec>>;
}

/**
 * A symmetric covariance matrix C (row-major n×n). Integrals take C plus indices into it, so an ODE can
 * pass its whole (p+p*)×(p+p*) overlap matrix Ω without copying blocks out (I2(a,b), I4(i,k,a,b)).
 */
export interface Covariance {
  readonly n: number;
  readonly data: ArrayLike<number>;
}

/** Gaussian integrals of an activation g with u ~ N(0, C). Indices may repeat. */
export interface GaussianIntegrals {
  /** I2(a,b) = E[g(u_a) g(u_b)] */
  I2(C: Covariance, a: number, b: number): number;
  /** J2(a,b) = E[g'(u_a) g'(u_b)] */
  J2(C: Covariance, a: number, b: number): number;
  /** I3(i,b,c) = E[g'(u_i) u_b g(u_c)] */
  I3(C: Covariance, i: number, b: number, c: number): number;
  /** I4(i,k,a,b) = E[g'(u_i) g'(u_k) g(u_a) g(u_b)] */
  I4(C: Covariance, i: number, k: number, a: number, b: number): number;
}

export interface ParamSpec {
  readonly type: "number";
  readonly default: number;
  readonly min?: number;
  readonly max?: number;
  readonly doc?: string;
}

/** Function families with dedicated closed-form routes (see ActivationPlugin.family). */
export const ACTIVATION_FAMILIES = ["quadratic", "erf"] as const;
export type ActivationFamily = (typeof ACTIVATION_FAMILIES)[number];

export interface ActivationPlugin extends PluginBase<"activation"> {
  /** g(z), scalar, for the typed-array simulator. */
  f(z: number): number;
  /** g'(z). */
  df(z: number): number;
  /** The same function as a tfjs op on the host's tf (elementwise). */
  tf(tf: Tf, x: Tensor): Tensor;
  /** Closed forms, each optional on its own; missing ones fall back to quadrature (resolveIntegrals). */
  readonly integrals?: Partial<GaussianIntegrals>;
  /** even: g(-z) = g(z) (M = 0 is invariant); odd: g(-z) = -g(z). */
  readonly parity?: "even" | "odd" | "none";
  /**
   * A capability: g belongs to a family with a dedicated closed-form ODE route in dynamics ("quadratic":
   * g(z) = z², "erf": g(z) = erf(z/√2)). Hosts choose the route from this declaration (confirmed by value),
   * never from the plugin's id, so a third-party copy of a built-in gets the same route and numbers.
   */
  readonly family?: ActivationFamily;
  /** Tunable parameters (leaky-relu's slope) are declared in `params`; `configure` returns the plugin with them set. */
  readonly values?: Readonly<Record<string, number>>;
  configure?(values: Record<string, number>): ActivationPlugin;
}

/** A dense layer: y = W x + bias, W row-major with `rows` output units and `cols` inputs. */
export interface DenseWeights {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
  readonly bias?: Float64Array;
}

/** The teacher's architecture: input size, hidden widths, output units (a committee machine: widths [p*]). */
export interface TeacherShape {
  readonly inputDim: number;
  readonly widths: readonly number[];
  readonly outputs?: number;
}

export interface TeacherWeights {
  /** layers[0] maps the input to widths[0]; a last layer to `outputs` when the shape asks for one. */
  readonly layers: readonly DenseWeights[];
  /** Anything a generator wants to record (the chosen fan-out profile, tuned biases). */
  readonly meta?: Readonly<Record<string, unknown>>;
}

export interface TeacherGenerateArgs {
  readonly shape: TeacherShape;
  readonly params: Readonly<Record<string, unknown>>;
  readonly rng: Rng;
}

export interface TeacherPlugin extends PluginBase<"teacher"> {
  /** Deterministic: the same shape, params and RNG state give the same weights. */
  generate(args: TeacherGenerateArgs): TeacherWeights;
}

export interface LossCreateArgs {
  readonly tf: Tf;
  /** Shapes of the student's and teacher's transfer features, without the batch axis ([H, W, C] or [units]). */
  readonly studentFeatureShapes: readonly (readonly number[])[];
  readonly teacherFeatureShapes: readonly (readonly number[])[];
  readonly numClasses: number;
  readonly params: Readonly<Record<string, unknown>>;
  readonly seed: number;
}

export interface LossInputs {
  readonly studentLogits: Tensor;
  readonly teacherLogits: Tensor;
  readonly studentFeatures: readonly Tensor[];
  readonly teacherFeatures: readonly Tensor[];
  /** One-hot targets [batch, classes]. */
  readonly labels: Tensor;
}

/**
 * A stage the host runs before student training, on the frozen teacher's features alone (factor transfer's
 * paraphraser, trained unsupervised). The host owns the data loop and the optimiser; the stage gives the loss.
 */
export interface LossPreStage {
  /** "paraphraser" */
  readonly name: string;
  /** The variables this stage trains; they are among the loss's frozenVariables during student training. */
  readonly trainableVariables: readonly Variable[];
  /** A scalar loss of one batch of teacher features (same order as LossInputs.teacherFeatures). */
  loss(teacherFeatures: readonly Tensor[]): Scalar;
  /** Suggested schedule (the host may override it and should record what it used). */
  readonly defaults?: { readonly epochs?: number; readonly learningRate?: number };
}

export interface LossInstance {
  /** A scalar loss; call it inside the trainer's tf.tidy / variableGrads. */
  loss(inputs: LossInputs): Scalar;
  /** Trainable modules of the loss itself (a translator, a regressor); trained with the student. */
  readonly trainableVariables: readonly Variable[];
  /**
   * Modules the loss holds but the student stage never trains (a paraphraser once its pre-stage is done): no
   * gradient of `loss` reaches them. With trainableVariables they are the loss's whole state: a checkpoint
   * stores the values of trainableVariables then frozenVariables, in order, and restores them with assign().
   */
  readonly frozenVariables?: readonly Variable[];
  /** Stages to run, in order, before student training. */
  readonly preStages?: readonly LossPreStage[];
  dispose(): void;
}

export interface DistillationLossPlugin extends PluginBase<"loss"> {
  create(args: LossCreateArgs): LossInstance;
}

export type MetricValue = number | number[] | number[][];
export type MetricOutput =
  | { readonly type: "scalar" }
  | { readonly type: "vector"; readonly length?: number }
  | { readonly type: "matrix"; readonly rows?: number; readonly cols?: number };
export type MetricView = "line" | "heatmap" | "table" | "bar" | "scatter";

/** The weights a metric may ask for: the student's and the teacher's layers. */
export interface WeightsView {
  readonly student: readonly DenseWeights[];
  readonly teacher?: readonly DenseWeights[];
}

/**
 * A level a metric declares as meaningful: drawn as a line in its views; with `event: "node-specialized"`
 * (a vector metric, one value per teacher node) hosts report each node's first crossing above `value` as
 * it happens and in the run's summary.
 */
export interface MetricThreshold {
  readonly value: number;
  readonly label?: string;
  readonly event?: "node-specialized";
}

export interface MetricPlugin extends PluginBase<"metric"> {
  readonly output: MetricOutput;
  readonly view?: MetricView;
  readonly threshold?: MetricThreshold;
  /** Human label of the value (an axis title), e.g. "ρ*_j (best match per teacher node)". */
  readonly label?: string;
  readonly needsWeights?: boolean;
  compute(snapshot: Snapshot, weights?: WeightsView): MetricValue;
}

export type Plugin = ActivationPlugin | TeacherPlugin | DistillationLossPlugin | MetricPlugin;
export type PluginOfKind<K extends PluginKind> = Extract<Plugin, { kind: K }>;

/** A named run config a pack ships (ESLint `configs` style): `pupil presets` lists it with its pack. */
export interface PackPreset {
  readonly name: string;
  /** One line for listings. */
  readonly title: string;
  readonly paper?: string;
  /** A run config as data (validated by the host like any other config). */
  readonly config: Readonly<Record<string, unknown>>;
}

/** A package's default export, ESLint style: meta plus the plugins it provides, and any presets. */
export interface PluginPack {
  readonly meta: { readonly name: string; readonly version: string };
  readonly plugins: readonly Plugin[];
  readonly presets?: readonly PackPreset[];
}
