// The run's controls, drawn from their descriptors (control-specs.ts).
import type { PluginLookup } from "@pupil/plugin";
import { memo, useEffect, useState } from "react";
import { type ControlSpec, controlValue } from "./control-specs.js";

export type { ControlSpec };

export interface ControlsProps {
  specs: ControlSpec[];
  config: Record<string, unknown>;
  registry: PluginLookup;
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
