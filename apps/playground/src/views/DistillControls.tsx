// The controls of a distill config: data, schedule and optimiser fields, the loss picker, and the chosen loss's
// params drawn from the rules the loss plugin exports (lossParamRules: default, bounds, choices). A control's
// id is its config path (what `_hide` / `_lock` name); a value the URL leaves out shows its default.
import {
  attentionParams,
  factorTransferParams,
  fitnetsParams,
  kdParams,
  lossParamRules,
  type NumberRule,
} from "@pupil/plugin-distill";
import { memo, useEffect, useState } from "react";
import { getPath, setPath } from "../state/config-path.js";

type Config = Record<string, unknown>;

export interface DistillControlsProps {
  config: Config;
  /** The config with the schema's defaults filled in. */
  resolved?: unknown;
  hidden: (id: string) => boolean;
  locked: (id: string) => boolean;
  invalid: readonly string[];
  onConfig: (next: Config) => void;
}

interface FieldSpec {
  id: string;
  label: string;
  doc: string;
  /** Number bounds, or the values to choose from. */
  min?: number;
  above?: number;
  max?: number;
  integer?: boolean;
  choices?: readonly (string | number)[];
  optional?: boolean;
}

const RUN_FIELDS: FieldSpec[] = [
  {
    id: "seed",
    label: "seed",
    doc: "Run seed: the nets' initialisation and the data order",
    min: 0,
    integer: true,
  },
  {
    id: "lr",
    label: "learning rate",
    doc: "The run's learning rate (a stage's own lr overrides it)",
    above: 0,
  },
  {
    id: "distill.data.dataset",
    label: "data set",
    doc: "Image data set (served by this app; templated is generated)",
    choices: ["fashion-mnist", "mnist", "templated"],
  },
  {
    id: "distill.data.trainSize",
    label: "training images",
    doc: "A class-balanced subset of the split's training part (empty: all of it)",
    min: 1,
    integer: true,
    optional: true,
  },
  {
    id: "distill.data.testSize",
    label: "test images",
    doc: "A class-balanced subset of the split's test part (empty: all of it)",
    min: 1,
    integer: true,
    optional: true,
  },
  {
    id: "distill.teacher.epochs",
    label: "teacher epochs",
    doc: "Epochs of teacher training",
    min: 0,
    integer: true,
  },
  {
    id: "distill.preStage.epochs",
    label: "pre-stage epochs",
    doc: "Epochs of the loss's pre-stages (factor transfer's paraphraser); empty: the loss's suggestion",
    min: 0,
    integer: true,
    optional: true,
  },
  {
    id: "distill.student.epochs",
    label: "student epochs",
    doc: "Epochs of student training",
    min: 0,
    integer: true,
  },
  { id: "distill.batchSize", label: "batch size", doc: "Images per optimiser step", min: 1, integer: true },
  {
    id: "distill.optimizer",
    label: "optimiser",
    doc: "The optimiser of teacher and student",
    choices: ["adam", "sgd"],
  },
];

const NO_LOSS = "none";

/** Each loss's own resolution of its params (a named mode's values under the given ones): what a run uses. */
const RESOLVE_PARAMS: Record<string, (params: Record<string, unknown>) => Record<string, unknown>> = {
  kd: kdParams,
  fitnets: fitnetsParams,
  attention: attentionParams,
  "factor-transfer": factorTransferParams,
};

/** The values the loss runs with; the rules' defaults when the given params do not resolve (their error shows). */
export function resolvedParams(
  id: string | undefined,
  params: Record<string, unknown>,
): Record<string, unknown> {
  try {
    return id && Object.hasOwn(RESOLVE_PARAMS, id) ? RESOLVE_PARAMS[id](params) : {};
  } catch {
    return {};
  }
}

function lossOf(config: Config): { id?: string; params: Record<string, unknown> } {
  const ref = getPath(config, "distill.loss");
  if (typeof ref === "string") return { id: ref, params: {} };
  if (ref && typeof ref === "object") {
    const r = ref as { id?: string; params?: Record<string, unknown> };
    return { id: r.id, params: { ...(r.params ?? {}) } };
  }
  return { params: {} };
}

/** The fields of the chosen loss's params, from its rules. */
export function lossParamFields(lossId: string | undefined): (FieldSpec & { default: string | number })[] {
  const rules = lossId && Object.hasOwn(lossParamRules, lossId) ? lossParamRules[lossId] : undefined;
  return Object.entries(rules ?? {}).map(([name, rule]) => {
    const r = rule as Partial<NumberRule> & { choices?: readonly (string | number)[] };
    return {
      id: `distill.loss.params.${name}`,
      label: `${lossId} ${name}`,
      doc: `${lossId} parameter ${name} (default ${rule.default})`,
      default: rule.default,
      choices: r.choices,
      min: r.min,
      max: r.max,
      above: r.above,
      integer: r.integer,
    };
  });
}

