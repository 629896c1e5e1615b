// Conformance checks of a distillation loss beyond the basics: no gradient reaches the teacher or the frozen
// modules, every gradient agrees with central finite differences, the plain-CE params give the plain CE bit
// for bit, the loss's state restores into a fresh instance, pre-stages train their own variables, and the
// invariances and zeros a plugin declares hold.
import { createRng } from "@pupil/tensors";
import { crossEntropy } from "../losses.js";
import type {
  DistillationLossPlugin,
  LossInputs,
  LossInstance,
  Scalar,
  Tensor,
  Tf,
  Variable,
} from "../types.js";
import type { Outcome, Setup } from "./loss.js";
import { allFinite, create, maxAbs, withInstance } from "./loss.js";
import { errorText, fmt, type LossInputTransform, type PlannedCheck } from "./types.js";

const FLOAT32_EPSILON = 2 ** -23;

async function lossValue(tf: Tf, instance: LossInstance, inputs: LossInputs): Promise<number> {
  const value = tf.tidy(() => instance.loss(inputs));
  try {
    return (await value.data())[0];
  } finally {
    value.dispose();
  }
}

/**
 * ∂loss/∂x, zeros where the loss does not depend on x. The 0·Σx term keeps x connected: tf.grad throws for an
 * unconnected x only after its forward pass, and the tensors it saved for the backward pass then leak.
 */
export function gradientOf(tf: Tf, f: (x: Tensor) => Scalar, x: Tensor): Tensor {
  return tf.tidy(() => tf.grad((v: Tensor) => tf.add(f(v), tf.mul(tf.sum(v), 0)) as Scalar)(x));
}

function replaceInput(inputs: LossInputs, side: "student" | "teacher", k: number, x: Tensor): LossInputs {
  const logits = side === "student" ? "studentLogits" : "teacherLogits";
  const features = side === "student" ? "studentFeatures" : "teacherFeatures";
  if (k === 0) return { ...inputs, [logits]: x };
  return { ...inputs, [features]: inputs[features].map((f, m) => (m === k - 1 ? x : f)) };
}

function inputsOf(inputs: LossInputs, side: "student" | "teacher"): { label: string; x: Tensor }[] {
  const logits = side === "student" ? inputs.studentLogits : inputs.teacherLogits;
  const features = side === "student" ? inputs.studentFeatures : inputs.teacherFeatures;
  return [
    { label: `${side} logits`, x: logits },
    ...features.map((x, m) => ({ label: `${side} features[${m}]`, x })),
  ];
}

function bitsEqual(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return false;
  return true;
}

/** A seeded N(0,1) direction with unit root-mean-square, shaped like x. */
function direction(tf: Tf, shape: readonly number[], seed: string): Tensor {
  const rng = createRng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  const d = new Float32Array(size);
  let sq = 0;
  for (let i = 0; i < size; i++) {
    d[i] = rng.normal();
    sq += d[i] * d[i];
  }
  const scale = 1 / Math.sqrt(sq / size);
  for (let i = 0; i < size; i++) d[i] *= scale;
  return tf.tensor(d, [...shape]);
}

