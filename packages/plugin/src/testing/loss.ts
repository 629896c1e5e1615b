// Conformance checks of a distillation loss on the injected tf: a finite scalar, gradients that reach its own
// trainables and the student's outputs, no leaked tensors per call, and dispose() releasing everything.
import { createRng } from "@pupil/tensors";
import type { DistillationLossPlugin, LossInputs, LossInstance, Tensor, Tf } from "../types.js";
import { gradientOf, planLossPropertyChecks } from "./loss-properties.js";
import {
  type CheckOptions,
  errorText,
  fmt,
  type LossCheckOptions,
  type PlannedCheck,
  resolvePerPlugin,
} from "./types.js";

export type Outcome = { ok: boolean; message: string };

type Shapes = "studentFeatureShapes" | "teacherFeatureShapes" | "numClasses" | "batch";

export interface Setup {
  readonly tf: Tf;
  readonly settings: Required<Pick<LossCheckOptions, Shapes>> &
    Omit<LossCheckOptions, Shapes | "params"> & {
      params: Readonly<Record<string, unknown>>;
    };
  readonly seed: string;
}

const DEFAULTS = {
  studentFeatureShapes: [[4, 4, 6]],
  teacherFeatureShapes: [[4, 4, 8]],
  numClasses: 5,
  batch: 3,
} as const;

/** Seeded inputs: N(0,1) logits and features, one-hot labels. The caller disposes them. */
export function sampleLossInputs(
  tf: Tf,
  settings: Pick<Setup["settings"], Shapes>,
  seed: string,
): LossInputs {
  const rng = createRng(`${seed}|inputs`);
  const { batch, numClasses } = settings;
  const normal = (shape: readonly number[]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    for (let k = 0; k < size; k++) data[k] = rng.normal();
    return tf.tensor(data, [...shape]);
  };
  const labels = new Float32Array(batch * numClasses);
  for (let b = 0; b < batch; b++) labels[b * numClasses + rng.int(numClasses)] = 1;
  return {
    studentLogits: normal([batch, numClasses]),
    teacherLogits: normal([batch, numClasses]),
    studentFeatures: settings.studentFeatureShapes.map((s) => normal([batch, ...s])),
    teacherFeatures: settings.teacherFeatureShapes.map((s) => normal([batch, ...s])),
    labels: tf.tensor(labels, [batch, numClasses]),
  };
}

export function disposeInputs(inputs: LossInputs): void {
  for (const t of [
    inputs.studentLogits,
    inputs.teacherLogits,
    ...inputs.studentFeatures,
    ...inputs.teacherFeatures,
    inputs.labels,
  ]) {
    t.dispose();
  }
}

export function create(
  plugin: DistillationLossPlugin,
  setup: Setup,
  seed = 7,
  params: Readonly<Record<string, unknown>> = setup.settings.params,
): LossInstance {
  const s = setup.settings;
  return plugin.create({
    tf: setup.tf,
    studentFeatureShapes: s.studentFeatureShapes,
    teacherFeatureShapes: s.teacherFeatureShapes,
    numClasses: s.numClasses,
    params,
    seed,
  });
}

/** Runs `body` with fresh inputs and instance, disposing both whatever happens. */
export async function withInstance(
  plugin: DistillationLossPlugin,
  setup: Setup,
  body: (loss: LossInstance, inputs: LossInputs) => Promise<Outcome> | Outcome,
  params?: Readonly<Record<string, unknown>>,
): Promise<Outcome> {
  const inputs = sampleLossInputs(setup.tf, setup.settings, setup.seed);
  let instance: LossInstance | undefined;
  try {
    try {
      instance = create(plugin, setup, 7, params);
    } catch (error) {
      return { ok: false, message: `create() threw: ${errorText(error)}` };
    }
    return await body(instance, inputs);
  } finally {
    instance?.dispose();
    disposeInputs(inputs);
  }
}

export async function allFinite(t: Tensor): Promise<boolean> {
  const data = await t.data();
  for (const v of data as Float32Array) if (!Number.isFinite(v)) return false;
  return true;
}

export async function maxAbs(t: Tensor): Promise<number> {
  let m = 0;
  for (const v of (await t.data()) as Float32Array) m = Math.max(m, Math.abs(v));
  return m;
}

