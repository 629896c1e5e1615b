// The UI's side of the run worker: sends commands, collects snapshot batches into a store that React reads
// at most once per animation frame (so a fast run never floods the main thread with renders).
import type {
  AnalysisEvent,
  ConfigIssue,
  RunInfo,
  Snapshot,
  StepSize,
  WeightsExport,
} from "../worker/engine.js";
import type { FromWorker, RunStatus, StopConditions, ToWorker } from "../worker/protocol.js";
import { importedAnalysis } from "./imported.js";

export interface RunView {
  /** Bumped whenever anything below changes. */
  version: number;
  info?: RunInfo;
  status: RunStatus | "idle";
  reason?: string;
  snapshots: Snapshot[];
  /** Snapshots per source ("ode", "sim", "train"), in time order. */
  bySource: Record<string, Snapshot[]>;
  issues: ConfigIssue[];
  error?: string;
  backend?: { name: string; detail: string };
  throughput?: { value: number; unit: string };
  /** The engine's live analysis events (plateau entered/left, escape, node specialised), per source. */
  analysis: Record<string, AnalysisEvent[]>;
  /** Loaded from a CLI run directory rather than run here. */
  imported?: { name: string; files: string[] };
}

/** Redraws per second are capped at 1000 / NOTIFY_MS: smooth enough, and light on the main thread. */
const NOTIFY_MS = 80;

const empty = (): RunView => ({
  version: 0,
  status: "idle",
  snapshots: [],
  bySource: {},
  issues: [],
  analysis: {},
});

export class RunClient {
  readonly #worker: Worker;
  #view: RunView = empty();
  #runId = 0;
  #listeners = new Set<() => void>();
  #frame = 0;
  #replies = new Map<string, (value: unknown) => void>();

  constructor() {
    this.#worker = new Worker(new URL("../worker/run.worker.ts", import.meta.url), { type: "module" });
    this.#worker.onmessage = (e: MessageEvent<FromWorker>) => this.#receive(e.data);
    this.#worker.onerror = (e) => this.#update({ error: `worker: ${e.message}` });
  }

  get view(): RunView {
    return this.#view;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };
  getSnapshot = (): RunView => this.#view;

  start(config: unknown, stop: StopConditions, autoplay = false): void {
    this.#view = { ...empty(), backend: this.#view.backend, version: this.#view.version + 1 };
    this.#send({ type: "start", config, stop, autoplay });
    this.#notify();
  }
  play = () => this.#send({ type: "play" });
  pause = () => this.#send({ type: "pause" });
  step = (size: StepSize) => this.#send({ type: "step", size });
  reset = (autoplay = false) => this.#send({ type: "reset", autoplay });
  setStop = (stop: StopConditions) => this.#send({ type: "stop-conditions", stop });

  weights(): Promise<WeightsExport | undefined> {
    return this.#ask("weights", { type: "weights" }) as Promise<WeightsExport | undefined>;
  }
  checkpoint(): Promise<unknown> {
    return this.#ask("checkpoint", { type: "checkpoint" });
  }

  /** Shows snapshots read from a CLI run directory, with no run in the worker. */
  showImported(
    name: string,
    files: string[],
    snapshots: Snapshot[],
    info?: RunInfo,
    summary?: Record<string, unknown>,
  ): void {
    this.#send({ type: "pause" });
    this.#runId = -1;
    const bySource: Record<string, Snapshot[]> = {};
    for (const s of snapshots) {
      bySource[s.source] ??= [];
      bySource[s.source].push(s);
    }
    this.#view = {
      ...empty(),
      backend: this.#view.backend,
      version: this.#view.version + 1,
      status: "done",
      info,
      snapshots,
      bySource,
      imported: { name, files },
      analysis: importedAnalysis(bySource, summary),
    };
    this.#notify();
  }

  #ask(key: string, message: ToWorker): Promise<unknown> {
    return new Promise((resolve) => {
      this.#replies.set(key, resolve);
      this.#send(message);
    });
  }

  #send(message: ToWorker): void {
    this.#worker.postMessage(message);
  }

  #receive(msg: FromWorker): void {
    switch (msg.type) {
      case "ready":
        this.#runId = msg.runId;
        this.#view = {
          ...empty(),
          backend: this.#view.backend,
          version: this.#view.version + 1,
          info: msg.info,
          status: "paused",
        };
        break;
      case "snapshots": {
        if (msg.runId !== this.#runId) return;
        const snapshots = this.#view.snapshots.concat(msg.batch);
        const bySource = { ...this.#view.bySource };
        for (const s of msg.batch) bySource[s.source] = (bySource[s.source] ?? []).concat(s);
        this.#update({ snapshots, bySource });
        return;
      }
      case "status":
        if (msg.runId !== this.#runId) return;
        this.#update({ status: msg.status, reason: msg.reason });
        return;
      case "invalid":
        this.#update({ issues: msg.issues, status: "idle" });
        return;
      case "error":
        this.#update({ error: msg.message });
        return;
      case "backend":
        this.#update({ backend: { name: msg.name, detail: msg.detail } });
        return;
      case "throughput":
        if (msg.runId !== this.#runId) return;
        this.#update({ throughput: { value: msg.stepsPerSecond, unit: msg.unit } });
        return;
      case "kernel":
        if (msg.runId !== this.#runId || !this.#view.info) return;
        this.#update({ info: { ...this.#view.info, kernel: msg.kernel } });
        return;
      case "analysis": {
        if (msg.runId !== this.#runId) return;
        const analysis = { ...this.#view.analysis };
        analysis[msg.source] = [...(analysis[msg.source] ?? []), msg.event];
        this.#update({ analysis });
        return;
      }
      case "weights":
      case "checkpoint": {
        const reply = this.#replies.get(msg.type);
        this.#replies.delete(msg.type);
        reply?.(msg.type === "weights" ? msg.weights : msg.state);
        return;
      }
    }
    this.#notify();
  }

  #update(patch: Partial<RunView>): void {
    this.#view = { ...this.#view, ...patch, version: this.#view.version + 1 };
    this.#notify();
  }

  #lastNotify = 0;

  /** Listeners run at most once per animation frame and at most every NOTIFY_MS. */
  #notify(): void {
    if (this.#frame) return;
    const wait = Math.max(0, this.#lastNotify + NOTIFY_MS - performance.now());
    this.#frame = setTimeout(() => {
      requestAnimationFrame(() => {
        this.#frame = 0;
        this.#lastNotify = performance.now();
        for (const l of this.#listeners) l();
      });
    }, wait) as unknown as number;
  }
}
