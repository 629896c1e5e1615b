// The run's controls, generated from descriptors of the config's fields and, for activation plugins, from
// each plugin's own `params` schema (min, max, default, doc). Every control's id is its config path, which
// is also what the URL's `_hide` / `_lock` name (classroom mode).
import type { ActivationPlugin, Registry } from "@pupil/plugin";
import { memo, useEffect, useState } from "react";
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
export function controlsFor(config: Record<string, unknown>, registry: Registry): ControlSpec[] {
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
function paramControls(path: string, ref: unknown, registry: Registry): ControlSpec[] {
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
  registry: Registry,
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

export interface ControlsProps {
  specs: ControlSpec[];
  config: Record<string, unknown>;
  registry: Registry;
  hidden: (id: string) => boolean;
  locked: (id: string) => boolean;
  onChange: (id: string, value: unknown) => void;
  /** The config with the schema's defaults filled in (for the values the URL leaves out). */
  resolved?: unknown;
  /** Fields named by a validation error: their controls are outlined. */
  invalid?: readonly string[];
}

/** Redrawn when the config (a new object on every URL change) or its resolved form changes, not per snapshot. */
export const Controls = memo(
  ControlsView,
  (a, b) => a.config === b.config && a.resolved === b.resolved && a.specs === b.specs,
);

function ControlsView({
  specs,
  config,
  registry,
  hidden,
  locked,
  onChange,
  resolved,
  invalid = [],
}: ControlsProps) {
  return (
    <div className="controls" data-testid="controls">
      {specs
        .filter((s) => !hidden(s.id))
        .map((s) => (
          // biome-ignore lint/a11y/noLabelWithoutControl: the input is rendered inside, by Field
          <label
            key={s.id}
            className={
              invalid.some((f) => f === s.id || f.startsWith(`${s.id}.`)) ? "control invalid" : "control"
            }
            title={s.doc}
          >
            <span className="control-label">{s.label}</span>
            <Field
              spec={s}
              value={controlValue(config, s, registry, resolved)}
              disabled={locked(s.id)}
              onChange={(v) => onChange(s.id, v)}
            />
          </label>
        ))}
    </div>
  );
}

function Field({
  spec,
  value,
  disabled,
  onChange,
}: {
  spec: ControlSpec;
  value: unknown;
  disabled: boolean;
  onChange: (v: unknown) => void;
}) {
  const testId = `control-${spec.id}`;
  switch (spec.type) {
    case "select":
      return (
        <select
          data-testid={testId}
          disabled={disabled}
          value={typeof value === "string" ? value : ""}
          onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value)}
        >
          {spec.defaultLabel !== undefined && <option value="">{spec.defaultLabel}</option>}
          {spec.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
    case "boolean":
      return (
        <input
          data-testid={testId}
          type="checkbox"
          disabled={disabled}
          checked={value !== false}
          onChange={(e) => onChange(e.target.checked)}
        />
      );
    case "choice": {
      // A value from the URL that is not on the ladder joins it, so the slider never shows another value.
      const values = [...new Set([...spec.values, Number(value)])]
        .filter(Number.isFinite)
        .sort((a, b) => a - b);
      const index = Math.max(0, values.indexOf(Number(value)));
      return (
        <span className="choice">
          <input
            data-testid={testId}
            type="range"
            min={0}
            max={values.length - 1}
            value={index}
            disabled={disabled}
            onChange={(e) => onChange(values[Number(e.target.value)])}
          />
          <output>{values[index]}</output>
        </span>
      );
    }
    case "json":
      return (
        <TextField
          testId={testId}
          text={JSON.stringify(value ?? "")}
          disabled={disabled}
          parse={(t) => JSON.parse(t)}
          onChange={onChange}
        />
      );
    case "number":
      return (
        <TextField
          testId={testId}
          text={value === undefined ? "" : String(value)}
          disabled={disabled}
          parse={(t) => (t.trim() === "" && spec.optional ? undefined : Number(t))}
          onChange={onChange}
        />
      );
  }
}

/** A text box that commits on Enter or blur (so typing "0.25" does not restart the run three times). */
function TextField({
  testId,
  text,
  disabled,
  parse,
  onChange,
}: {
  testId: string;
  text: string;
  disabled: boolean;
  parse: (t: string) => unknown;
  onChange: (v: unknown) => void;
}) {
  const [draft, setDraft] = useState(text);
  useEffect(() => setDraft(text), [text]);
  const commit = () => {
    if (draft === text) return;
    try {
      onChange(parse(draft));
    } catch {
      onChange(draft);
    }
  };
  return (
    <input
      data-testid={testId}
      type="text"
      inputMode="decimal"
      value={draft}
      disabled={disabled}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === "Enter") commit();
      }}
    />
  );
}
