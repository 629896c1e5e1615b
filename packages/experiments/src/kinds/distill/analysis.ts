// What a distill run reports as it goes and in summary.json, by one set of definitions: a stage starts at its
// first snapshot; a stage's best test accuracy is the maximum over its snapshots, reached first at the earliest
// epoch with that value (a new best is an accuracy strictly above every earlier one of the stage); a stage
// finishes at its last epoch with its last accuracy and distillation term. The live tracker applies them
// point by point, distillSummary to the whole log, so the live log and summary.json agree.
import type { Snapshot } from "@pupil/plugin";
import type { LiveAnalysis } from "../../run/source.js";

export type DistillEvent =
  | { readonly type: "stage-started"; readonly t: number; readonly stage: string }
  | { readonly type: "best-accuracy"; readonly t: number; readonly stage: string; readonly accuracy: number }
  | {
      readonly type: "stage-finished";
      readonly t: number;
      readonly stage: string;
      /** Test accuracy at the stage's last epoch and its best (stages without a net, e.g. paraphraser: none). */
      readonly accuracy?: number;
      readonly best?: number;
      /** The distillation term (train mean) at the student's last epoch. */
      readonly term?: number;
    };

/** A stage on the run's epoch axis: its name (the snapshots' source) and its last global epoch. */
export interface StageSpan {
  readonly name: string;
  readonly last: number;
}

export interface DistillTrackerState {
  stage: string | null;
  best: number | null;
}

const numberOf = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

export class DistillTracker implements LiveAnalysis {
  readonly #stages: readonly StageSpan[];
  #s: DistillTrackerState;

  constructor(stages: readonly StageSpan[], state?: unknown) {
    this.#stages = stages;
    const saved = state as DistillTrackerState | undefined;
    this.#s = saved ? { stage: saved.stage ?? null, best: saved.best ?? null } : { stage: null, best: null };
  }

  getState(): DistillTrackerState {
    return { ...this.#s };
  }

  push(s: Snapshot): DistillEvent[] {
    const stage = String(s.source);
    const events: DistillEvent[] = [];
    if (stage !== this.#s.stage) {
      this.#s = { stage, best: null };
      events.push({ type: "stage-started", t: s.t, stage });
    }
    const accuracy = numberOf(s.metrics["test-accuracy"]);
    if (accuracy !== undefined && (this.#s.best === null || accuracy > this.#s.best)) {
      this.#s.best = accuracy;
      events.push({ type: "best-accuracy", t: s.t, stage, accuracy });
    }
    if (this.#stages.find((x) => x.name === stage)?.last === s.t) {
      const term = numberOf(s.metrics["distill-term"]);
      events.push({
        type: "stage-finished",
        t: s.t,
        stage,
        ...(accuracy === undefined ? {} : { accuracy, best: this.#s.best ?? accuracy }),
        ...(term === undefined ? {} : { term }),
      });
    }
    return events;
  }
}

export interface DistillStageSummary {
  name: string;
  /** First and last global epoch of the stage in the log. */
  from: number;
  to: number;
  /** Best test accuracy of the stage and the first epoch it was reached (stages that evaluate a net). */
  bestAccuracy?: { value: number; epoch: number };
  lastAccuracy?: number;
  /** The distillation term at the stage's last epoch (the student of a run with a loss). */
  lastTerm?: number;
}

/** The stages of a distill log in order, from the whole log at once. */
export function distillSummary(snapshots: readonly Snapshot[]): DistillStageSummary[] {
  const names = [...new Set(snapshots.map((s) => String(s.source)))];
  return names.map((name) => {
    const own = snapshots.filter((s) => String(s.source) === name);
    const ts = own.map((s) => s.t);
    const accuracies = own.flatMap((s) => {
      const a = numberOf(s.metrics["test-accuracy"]);
      return a === undefined ? [] : [{ t: s.t, a }];
    });
    const last = own[own.length - 1];
    const out: DistillStageSummary = { name, from: Math.min(...ts), to: Math.max(...ts) };
    if (accuracies.length > 0) {
      const value = Math.max(...accuracies.map((x) => x.a));
      const epoch = Math.min(...accuracies.filter((x) => x.a === value).map((x) => x.t));
      out.bestAccuracy = { value, epoch };
      const lastAccuracy = numberOf(last?.metrics["test-accuracy"]);
      if (lastAccuracy !== undefined) out.lastAccuracy = lastAccuracy;
    }
    const term = numberOf(last?.metrics["distill-term"]);
    if (term !== undefined) out.lastTerm = term;
    return out;
  });
}