async function dot(a: Tensor, b: Tensor): Promise<number> {
  const [x, y] = [(await a.data()) as Float32Array, (await b.data()) as Float32Array];
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

async function rms(x: Tensor): Promise<number> {
  const data = (await x.data()) as Float32Array;
  let s = 0;
  for (const v of data) s += v * v;
  return Math.sqrt(s / Math.max(1, data.length));
}

interface Comparison {
  label: string;
  analytic: number;
  numeric: number;
  tolerance: number;
}

/**
 * Compares the directional derivative g·d (the analytic gradient, summed in float64) with the central
 * quotient (L(x + h d) − L(x − h d)) / 2h, h = step · max(rms(x), 0.1), d of unit rms, step 3e-4 by default.
 * The step: small enough that few units cross a kink (|·| of an L1 distance, LeakyReLU) between x ± h d —
 * factor transfer's L1 of normalised factors behind a LeakyReLU translator is off by 25% at 1e-2 and 8% at
 * 1e-3, and settles below 3e-4 — and large enough that the float32 rounding of L stays below the signal.
 * Tolerance: rtol·max(|g·d|, |quotient|) (1e-2: the O(h²) truncation and the rare kink crossing), plus the
 * rounding error of the quotient: tfjs computes in float32, and a loss that is a reduction of n ≤ 256 terms
 * carries a rounding error that grows like a random walk, ~√n·ε₃₂·|L| ≤ 16·ε₃₂·|L|, so the difference of two
 * such values divided by 2h is off by about 16·ε₃₂·(|L₊| + |L₋|)/(2h). (The worst case, n·ε₃₂, would let a
 * doubled gradient pass at this step: the kit's own test shows this bound still catches one.)
 */
function tolerance(
  analytic: number,
  numeric: number,
  lPlus: number,
  lMinus: number,
  h: number,
  rtol: number,
) {
  return (
    rtol * Math.max(Math.abs(analytic), Math.abs(numeric)) +
    (16 * FLOAT32_EPSILON * (Math.abs(lPlus) + Math.abs(lMinus))) / (2 * h)
  );
}

async function compareInput(
  tf: Tf,
  instance: LossInstance,
  inputs: LossInputs,
  k: number,
  label: string,
  x: Tensor,
  step: number,
  rtol: number,
  seed: string,
): Promise<Comparison | undefined> {
  const f = (v: Tensor) => instance.loss(replaceInput(inputs, "student", k, v));
  const g = gradientOf(tf, f, x);
  const d = direction(tf, x.shape, `${seed}|${label}`);
  try {
    const h = step * Math.max(await rms(x), 0.1);
    const analytic = await dot(g, d);
    const at = async (sign: number) => {
      const shifted = tf.tidy(() => tf.add(x, tf.mul(d, sign * h)));
      try {
        return await lossValue(tf, instance, replaceInput(inputs, "student", k, shifted));
      } finally {
        shifted.dispose();
      }
    };
    const [lPlus, lMinus] = [await at(1), await at(-1)];
    const numeric = (lPlus - lMinus) / (2 * h);
    return { label, analytic, numeric, tolerance: tolerance(analytic, numeric, lPlus, lMinus, h, rtol) };
  } finally {
    g.dispose();
    d.dispose();
  }
}

async function compareVariable(
  tf: Tf,
  evaluate: () => Scalar,
  v: Variable,
  label: string,
  grads: Record<string, Tensor>,
  step: number,
  rtol: number,
  seed: string,
): Promise<Comparison | undefined> {
  const g = grads[v.name];
  if (!g) return undefined;
  const d = direction(tf, v.shape, `${seed}|${label}`);
  const original = tf.clone(v);
  try {
    const h = step * Math.max(await rms(v), 0.1);
    const analytic = await dot(g, d);
    const at = async (sign: number) => {
      tf.tidy(() => v.assign(tf.add(original, tf.mul(d, sign * h))));
      const value = tf.tidy(evaluate);
      try {
        return (await value.data())[0];
      } finally {
        value.dispose();
      }
    };
    const [lPlus, lMinus] = [await at(1), await at(-1)];
    v.assign(original);
    const numeric = (lPlus - lMinus) / (2 * h);
    return { label, analytic, numeric, tolerance: tolerance(analytic, numeric, lPlus, lMinus, h, rtol) };
  } finally {
    original.dispose();
    d.dispose();
  }
}

/** Compares the gradient of `evaluate` for each of `vars` (labelled `${name}[i]`) against finite differences. */
async function compareVariables(
  tf: Tf,
  evaluate: () => Scalar,
  vars: readonly Variable[],
  name: string,
  step: number,
  rtol: number,
  seed: string,
): Promise<Comparison[]> {
  if (vars.length === 0) return [];
  const { value, grads } = tf.variableGrads(evaluate, [...vars]);
  value.dispose();
  const out: Comparison[] = [];
  try {
    for (const [i, v] of vars.entries()) {
      const c = await compareVariable(tf, evaluate, v, `${name}[${i}]`, grads, step, rtol, seed);
      if (c) out.push(c);
    }
  } finally {
    for (const g of Object.values(grads)) g.dispose();
  }
  return out;
}

type NeedTf = (run: (setup: Setup) => Promise<Outcome>) => () => Promise<Outcome>;

export function planLossPropertyChecks(
  plugin: DistillationLossPlugin,
  settings: Setup["settings"],
  needTf: NeedTf,
): PlannedCheck[] {
  const checks: PlannedCheck[] = [
    {
      name: "no gradient reaches the teacher's logits or features",
      run: needTf((setup) =>
        withInstance(plugin, setup, async (instance, inputs) => {
          const { tf } = setup;
          const reached: string[] = [];
          for (const [k, { label, x }] of inputsOf(inputs, "teacher").entries()) {
            const g = gradientOf(tf, (v) => instance.loss(replaceInput(inputs, "teacher", k, v)), x);
            const largest = await maxAbs(g);
            g.dispose();
            if (largest !== 0) reached.push(`${label} (max |∂loss/∂x| = ${fmt(largest)})`);
          }
          return reached.length === 0
            ? { ok: true, message: "zero or no gradient with respect to every teacher input" }
            : { ok: false, message: `a gradient reaches ${reached.join(", ")}: stop it (stopGradient)` };
        }),
      ),
    },
    {
      name: "no gradient reaches the frozen variables; frozen and trainable are disjoint",
      run: needTf((setup) =>
        withInstance(plugin, setup, async (instance, inputs) => {
          const frozen = [...(instance.frozenVariables ?? [])];
          if (frozen.length === 0) return { ok: true, message: "the loss has no frozen variables" };
          const trainable = new Set(instance.trainableVariables);
          const both = frozen.filter((v) => trainable.has(v));
          if (both.length > 0)
            return { ok: false, message: `${both.length} variable(s) are both trainable and frozen` };
          let result: { value: Scalar; grads: Record<string, Tensor> };
          try {
            // + 0·Σ v keeps every frozen variable connected (see gradientOf): zeros where none reaches.
            result = setup.tf.variableGrads(() => {
              const { tf } = setup;
              return tf.add(
                instance.loss(inputs),
                tf.mul(tf.addN(frozen.map((v) => tf.sum(v))), 0),
              ) as Scalar;
            }, frozen);
          } catch (error) {
            // Not trainable (tfjs prunes them): no gradient can reach them.
            if (/trainable/i.test(errorText(error)))
              return { ok: true, message: `${frozen.length} frozen variable(s) out of the gradient's reach` };
            throw error;
          }
          try {
            const reached: string[] = [];
            for (const [i, v] of frozen.entries()) {
              const g = result.grads[v.name];
              if (g && (await maxAbs(g)) !== 0) reached.push(`frozenVariables[${i}]`);
            }
            return reached.length === 0
              ? { ok: true, message: `${frozen.length} frozen variable(s) get zero gradient` }
              : { ok: false, message: `a gradient reaches ${reached.join(", ")}` };
          } finally {
            result.value.dispose();
            for (const g of Object.values(result.grads)) g.dispose();
          }
        }),
      ),
    },
    {
      name: "every gradient (and every pre-stage's) agrees with central finite differences",
      run: needTf((setup) =>
        withInstance(plugin, setup, async (instance, inputs) => {
          const { tf } = setup;
          const step = settings.gradient?.step ?? 3e-4;
          const rtol = settings.gradient?.rtol ?? 1e-2;
          const comparisons: Comparison[] = [];
          for (const [k, { label, x }] of inputsOf(inputs, "student").entries()) {
            const c = await compareInput(tf, instance, inputs, k, label, x, step, rtol, setup.seed);
            if (c) comparisons.push(c);
          }
          const evaluate = () => instance.loss(inputs);
          comparisons.push(
            ...(await compareVariables(
              tf,
              evaluate,
              instance.trainableVariables,
              "trainableVariables",
              step,
              rtol,
              setup.seed,
            )),
          );
          // The pre-stages' own losses (a paraphraser's reconstruction) with respect to their variables.
          for (const stage of instance.preStages ?? []) {
            const stageLoss = () => stage.loss(inputs.teacherFeatures);
            const name = `preStage ${stage.name} variables`;
            comparisons.push(
              ...(await compareVariables(
                tf,
                stageLoss,
                stage.trainableVariables,
                name,
                step,
                rtol,
                setup.seed,
              )),
            );
          }
          if (comparisons.length === 0) return { ok: false, message: "no gradient to compare" };
          const bad = comparisons.filter((c) => !(Math.abs(c.analytic - c.numeric) <= c.tolerance));
          const show = (c: Comparison) =>
            `${c.label}: analytic ${fmt(c.analytic)}, finite difference ${fmt(c.numeric)} (tolerance ${fmt(c.tolerance)})`;
          if (bad.length > 0) return { ok: false, message: bad.map(show).join("; ") };
          const worst = Math.max(...comparisons.map((c) => Math.abs(c.analytic - c.numeric) / c.tolerance));
          return {
            ok: true,
            message: `${comparisons.length} directional derivatives agree (worst error ${fmt(worst)} of its tolerance)`,
          };
        }),
      ),
    },
    {
      name: "with its plain params the loss is crossEntropy bit for bit (value and gradient)",
      run: needTf(async (setup) => {
        const plain = settings.plainParams;
        if (!plain) return { ok: true, message: "skipped: no plainParams declared for this loss" };
        return withInstance(
          plugin,
          setup,
          async (instance, inputs) => {
            const { tf } = setup;
            const { studentLogits: z, labels } = inputs;
            const read = async (t: Tensor) => {
              try {
                return Float32Array.from((await t.data()) as Float32Array);
              } finally {
                t.dispose();
              }
            };
            const lossBits = await read(tf.tidy(() => instance.loss(inputs)));
            const ceBits = await read(crossEntropy(tf, z, labels));
            const gLoss = await read(
              tf.tidy(() => tf.grad((x: Tensor) => instance.loss({ ...inputs, studentLogits: x }))(z)),
            );
            const gCe = await read(tf.tidy(() => tf.grad((x: Tensor) => crossEntropy(tf, x, labels))(z)));
            if (!bitsEqual(lossBits, ceBits))
              return { ok: false, message: `loss ${lossBits[0]} ≠ crossEntropy ${ceBits[0]}` };
            if (!bitsEqual(gLoss, gCe))
              return { ok: false, message: "∂loss/∂logits differs from ∂CE/∂logits" };
            for (const [k, { label, x }] of inputsOf(inputs, "student").entries()) {
              if (k === 0) continue;
              const g = gradientOf(tf, (v) => instance.loss(replaceInput(inputs, "student", k, v)), x);
              if ((await read(g)).some((v) => v !== 0))
                return { ok: false, message: `a gradient still reaches ${label}` };
            }
            return { ok: true, message: `loss = CE = ${lossBits[0]}, gradients identical bit for bit` };
          },
          { ...settings.params, ...plain },
        );
      }),
    },
    {
      name: "its state (trainable then frozen variables) restores into a fresh instance",
      run: needTf((setup) =>
        withInstance(plugin, setup, async (first, inputs) => {
          const { tf } = setup;
          const second = create(plugin, setup, 8);
          try {
            const state = (x: LossInstance) => [...x.trainableVariables, ...(x.frozenVariables ?? [])];
            const [from, to] = [state(first), state(second)];
            if (from.length === 0) return { ok: true, message: "the loss has no state" };
            if (from.length !== to.length)
              return {
                ok: false,
                message: `${from.length} vs ${to.length} state variables for seeds 7 and 8`,
              };
            for (const [i, v] of from.entries()) {
              if (v.shape.join() !== to[i].shape.join())
                return {
                  ok: false,
                  message: `state variable ${i} has shape [${v.shape}] vs [${to[i].shape}]`,
                };
              to[i].assign(v);
            }
            const [a, b] = [await lossValue(tf, first, inputs), await lossValue(tf, second, inputs)];
            return a === b
              ? { ok: true, message: `${from.length} variable(s) restored, loss ${fmt(a)} in both` }
              : { ok: false, message: `after restoring, the losses differ: ${fmt(a)} vs ${fmt(b)}` };
          } finally {
            second.dispose();
          }
        }),
      ),
    },
    {
      name: "pre-stages: a finite loss of the teacher features whose gradient reaches the stage's variables, frozen later",
      run: needTf((setup) =>
        withInstance(plugin, setup, async (instance, inputs) => {
          const { tf } = setup;
          const stages = instance.preStages ?? [];
          if (stages.length === 0) return { ok: true, message: "the loss has no pre-stage" };
          const frozen = new Set(instance.frozenVariables ?? []);
          for (const stage of stages) {
            const vars = [...stage.trainableVariables];
            if (vars.length === 0) return { ok: false, message: `stage ${stage.name} trains no variable` };
            if (vars.some((v) => !frozen.has(v)))
              return { ok: false, message: `stage ${stage.name}: its variables must be in frozenVariables` };
            const before = tf.memory().numTensors;
            const { value, grads } = tf.variableGrads(() => stage.loss(inputs.teacherFeatures), vars);
            try {
              if (value.rank !== 0 || !(await allFinite(value)))
                return { ok: false, message: `stage ${stage.name}: loss is not a finite scalar` };
              for (const [i, v] of vars.entries()) {
                const g = grads[v.name];
                if (!g || !(await allFinite(g)) || (await maxAbs(g)) === 0)
                  return {
                    ok: false,
                    message: `stage ${stage.name}: no finite non-zero gradient for variable ${i}`,
                  };
              }
            } finally {
              value.dispose();
              for (const g of Object.values(grads)) g.dispose();
            }
            if (tf.memory().numTensors !== before)
              return { ok: false, message: `stage ${stage.name}: its loss leaks tensors` };
          }
          return {
            ok: true,
            message: `${stages.map((s) => s.name).join(", ")}: finite, reaching their variables`,
          };
        }),
      ),
    },
  ];
  const transformCheck = (t: LossInputTransform, kind: "invariance" | "zero"): PlannedCheck => ({
    name: kind === "invariance" ? `the loss is unchanged under ${t.name}` : `the loss is 0 under ${t.name}`,
    run: needTf((setup) =>
      withInstance(plugin, setup, async (instance, inputs) => {
        const { tf } = setup;
        const base = await lossValue(tf, instance, inputs);
        const value = tf.tidy(() => instance.loss(t.transform(tf, inputs)));
        const changed = (await value.data())[0];
        value.dispose();
        if (kind === "zero")
          return Math.abs(changed) <= 1e-6
            ? { ok: true, message: `loss ${fmt(changed)} (${fmt(base)} before)` }
            : { ok: false, message: `loss ${fmt(changed)}, expected 0` };
        return Math.abs(changed - base) <= 1e-5 * Math.max(1, Math.abs(base))
          ? { ok: true, message: `${fmt(base)} before, ${fmt(changed)} after` }
          : { ok: false, message: `${fmt(base)} before, ${fmt(changed)} after` };
      }),
    ),
  });
  for (const t of settings.invariances ?? []) checks.push(transformCheck(t, "invariance"));
  for (const t of settings.zeros ?? []) checks.push(transformCheck(t, "zero"));
  return checks;
}

/** Multiplies each sample's student and/or teacher features by its own positive factor (0.25, 4, 9, …). */
export function rescaleFeaturesPerSample(side: "student" | "teacher" | "both"): LossInputTransform {
  const scale = (tf: Tf, f: Tensor) => {
    const batch = f.shape[0];
    const factors = Array.from({ length: batch }, (_, b) => [0.25, 4, 9, 0.5, 2][b % 5] * (1 + b));
    return tf.mul(f, tf.tensor(factors, [batch, ...f.shape.slice(1).map(() => 1)]));
  };
  return {
    name: `a positive rescaling of each sample's ${side === "both" ? "student and teacher" : side} features`,
    transform: (tf, inputs) => ({
      ...inputs,
      studentFeatures:
        side === "teacher" ? inputs.studentFeatures : inputs.studentFeatures.map((f) => scale(tf, f)),
      teacherFeatures:
        side === "student" ? inputs.teacherFeatures : inputs.teacherFeatures.map((f) => scale(tf, f)),
    }),
  };
}

/** Sets the teacher's features to c times the student's (shapes must agree), c > 0. */
export function teacherProportionalToStudent(c: number): LossInputTransform {
  return {
    name: `teacher features = ${c} · student features`,
    transform: (tf, inputs) => ({
      ...inputs,
      teacherFeatures: inputs.studentFeatures.map((f) => tf.mul(f, c)),
    }),
  };
}
