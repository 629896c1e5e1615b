// Descriptors of the run's controls: generated from the config's fields and, for activation plugins, from
// each plugin's own `params` schema (min, max, default, doc). A control's id is its config path, which is
// also what the URL's `_hide` / `_lock` name (classroom mode).
import type { ActivationPlugin, PluginLookup } from "@pupil/plugin";
import { getPath } from "../state/config-path.js";

export type ControlSpec =
  | {
      id: string;
      label: string;
      type: "number";
      min?: number;
      max?: number;
      integer?: boolean;
      doc: string;
      optional?: boolean;
    }
  | { id: string; label: string; type: "choice"; values: number[]; doc: string }
  | {
      id: string;
      label: string;
      type: "select";
      options: { value: string; label: string }[];
      doc: string;
      defaultLabel?: string;
    }
  | { id: string; label: string; type: "boolean"; doc: string }
  | { id: string; label: string; type: "json"; doc: string };

const refId = (ref: unknown): string | undefined =>
  typeof ref === "string" ? ref : (ref as { id?: string } | undefined)?.id;

/** Controls for a raw config: the committee fields or the training fields, plus plugin params. */
export function controlsFor(config: Record<string, unknown>, registry: PluginLookup): ControlSpec[] {
  const activations = registry.list("activation").map((p) => ({ value: p.id, label: p.title ?? p.id }));
  const common: ControlSpec[] = [
    {
      id: "seed",
      label: "seed",
      type: "number",
      min: 0,
      integer: true,
      doc: "Run seed: teacher, initial student and data stream",
    },
    {
      id: "lr",
      label: "η (learning rate)",
      type: "number",
      min: 0,
      doc: "Learning rate η (for train runs, the optimizer's)",
    },
  ];
  if (config.kind === "train") {
    const t = (config.train ?? {}) as Record<string, unknown>;
    const teacherParams = ((t.teacher as Record<string, unknown> | undefined)?.params ?? {}) as Record<
      string,
      unknown
    >;
    return [
      ...common,
      {
        id: "train.epochs",
        label: "epochs",
        type: "number",
        min: 1,
        integer: true,
        doc: "Passes over the training set",
      },
      {
        id: "train.evalEvery",
        label: "evaluate every",
        type: "number",
        min: 1,
        integer: true,
        doc: "Epochs between snapshots",
      },
      {
        id: "train.batchSize",
        label: "batch size",
        type: "number",
        min: 1,
        integer: true,
        doc: "Minibatch size",
      },
      {
        id: "train.optimizer",
        label: "optimizer",
        type: "select",
        options: ["sgd", "adam", "gd"].map((v) => ({ value: v, label: v })),
        doc: "The optimizer",
      },
      {
        id: "train.inputDim",
        label: "input dim",
        type: "number",
        min: 1,
        integer: true,
        doc: "Input dimension",
      },
      {
        id: "train.teacher.widths",
        label: "teacher widths",
        type: "json",
        doc: "Teacher hidden layer widths, e.g. [10]",
      },
      {
        id: "train.student.widths",
        label: "student widths",
        type: "json",
        doc: "Student hidden layer widths, e.g. [20]",
      },
      {
        id: "train.student.activation",
        label: "student activation",
        type: "select",
        options: activations,
        doc: "Student activation plugin",
        defaultLabel: "relu (default)",
      },
      ...Object.keys(teacherParams)
        .filter((k) => typeof teacherParams[k] === "number")
        .map(
          (k): ControlSpec => ({
            id: `train.teacher.params.${k}`,
            label: `teacher ${k}`,
            type: "number",
            doc: `Teacher generator parameter ${k}`,
          }),
        ),
      {
        id: "train.data.train",
        label: "train samples",
        type: "number",
        min: 1,
        integer: true,
        doc: "Training set size",
      },
    ];
  }
  const model = (config.model ?? {}) as Record<string, unknown>;
  const out: ControlSpec[] = [
    {
      id: "kind",
      label: "mode",
      type: "select",
      options: [
        { value: "ode", label: "ODE (N → ∞)" },
        { value: "online", label: "online SGD (finite N)" },
        { value: "paired", label: "paired: ODE + simulation" },
      ],
      doc: "What runs: the order-parameter ODE, the finite-N simulation, or both from the same start",
    },
    ...common,
    {
      id: "N",
      label: "N (input dim)",
      type: "choice",
      values: [100, 200, 500, 1000, 2000, 5000, 10000],
      doc: "Input dimension N; α = steps / N",
    },
    { id: "alphaMax", label: "α max", type: "number", min: 0, doc: "Stop condition: the last α of the run" },
    {
      id: "model.p",
      label: "p (student units)",
      type: "number",
      min: 1,
      max: 64,
      integer: true,
      doc: "Student hidden units",
    },
    {
      id: "model.pStar",
      label: "p* (teacher units)",
      type: "number",
      min: 1,
      max: 64,
      integer: true,
      doc: "Teacher hidden units",
    },
    {
      id: "model.activation",
      label: "activation",
      type: "select",
      options: activations,
      doc: "Student activation plugin",
    },
  ];
  out.push(...paramControls("model.activation", model.activation, registry));
  out.push(
    {
      id: "model.teacherActivation",
      label: "teacher activation",
      type: "select",
      options: activations,
      doc: "Teacher activation (default: the student's)",
      defaultLabel: "same as student",
    },
    ...paramControls("model.teacherActivation", model.teacherActivation, registry),
    {
      id: "model.secondLayer.student",
      label: "student 2nd layer",
      type: "select",
      options: ["1", "1/p", "1/sqrt(p)"].map((v) => ({ value: v, label: v })),
      doc: "Student second-layer weights (fixed unless η₂ is set)",
      defaultLabel: "default",
    },
    {
      id: "model.secondLayer.teacher",
      label: "teacher 2nd layer",
      type: "select",
      options: ["1", "1/p", "1/sqrt(p)"].map((v) => ({ value: v, label: v })),
      doc: "Teacher second-layer weights",
      defaultLabel: "default",
    },
    {
      id: "secondLayerLr",
      label: "η₂ (2nd layer)",
      type: "number",
      min: 0,
      optional: true,
      doc: "Train the student's second layer with this rate (empty: fixed)",
    },
    { id: "weightDecay", label: "weight decay", type: "number", min: 0, doc: "L2 weight decay" },
    {
      id: "labelNoise",
      label: "label noise σ",
      type: "number",
      min: 0,
      doc: "Gaussian noise on the teacher's labels",
    },
    {
      id: "batch",
      label: "minibatch",
      type: "number",
      min: 1,
      integer: true,
      doc: "Samples per SGD step (1 = online)",
    },
    {
      id: "noiseTerm",
      label: "O(η²) term in the ODE",
      type: "boolean",
      doc: "Keep the ODE's η² term (off: gradient flow)",
    },
  );
  return out;
}

