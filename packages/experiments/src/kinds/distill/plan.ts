// The plan of a "distill" run: the two conv nets (from the config, or the built-in pair sized to the data
// set), the loss plugin and what it declares (its pre-stages), and the stages on one epoch axis:
// teacher 1…E_t, then each pre-stage, then the student. A plain student (no loss) has no teacher stage.
import {
  type ConvLayerSpec,
  type ConvNetSpec,
  convShapes,
  convStudentSpec,
  convTeacherSpec,
  validateConvNetSpec,
} from "@pupil/models";
import {
  ConfigError,
  type DistillationLossPlugin,
  type FrozenRegistry,
  type LossInstance,
  lookupPlugin,
  type Tf,
} from "@pupil/plugin";
import type { DistillRunConfig } from "../../config/resolve.js";
import type { RunHost } from "../../run/host.js";
import { datasetShape } from "./data.js";

export interface Stage {
  /** "teacher", a pre-stage's name (e.g. "paraphraser"), or "student": the snapshots' `source`. */
  readonly name: string;
  readonly kind: "teacher" | "pre" | "student";
  /** Index into the loss's preStages (kind "pre"). */
  readonly preIndex?: number;
  readonly epochs: number;
  readonly lr: number;
  /** Global epoch before this stage's first one. */
  readonly offset: number;
}

export interface DistillPlan {
  readonly config: DistillRunConfig;
  readonly host: RunHost & { readonly tf: Tf };
  readonly teacherNet: ConvNetSpec;
  readonly studentNet: ConvNetSpec;
  readonly classes: number;
  readonly loss?: { readonly plugin: DistillationLossPlugin; readonly params: Record<string, unknown> };
  readonly stages: readonly Stage[];
  /** 1 … total epochs. */
  readonly grid: readonly number[];
}

function withInput(spec: ConvNetSpec, input: [number, number, number]): ConvNetSpec {
  return { input, layers: spec.layers.map((l) => ({ ...l }) as ConvLayerSpec) };
}

/** The built-in teacher and student for the data set's images (what a config that names no net records). */
export function defaultNets(data: DistillRunConfig["distill"]["data"]): {
  teacher: ConvNetSpec;
  student: ConvNetSpec;
} {
  const { input, classes } = datasetShape(data);
  return {
    teacher: withInput(convTeacherSpec(classes), input),
    student: withInput(convStudentSpec(classes), input),
  };
}

function checkNet(
  raw: unknown,
  fallback: ConvNetSpec,
  path: string,
  input: number[],
  classes: number,
): ConvNetSpec {
  const spec = (raw ?? fallback) as ConvNetSpec;
  let units: number;
  try {
    units = validateConvNetSpec(spec, path);
  } catch (error) {
    throw new ConfigError([{ path, value: raw, expected: (error as Error).message }]);
  }
  if (spec.input.some((v, i) => v !== input[i]))
    throw new ConfigError([
      { path: `${path}.input`, value: spec.input, expected: `[${input.join(", ")}] (the data set's images)` },
    ]);
  if (units !== classes)
    throw new ConfigError([
      { path: `${path}.layers`, value: units, expected: `a logits layer of ${classes} units (the classes)` },
    ]);
  return spec;
}

function tapShapes(spec: ConvNetSpec, taps: readonly string[], path: string): number[][] {
  const shapes = convShapes(spec);
  return taps.map((name, k) => {
    const i = spec.layers.findIndex((l) => l.name === name);
    if (i < 0)
      throw new ConfigError([
        {
          path: `${path}[${k}]`,
          value: name,
          expected: `a layer name of the net (${spec.layers.map((l) => l.name).join(", ")})`,
        },
      ]);
    return shapes[i];
  });
}

/** Turns the loss's "params.x: …" errors into config issues on distill.loss.params.x. */
function lossIssue(error: unknown, params: unknown): ConfigError {
  const message = (error as Error)?.message ?? String(error);
  const field = /^(params(?:\.[\w-]+)?|studentFeatureShapes\[\d+\]|teacherFeatureShapes\[\d+\])/.exec(
    message,
  )?.[1];
  const path = !field
    ? "distill.loss"
    : field.startsWith("params")
      ? `distill.loss.${field}`
      : field.startsWith("student")
        ? "distill.taps.student"
        : "distill.taps.teacher";
  return new ConfigError([{ path, value: params, expected: message }]);
}

