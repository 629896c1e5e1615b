// The top of the page: the preset ("data set") picker, the transport controls with the counter, stop
// conditions, and the reproducibility badge.

import type { Snapshot } from "@pupil/plugin";
import { useState } from "react";
import type { RunView } from "../engine/client.js";
import type { Preset, RunInfo, StepSize } from "../worker/engine.js";
import { KernelBadge } from "./KernelBadge.js";

export function PresetPicker({
  presets,
  current,
  onPick,
  disabled,
}: {
  presets: readonly Preset[];
  current?: string;
  onPick: (p: Preset) => void;
  disabled: boolean;
}) {
  return (
    <nav className="presets" data-testid="presets" aria-label="presets">
      {presets.map((p) => (
        <button
          type="button"
          key={p.name}
          className={p.name === current ? "preset active" : "preset"}
          onClick={() => onPick(p)}
          disabled={disabled}
          title={`${p.title}\n${p.paper}`}
          data-testid={`preset-${p.name}`}
        >
          <b>{p.name}</b>
          <small>{String(p.config.kind)}</small>
        </button>
      ))}
    </nav>
  );
}

const STEP_CHOICES: { key: string; label: string; size: StepSize }[] = [
  { key: "sgd", label: "1 SGD step", size: { by: "sgd", steps: 1 } },
  { key: "a0.1", label: "Δα = 0.1", size: { by: "alpha", delta: 0.1 } },
  { key: "a1", label: "Δα = 1", size: { by: "alpha", delta: 1 } },
  { key: "a10", label: "Δα = 10", size: { by: "alpha", delta: 10 } },
  { key: "grid", label: "next recorded α", size: { by: "grid" } },
];

export function Transport({
  view,
  onPlay,
  onPause,
  onStep,
  onReset,
  onNewSeed,
  onPin,
  locked,
}: {
  view: RunView;
  onPlay: () => void;
  onPause: () => void;
  onStep: (size: StepSize) => void;
  onReset: () => void;
  onNewSeed: () => void;
  onPin: () => void;
  locked: (id: string) => boolean;
}) {
  const [stepKey, setStepKey] = useState("grid");
  const running = view.status === "running";
  const isTrain = view.info?.timeUnit === "epoch";
  const idle = view.status === "idle" || !!view.imported;
  return (
    <div className="transport" data-testid="transport">
      <button
        type="button"
        onClick={onReset}
        disabled={idle || locked("reset")}
        data-testid="reset"
        title="Back to the start: the same teacher and the same initial student"
      >
        ↺ reset
      </button>
      <button
        type="button"
        className="play"
        onClick={running ? onPause : onPlay}
        disabled={idle || view.status === "done"}
        data-testid="play"
        aria-label={running ? "pause" : "play"}
      >
        {running ? "❚❚ pause" : "▶ play"}
      </button>
      <button
        type="button"
        onClick={() => onStep(STEP_CHOICES.find((c) => c.key === stepKey)?.size ?? { by: "grid" })}
        disabled={idle || view.status === "done"}
        data-testid="step"
      >
        step ▸
      </button>
      {!isTrain && (
        <select
          value={stepKey}
          onChange={(e) => setStepKey(e.target.value)}
          data-testid="step-size"
          aria-label="step size"
        >
          {STEP_CHOICES.map((c) => (
            <option key={c.key} value={c.key}>
              {c.label}
            </option>
          ))}
        </select>
      )}
      <button
        type="button"
        onClick={onNewSeed}
        disabled={locked("seed")}
        data-testid="new-seed"
        title="A new seed: a new teacher and a new initial student"
      >
        ⚄ new seed
      </button>
      <button
        type="button"
        onClick={onPin}
        disabled={view.snapshots.length === 0}
        data-testid="pin"
        title="Freeze this run's curves as ghosts to compare against"
      >
        ⚲ pin run
      </button>
      <Counter info={view.info} snapshots={view.snapshots} />
      <span className={`status status-${view.status}`} data-testid="status">
        {view.status}
        {view.reason ? ` (${view.reason})` : ""}
      </span>
    </div>
  );
}

export function Counter({ info, snapshots }: { info?: RunInfo; snapshots: Snapshot[] }) {
  const last = snapshots[snapshots.length - 1];
  if (!last || !info)
    return (
      <span className="counter" data-testid="counter">
        step 0 · α = 0
      </span>
    );
  if (last.timeUnit === "epoch")
    return (
      <span className="counter" data-testid="counter">
        epoch {last.t} / {info.tMax} · optimizer steps {last.step.toLocaleString("en")}
      </span>
    );
  const sgd = Math.round(last.t * info.N);
  return (
    <span className="counter" data-testid="counter" data-alpha={last.t} data-steps={sgd}>
      SGD steps {sgd.toLocaleString("en")} · α = {+last.t.toPrecision(6)} / {info.tMax}
    </span>
  );
}

export function StopConditions({
  stop,
  onChange,
  hidden,
}: {
  stop: { egBelow?: number; wallSeconds?: number };
  onChange: (stop: { egBelow?: number; wallSeconds?: number }) => void;
  hidden: boolean;
}) {
  if (hidden) return null;
  const num = (v: string) => (v.trim() === "" ? undefined : Number(v));
  return (
    <div
      className="stop-conditions"
      data-testid="stop-conditions"
      title="Pause the run when one of these is reached (α max is a control)"
    >
      stop when eg &lt;{" "}
      <input
        type="text"
        size={7}
        defaultValue={stop.egBelow ?? ""}
        data-testid="stop-eg"
        onKeyDown={(e) => e.key === "Enter" && onChange({ ...stop, egBelow: num(e.currentTarget.value) })}
        onBlur={(e) => onChange({ ...stop, egBelow: num(e.currentTarget.value) })}
      />{" "}
      or after{" "}
      <input
        type="text"
        size={5}
        defaultValue={stop.wallSeconds ?? ""}
        data-testid="stop-wall"
        onKeyDown={(e) => e.key === "Enter" && onChange({ ...stop, wallSeconds: num(e.currentTarget.value) })}
        onBlur={(e) => onChange({ ...stop, wallSeconds: num(e.currentTarget.value) })}
      />{" "}
      s of wall time
    </div>
  );
}

export function Badge({
  seed,
  hash,
  versions,
  view,
}: {
  seed: unknown;
  hash: string;
  versions: Record<string, string>;
  view: RunView;
}) {
  return (
    <details className="badge" data-testid="badge">
      <summary>
        <span title="Reproducibility: the same URL gives the same run bit for bit">
          ✔ seed {String(seed ?? 0)} · config {hash}
        </span>{" "}
        · tfjs <b data-testid="backend">{view.backend?.name ?? "loading…"}</b>
        {view.info?.kernel && <KernelBadge kernel={view.info.kernel} />}
        {view.throughput && (
          <span data-testid="throughput" data-value={view.throughput.value}>
            {" "}
            · {Math.round(view.throughput.value).toLocaleString("en")} {view.throughput.unit}
          </span>
        )}
      </summary>
      <table>
        <tbody>
          {Object.entries(versions).map(([name, version]) => (
            <tr key={name}>
              <td>{name}</td>
              <td>{version}</td>
            </tr>
          ))}
          <tr>
            <td>tfjs backend</td>
            <td>{view.backend?.detail ?? "…"}</td>
          </tr>
        </tbody>
      </table>
    </details>
  );
}
