// Messages between the UI (main thread) and the run worker. Plain data only (structured clone).
import type { AnalysisEvent, ConfigIssue, RunInfo, Snapshot, StepSize, WeightsExport } from "./engine.js";

export interface StopConditions {
  /** Pause when the population (or test) error falls below this. */
  egBelow?: number;
  /** Pause after this many wall-clock seconds of playing. */
  wallSeconds?: number;
}

export type ToWorker =
  | { type: "start"; config: unknown; stop: StopConditions; autoplay: boolean }
  | { type: "play" }
  | { type: "pause" }
  | { type: "step"; size: StepSize }
  | { type: "reset"; autoplay: boolean }
  | { type: "stop-conditions"; stop: StopConditions }
  | { type: "weights" }
  | { type: "checkpoint" };

export type RunStatus = "paused" | "running" | "done" | "stopped";

export type FromWorker =
  | { type: "ready"; runId: number; info: RunInfo }
  | { type: "snapshots"; runId: number; batch: Snapshot[] }
  | { type: "status"; runId: number; status: RunStatus; reason?: string }
  | { type: "invalid"; issues: ConfigIssue[] }
  | { type: "error"; message: string }
  | { type: "backend"; name: string; detail: string }
  | { type: "throughput"; runId: number; stepsPerSecond: number; unit: string }
  | { type: "kernel"; runId: number; kernel: string }
  /** A live analysis event the engine emitted (plateau entered/left, escape, node specialised). */
  | { type: "analysis"; runId: number; source: string; event: AnalysisEvent }
  | { type: "weights"; weights: WeightsExport | undefined }
  | { type: "checkpoint"; state: unknown };