/** Controls for a plugin's declared params (ParamSpec): the plugin decides, the app only draws. */
function paramControls(path: string, ref: unknown, registry: PluginLookup): ControlSpec[] {
  const id = refId(ref);
  if (!id || !registry.has("activation", id)) return [];
  const plugin: ActivationPlugin = registry.get("activation", id);
  return Object.entries(plugin.params ?? {}).map(([name, spec]) => ({
    id: `${path}.params.${name}`,
    label: `${id} ${name}`,
    type: "number" as const,
    min: spec.min,
    max: spec.max,
    doc: spec.doc ?? `${id} parameter ${name} (default ${spec.default})`,
  }));
}

/** The value a control shows: plugin params fall back to the plugin's default. */
export function controlValue(
  config: Record<string, unknown>,
  spec: ControlSpec,
  registry: PluginLookup,
  resolved?: unknown,
): unknown {
  const m = /^(.*)\.params\.(\w+)$/.exec(spec.id);
  if (m && !spec.id.startsWith("train.teacher")) {
    const ref = getPath(config, m[1]);
    const id = refId(ref);
    const value =
      typeof ref === "object" && ref
        ? (ref as { params?: Record<string, number> }).params?.[m[2]]
        : undefined;
    if (value !== undefined) return value;
    return id && registry.has("activation", id)
      ? registry.get("activation", id).params?.[m[2]]?.default
      : undefined;
  }
  const value = getPath(config, spec.id);
  if (spec.id.endsWith("activation") || spec.id.endsWith("Activation")) return refId(value);
  // Fields the URL leaves out show the default the schema fills in.
  return value ?? (spec.id.startsWith("model.secondLayer") ? undefined : getPath(resolved, spec.id));
}