/** Creates the run's loss instance (seeded by the run); the caller disposes it. */
export function createLoss(plan: DistillPlan): LossInstance | undefined {
  if (!plan.loss) return undefined;
  const d = plan.config.distill;
  try {
    return plan.loss.plugin.create({
      tf: plan.host.tf,
      seed: plan.config.seed,
      numClasses: plan.classes,
      params: plan.loss.params,
      studentFeatureShapes: tapShapes(plan.studentNet, d.taps.student, "distill.taps.student"),
      teacherFeatureShapes: tapShapes(plan.teacherNet, d.taps.teacher, "distill.taps.teacher"),
    });
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw lossIssue(error, plan.loss.params);
  }
}

export function buildDistillPlan(
  config: DistillRunConfig,
  registry: FrozenRegistry,
  host?: RunHost,
): DistillPlan {
  const d = config.distill;
  if (!host?.tf)
    throw new Error(
      'kind "distill" needs a RunHost with tf (Node: nodeRunHost() from @pupil/experiments/node)',
    );
  const { input, classes } = datasetShape(d.data);
  const teacherNet = checkNet(
    d.teacher.net,
    withInput(convTeacherSpec(classes), input),
    "distill.teacher.net",
    input,
    classes,
  );
  const studentNet = checkNet(
    d.student.net,
    withInput(convStudentSpec(classes), input),
    "distill.student.net",
    input,
    classes,
  );
  tapShapes(teacherNet, d.taps.teacher, "distill.taps.teacher");
  tapShapes(studentNet, d.taps.student, "distill.taps.student");
  const ref = d.loss ?? undefined;
  const plugin = ref === undefined ? undefined : lookupPlugin(registry, "loss", ref, "distill.loss");
  const params = typeof ref === "object" && ref ? { ...(ref.params ?? {}) } : {};
  const partial = {
    config,
    host: host as RunHost & { tf: Tf },
    teacherNet,
    studentNet,
    classes,
    loss: plugin ? { plugin, params } : undefined,
    stages: [],
    grid: [],
  } satisfies DistillPlan;

  // What the loss declares decides the stages: one per pre-stage, with its suggested schedule unless the
  // config overrides it. The instance is made once here (it also checks params and shapes) and dropped.
  const stages: Stage[] = [];
  let offset = 0;
  const add = (stage: Omit<Stage, "offset">) => {
    stages.push({ ...stage, offset });
    offset += stage.epochs;
  };
  if (plugin) {
    add({ name: "teacher", kind: "teacher", epochs: d.teacher.epochs, lr: d.teacher.lr ?? config.lr });
    const probe = createLoss(partial);
    try {
      (probe?.preStages ?? []).forEach((pre, i) => {
        add({
          name: pre.name,
          kind: "pre",
          preIndex: i,
          epochs: d.preStage.epochs ?? pre.defaults?.epochs ?? 10,
          lr: d.preStage.lr ?? pre.defaults?.learningRate ?? 1e-3,
        });
      });
    } finally {
      probe?.dispose();
    }
  }
  add({ name: "student", kind: "student", epochs: d.student.epochs, lr: d.student.lr ?? config.lr });
  const grid = Array.from({ length: offset }, (_, i) => i + 1);
  if (grid.length === 0)
    throw new ConfigError([
      { path: "distill.student.epochs", value: 0, expected: "at least one epoch in the run" },
    ]);
  return { ...partial, stages, grid };
}

/** The stage that global epoch t (1-based) belongs to. */
export function stageAt(plan: DistillPlan, t: number): Stage {
  const stage = plan.stages.find((s) => t > s.offset && t <= s.offset + s.epochs);
  if (!stage) throw new Error(`epoch ${t} is outside the run (1…${plan.grid.length})`);
  return stage;
}
