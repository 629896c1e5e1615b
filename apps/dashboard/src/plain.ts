// Off a TTY: one plain line per snapshot at a fixed cadence (at most one per `interval` seconds, the last
// snapshot always), or every snapshot as JSON lines with --json.

import type { AnalysisEvent, DistillEvent, RunEvent } from "@pupil/experiments";
import type { Snapshot } from "@pupil/plugin";
import { num } from "./ui/format.js";

export function plainLine(s: Snapshot, odeEg?: number): string {
  if (s.timeUnit === "epoch" && s.source !== "train") {
    // A distill stage: teacher, a loss pre-stage (paraphraser) or student.
    const m = s.metrics;
    const parts = [`[${s.source}]`, `epoch=${m["stage-epoch"] ?? s.t}`, `step=${s.step}`];
    if (s.loss.test !== undefined) parts.push(`test=${num(s.loss.test, 4)}`);
    parts.push(`train=${num(s.loss.train, 4)}`);
    if (typeof m["test-accuracy"] === "number") parts.push(`acc=${num(m["test-accuracy"], 4)}`);
    if (typeof m["distill-term"] === "number") parts.push(`term=${num(m["distill-term"], 4)}`);
    return parts.join(" ");
  }
  if (s.source === "train") {
    return `[train] epoch=${s.t} step=${s.step} test=${num(s.loss.test, 4)} train=${num(s.loss.train, 4)}`;
  }
  const parts = [`[${s.source}]`, `α=${num(s.t, 4)}`, `step=${s.step}`, `eg=${num(s.loss.gen, 4)}`];
  if (odeEg !== undefined && s.source === "sim" && s.loss.gen !== undefined) {
    parts.push(`ode=${num(odeEg, 4)}`, `Δ=${(((s.loss.gen - odeEg) / odeEg) * 100).toFixed(1)}%`);
  }
  if (s.overlaps) parts.push(`diagQ=[${s.overlaps.Q.map((r, j) => num(r[j], 3)).join(",")}]`);
  return parts.join(" ");
}

/** A distill stage's event (its stage, not the engine's source, names it: pupil watch sees only stages). */
export function distillEventText(event: DistillEvent): string {
  switch (event.type) {
    case "stage-started":
      return `stage started at epoch ${event.t}`;
    case "best-accuracy":
      return `best test accuracy ${num(event.accuracy, 4)} at epoch ${event.t}`;
    case "stage-finished": {
      // Short enough for the dashboard's event lines (about 80 columns).
      const parts = [`finished at epoch ${event.t}`];
      if (event.accuracy !== undefined)
        parts.push(`accuracy ${num(event.accuracy, 4)} (best ${num(event.best ?? event.accuracy, 4)})`);
      if (event.term !== undefined) parts.push(`term ${num(event.term, 4)}`);
      return parts.join(" · ");
    }
  }
}

/** An analysis event as a line: `[ode] plateau entered at α=3.16 (eg=0.0166)`. */
export function analysisLine(source: string, event: AnalysisEvent): string {
  const at = (t: number) => (source === "train" ? `epoch ${t}` : `α=${num(t, 4)}`);
  switch (event.type) {
    case "plateau-entered":
      return `[${source}] plateau entered at ${at(event.t)} (eg=${num(event.eg, 4)})`;
    case "plateau-left":
      return `[${source}] plateau left at ${at(event.t)}`;
    case "escape":
      return `[${source}] escape at ${at(event.t)} (eg < ${num(event.plateauEg / 2, 4)})`;
    case "node-specialized":
      return `[${source}] teacher node ${event.node} specialized (ρ*=${event.rho.toFixed(3)} > ${event.threshold}) at ${at(event.t)}`;
    default:
      return `[${event.stage}] ${distillEventText(event)}`;
  }
}

export class PlainPrinter {
  #last = Number.NEGATIVE_INFINITY;
  #pending: string | undefined;
  #ode: number | undefined;
  readonly #primary: string;

  constructor(
    private readonly write: (text: string) => void,
    private readonly intervalSeconds: number,
    kind: string,
    private readonly now: () => number = () => performance.now() / 1000,
  ) {
    this.#primary = kind === "ode" ? "ode" : kind === "train" ? "train" : kind === "distill" ? "*" : "sim";
  }

  onEvent(event: RunEvent): void {
    if (event.type === "analysis") {
      this.flush();
      this.write(`${analysisLine(event.source, event.event)}\n`);
      return;
    }
    if (event.type !== "snapshot") return;
    const s = event.snapshot;
    if (s.source === "ode") this.#ode = s.loss.gen;
    if (s.source !== this.#primary && this.#primary !== "*") return;
    const line = plainLine(s, this.#primary === "sim" ? this.#ode : undefined);
    const t = this.now();
    if (t - this.#last >= this.intervalSeconds) {
      this.write(`${line}\n`);
      this.#last = t;
      this.#pending = undefined;
    } else this.#pending = line;
  }

  /** Prints the last snapshot if the cadence skipped it. */
  flush(): void {
    if (this.#pending) this.write(`${this.#pending}\n`);
    this.#pending = undefined;
  }
}

export class JsonPrinter {
  constructor(private readonly write: (text: string) => void) {}
  onEvent(event: RunEvent): void {
    if (event.type === "snapshot") {
      const { throughput: _t, ...rest } = event.snapshot;
      this.write(`${JSON.stringify(rest)}\n`);
    }
  }
  flush(): void {}
}
