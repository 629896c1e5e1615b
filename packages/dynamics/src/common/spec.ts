// The committee-machine setting shared by the simulator (src/sim) and the ODEs (src/ode).
import type { ActivationPlugin } from "@pupil/plugin";

/**
 * A two-layer committee machine learning from a teacher committee by one-pass SGD (docs/math.md §1).
 *
 * Conventions (the simulator and the ODEs follow the same ones):
 * - student ŷ = Σ_j a_j g(λ_j), teacher y = Σ_r b_r g*(ν_r) (+ σξ label noise, ξ ~ N(0,1)); ℓ = ½(ŷ − y)².
 * - SGD step with the effective rate η_eff = effectiveLr(spec), B fresh samples averaged per step:
 *   w_j ← (1 − η_eff κ/N) w_j − (η_eff/√N)·(1/B) Σ_b (∂ℓ/∂λ_j)_b x_b   (κ = weightDecay),
 *   and with a trained second layer a_j ← a_j − (η2/N)·(1/B) Σ_b (∂ℓ/∂a_j)_b.
 * - Time α = steps/N. In the ODE the O(η²) term is divided by B and dropped when noiseTerm is false.
 */
export interface CommitteeSpec {
  /** Input dimension N (≥ 1). */
  N: number;
  /** Student width p (≥ 1). */
  p: number;
  /** Teacher width p* (≥ 1). */
  pStar: number;
  /** Student activation g. */
  activation: ActivationPlugin;
  /** Teacher activation g* (may differ from g). */
  teacherActivation: ActivationPlugin;
  /** Student second layer a (length p); the initial value when it is trained. */
  a: Float64Array;
  /** Teacher second layer b (length p*). */
  b: Float64Array;
  /** Learning rate η (> 0). */
  lr: number;
  /** "eta": η_eff = η; "eta*p": η_eff = η·p (undoes a = 1/p in the gradient). */
  lrScaling: "eta" | "eta*p";
  /** η2, the second layer's rate; undefined keeps the second layer fixed. */
  secondLayerLr?: number;
  /** Label-noise standard deviation σ (≥ 0). */
  labelNoise: number;
  /** Weight decay κ (≥ 0). */
  weightDecay: number;
  /** Minibatch size B (integer ≥ 1). */
  batch: number;
  /** Keep the O(η²) term of the ODE (false: the gradient-flow limit). */
  noiseTerm: boolean;
}

/** η_eff: the rate that multiplies the gradient (docs/math.md §1, configurable scaling). */
export function effectiveLr(spec: Pick<CommitteeSpec, "lr" | "lrScaling" | "p">): number {
  return spec.lrScaling === "eta*p" ? spec.lr * spec.p : spec.lr;
}

function positiveInteger(value: unknown, field: string): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new Error(`${field}: expected an integer ≥ 1, got ${String(value)}`);
  }
}

function nonNegative(value: unknown, field: string): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new Error(`${field}: expected a finite number ≥ 0, got ${String(value)}`);
  }
}

function activationCheck(value: unknown, field: string): void {
  const act = value as Partial<ActivationPlugin> | undefined;
  if (act?.kind !== "activation" || typeof act.f !== "function" || typeof act.df !== "function") {
    throw new Error(`${field}: expected an activation plugin (kind "activation" with f and df)`);
  }
}

function vectorCheck(value: unknown, length: number, field: string): void {
  if (!(value instanceof Float64Array)) {
    throw new Error(`${field}: expected a Float64Array of length ${length} (see resolveSecondLayer)`);
  }
  if (value.length !== length) {
    throw new Error(`${field}: expected length ${length}, got ${value.length}`);
  }
  for (let i = 0; i < length; i++) {
    if (!Number.isFinite(value[i]))
      throw new Error(`${field}[${i}]: expected a finite number, got ${value[i]}`);
  }
}

/** Throws an Error naming the first bad field (spec.p, spec.lr, spec.a, ...). Returns the spec. */
export function validateCommitteeSpec(spec: CommitteeSpec): CommitteeSpec {
  if (spec === null || typeof spec !== "object") throw new Error("spec: expected an object");
  positiveInteger(spec.N, "spec.N");
  positiveInteger(spec.p, "spec.p");
  positiveInteger(spec.pStar, "spec.pStar");
  activationCheck(spec.activation, "spec.activation");
  activationCheck(spec.teacherActivation, "spec.teacherActivation");
  vectorCheck(spec.a, spec.p, "spec.a");
  vectorCheck(spec.b, spec.pStar, "spec.b");
  if (typeof spec.lr !== "number" || !Number.isFinite(spec.lr) || spec.lr <= 0) {
    throw new Error(`spec.lr: expected a learning rate η > 0, got ${String(spec.lr)}`);
  }
  if (spec.lrScaling !== "eta" && spec.lrScaling !== "eta*p") {
    throw new Error(`spec.lrScaling: expected "eta" or "eta*p", got ${JSON.stringify(spec.lrScaling)}`);
  }
  if (spec.secondLayerLr !== undefined) {
    if (!Number.isFinite(spec.secondLayerLr) || spec.secondLayerLr <= 0) {
      throw new Error(
        `spec.secondLayerLr: expected η2 > 0 (or undefined for a fixed second layer), got ${String(spec.secondLayerLr)}`,
      );
    }
  }
  nonNegative(spec.labelNoise, "spec.labelNoise");
  nonNegative(spec.weightDecay, "spec.weightDecay");
  positiveInteger(spec.batch, "spec.batch");
  if (typeof spec.noiseTerm !== "boolean") {
    throw new Error(`spec.noiseTerm: expected a boolean, got ${String(spec.noiseTerm)}`);
  }
  return spec;
}