export function planLossChecks(plugin: DistillationLossPlugin, options: CheckOptions): PlannedCheck[] {
  const given = resolvePerPlugin(options.loss, plugin) ?? {};
  const settings: Setup["settings"] = { ...DEFAULTS, ...given, params: given.params ?? {} };
  const seed = `${options.seed ?? 1}|loss|${plugin.id}`;
  const needTf = (run: (setup: Setup) => Promise<Outcome>) => async (): Promise<Outcome> => {
    if (!options.tf)
      return { ok: false, message: "checkPlugin needs options.tf (the host's tfjs) to check a loss" };
    return run({ tf: options.tf, settings, seed });
  };

  return [
    {
      name: "loss is a finite scalar",
      run: needTf((setup) =>
        withInstance(plugin, setup, async (instance, inputs) => {
          const value = setup.tf.tidy(() => instance.loss(inputs));
          try {
            if (value.rank !== 0)
              return { ok: false, message: `loss has shape [${value.shape.join(", ")}], expected a scalar` };
            const v = (await value.data())[0];
            return Number.isFinite(v)
              ? { ok: true, message: `loss = ${fmt(v)}` }
              : { ok: false, message: `loss = ${v}` };
          } finally {
            value.dispose();
          }
        }),
      ),
    },
    {
      name: "gradients reach every trainable variable of the loss (finite, not all zero)",
      run: needTf((setup) =>
        withInstance(plugin, setup, async (instance, inputs) => {
          const vars = instance.trainableVariables;
          if (!Array.isArray(vars))
            return { ok: false, message: "trainableVariables must be an array of tf.Variable" };
          if (vars.length === 0) return { ok: true, message: "the loss has no trainable variables" };
          const { value, grads } = setup.tf.variableGrads(() => instance.loss(inputs), [...vars]);
          try {
            const problems: string[] = [];
            for (const v of vars) {
              const g = grads[v.name];
              if (!g) problems.push(`no gradient for variable ${v.name}`);
              else if (!(await allFinite(g))) problems.push(`non-finite gradient for ${v.name}`);
              else if ((await maxAbs(g)) === 0)
                problems.push(`zero gradient for ${v.name}: it does not reach the loss`);
            }
            return problems.length > 0
              ? { ok: false, message: problems.join("; ") }
              : { ok: true, message: `${vars.length} variable(s) get finite, non-zero gradients` };
          } finally {
            value.dispose();
            for (const g of Object.values(grads)) g.dispose();
          }
        }),
      ),
    },
    {
      name: "the gradient reaches the student's logits or features",
      run: needTf((setup) =>
        withInstance(plugin, setup, async (instance, inputs) => {
          const { tf } = setup;
          const withInput = (k: number, x: Tensor): LossInputs =>
            k === 0
              ? { ...inputs, studentLogits: x }
              : { ...inputs, studentFeatures: inputs.studentFeatures.map((f, m) => (m === k - 1 ? x : f)) };
          const studentInputs = [inputs.studentLogits, ...inputs.studentFeatures];
          let largest = 0;
          for (let k = 0; k < studentInputs.length; k++) {
            const g = gradientOf(tf, (x) => instance.loss(withInput(k, x)), studentInputs[k]);
            try {
              if (!(await allFinite(g)))
                return { ok: false, message: "non-finite gradient with respect to the student's outputs" };
              largest = Math.max(largest, await maxAbs(g));
            } finally {
              g.dispose();
            }
          }
          return largest > 0
            ? { ok: true, message: `max |∂loss/∂student| = ${fmt(largest)}` }
            : {
                ok: false,
                message: "the loss does not depend on the student's logits or features (zero gradient)",
              };
        }),
      ),
    },
    {
      name: "no tensor leaks: tf.memory().numTensors flat over 20 calls of loss and gradients",
      run: needTf((setup) =>
        withInstance(plugin, setup, (instance, inputs) => {
          const { tf } = setup;
          const vars = [...instance.trainableVariables];
          const step = () => {
            tf.tidy(() => {
              instance.loss(inputs);
            });
            if (vars.length === 0) return;
            const { value, grads } = tf.variableGrads(() => instance.loss(inputs), vars);
            value.dispose();
            for (const g of Object.values(grads)) g.dispose();
          };
          step(); // a first call may create lasting caches (kernels); count from the second
          const before = tf.memory().numTensors;
          for (let k = 0; k < 20; k++) step();
          const leaked = tf.memory().numTensors - before;
          return leaked === 0
            ? { ok: true, message: "tensor count flat over 20 calls" }
            : {
                ok: false,
                message: `${leaked} tensor(s) leaked over 20 calls (loss in tf.tidy, then gradients)`,
              };
        }),
      ),
    },
    {
      name: "dispose() releases the loss's variables and tensors",
      run: needTf(async (setup) => {
        const { tf } = setup;
        const inputs = sampleLossInputs(tf, settings, seed);
        try {
          const before = tf.memory().numTensors;
          const instance = create(plugin, setup);
          tf.tidy(() => {
            instance.loss(inputs);
          });
          const vars = [
            ...instance.trainableVariables,
            ...(instance.frozenVariables ?? []),
            ...(instance.preStages ?? []).flatMap((stage) => stage.trainableVariables),
          ];
          instance.dispose();
          const left = tf.memory().numTensors - before;
          const alive = vars.filter((v) => !v.isDisposed).length;
          if (left !== 0 || alive > 0)
            return {
              ok: false,
              message: `${left} tensor(s) left after dispose(), ${alive} variable(s) not disposed`,
            };
          return { ok: true, message: `${vars.length} variable(s) released` };
        } catch (error) {
          return { ok: false, message: `threw: ${errorText(error)}` };
        } finally {
          disposeInputs(inputs);
        }
      }),
    },
    {
      name: "the same seed gives the same loss",
      run: needTf((setup) =>
        withInstance(plugin, setup, async (first, inputs) => {
          const second = create(plugin, setup);
          try {
            const a = setup.tf.tidy(() => first.loss(inputs));
            const b = setup.tf.tidy(() => second.loss(inputs));
            const [va, vb] = [(await a.data())[0], (await b.data())[0]];
            a.dispose();
            b.dispose();
            return Math.abs(va - vb) <= 1e-6 * (1 + Math.abs(va))
              ? { ok: true, message: `both ${fmt(va)}` }
              : { ok: false, message: `two instances created with seed 7 give ${fmt(va)} and ${fmt(vb)}` };
          } finally {
            second.dispose();
          }
        }),
      ),
    },
    ...planLossPropertyChecks(plugin, settings, needTf),
  ];
}