export const DistillControls = memo(
  DistillControlsView,
  (a, b) => a.config === b.config && a.resolved === b.resolved && a.invalid === b.invalid,
);

function DistillControlsView({ config, resolved, hidden, locked, invalid, onConfig }: DistillControlsProps) {
  const loss = lossOf(config);
  const set = (id: string, value: unknown) => {
    const param = /^distill\.loss\.params\.(\w+)$/.exec(id);
    if (param) {
      // A loss given by its id alone becomes { id, params } when a param is set.
      const params = { ...loss.params, [param[1]]: value };
      if (value === undefined) delete params[param[1]];
      onConfig(setPath(config, "distill.loss", { id: loss.id, params }));
    } else onConfig(setPath(config, id, value));
  };
  const field = (spec: FieldSpec, value: unknown) =>
    hidden(spec.id) ? null : (
      // biome-ignore lint/a11y/noLabelWithoutControl: the input is rendered inside
      <label
        key={spec.id}
        className={
          invalid.some((f) => f === spec.id || f.startsWith(`${spec.id}.`)) ? "control invalid" : "control"
        }
        title={spec.doc}
      >
        <span className="control-label">{spec.label}</span>
        <Field spec={spec} value={value} disabled={locked(spec.id)} onChange={(v) => set(spec.id, v)} />
      </label>
    );
  const lossIds = Object.keys(lossParamRules);
  const effective = resolvedParams(loss.id, loss.params);
  return (
    <div className="controls" data-testid="controls">
      {RUN_FIELDS.map((spec) => field(spec, getPath(config, spec.id) ?? getPath(resolved, spec.id)))}
      {!hidden("distill.loss") && (
        <label
          className="control"
          title="The distillation loss plugin (none: the plain student, cross-entropy only)"
        >
          <span className="control-label">distillation loss</span>
          <select
            data-testid="control-distill.loss"
            disabled={locked("distill.loss")}
            value={loss.id ?? NO_LOSS}
            onChange={(e) =>
              onConfig(
                setPath(
                  config,
                  "distill.loss",
                  e.target.value === NO_LOSS ? null : { id: e.target.value, params: {} },
                ),
              )
            }
          >
            <option value={NO_LOSS}>none (plain student)</option>
            {lossIds.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
      )}
      {lossParamFields(loss.id).map((spec) => {
        // A param the config leaves out shows what the loss resolves it to (a mode may set it).
        const name = spec.id.split(".").at(-1) ?? "";
        return field(spec, loss.params[name] ?? effective[name] ?? spec.default);
      })}
    </div>
  );
}

function Field({
  spec,
  value,
  disabled,
  onChange,
}: {
  spec: FieldSpec;
  value: unknown;
  disabled: boolean;
  onChange: (v: unknown) => void;
}) {
  const testId = `control-${spec.id}`;
  if (spec.choices) {
    const numeric = typeof spec.choices[0] === "number";
    return (
      <select
        data-testid={testId}
        disabled={disabled}
        value={String(value ?? "")}
        onChange={(e) => onChange(numeric ? Number(e.target.value) : e.target.value)}
      >
        {spec.choices.map((c) => (
          <option key={String(c)} value={String(c)}>
            {String(c)}
          </option>
        ))}
      </select>
    );
  }
  return <NumberField testId={testId} spec={spec} value={value} disabled={disabled} onChange={onChange} />;
}

/** A text box that commits on Enter or blur; out-of-bounds text is passed on for the schema to name. */
function NumberField({
  testId,
  spec,
  value,
  disabled,
  onChange,
}: {
  testId: string;
  spec: FieldSpec;
  value: unknown;
  disabled: boolean;
  onChange: (v: unknown) => void;
}) {
  const text = value === undefined || value === null ? "" : String(value);
  const [draft, setDraft] = useState(text);
  useEffect(() => setDraft(text), [text]);
  const commit = () => {
    if (draft === text) return;
    if (draft.trim() === "" && spec.optional) return onChange(undefined);
    const n = Number(draft);
    onChange(draft.trim() !== "" && Number.isFinite(n) ? n : draft);
  };
  const bounds = [
    spec.above !== undefined ? `> ${spec.above}` : spec.min !== undefined ? `≥ ${spec.min}` : "",
    spec.max !== undefined ? `≤ ${spec.max}` : "",
    spec.integer ? "integer" : "",
  ]
    .filter(Boolean)
    .join(", ");
  return (
    <input
      data-testid={testId}
      type="text"
      inputMode="decimal"
      placeholder={spec.optional ? "all" : undefined}
      title={bounds ? `${spec.doc} (${bounds})` : spec.doc}
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
