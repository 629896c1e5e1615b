// The run worker: owns the engine run, streams its snapshots to the UI in batches (a few per frame at most),
// and applies play/pause/step/reset and the stop conditions. The main thread never runs the engine.
/// <reference lib="webworker" />
import { selectTfBackend } from "./backend.js";
import { browserRunHost } from "./distill-host.js";
import { type ConfigIssue, type EngineRun, openRun, recipeRegistry, type Snapshot } from "./engine.js";
import type { FromWorker, StopConditions, ToWorker } from "./protocol.js";

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: FromWorker) => scope.postMessage(message);
// The recipe's packs from the fixed map, resolved once (as serveRun does for a CLI worker).
const registry = recipeRegistry();
// tfjs's backend, chosen once at start; distill runs train on it.
const backend = selectTfBackend();

let run: EngineRun | undefined;
let runId = 0;
let config: unknown;
let stop: StopConditions = {};
let playing = false;
let batch: Snapshot[] = [];
let playedMs = 0;
let playStart = 0;
// Throughput: SGD steps of the simulation per wall-clock second while playing.
let simSteps = 0;
let lastSimStep = 0;
let busyMs = 0;

const FLUSH_MS = 40;

function flush(): void {
  if (batch.length === 0) return;
  post({ type: "snapshots", runId, batch });
  batch = [];
}
setInterval(flush, FLUSH_MS);

function setPlaying(on: boolean, reason?: string): void {
  if (!run) return;
  if (on && !playing) playStart = performance.now();
  if (!on && playing) playedMs += performance.now() - playStart;
  playing = on;
  if (on) run.resume();
  else run.pause();
  post({ type: "status", runId, status: on ? "running" : "paused", reason });
}

function stopReason(s: Snapshot): string | undefined {
  const eg = s.loss.gen ?? s.loss.test;
  if (stop.egBelow !== undefined && eg !== undefined && eg < stop.egBelow)
    return `eg ${eg.toPrecision(3)} < ${stop.egBelow}`;
  const wall = playedMs + (playing ? performance.now() - playStart : 0);
  if (stop.wallSeconds !== undefined && wall / 1000 >= stop.wallSeconds)
    return `wall time ${stop.wallSeconds} s reached`;
  return undefined;
}

async function pump(current: EngineRun, id: number): Promise<void> {
  const it = current.outputs();
  let kernelSent = false;
  try {
    for (;;) {
      const started = performance.now();
      const next = await it.next();
      if (id !== runId) {
        // A newer run replaced this one: close the engine's loop so it disposes its sources (tfjs memory).
        void it.return(undefined);
        return;
      }
      if (next.done) break;
      if (next.value.type === "analysis") {
        flush();
        post({ type: "analysis", runId: id, source: next.value.source, event: next.value.event });
        continue;
      }
      const s = next.value.snapshot;
      if (!kernelSent) {
        kernelSent = true;
        const kernel = current.kernel();
        if (kernel) post({ type: "kernel", runId: id, kernel });
      }
      if (playing) busyMs += performance.now() - started;
      if (s.source === "sim") {
        simSteps += s.step - lastSimStep;
        lastSimStep = s.step;
        if (busyMs > 250) {
          post({
            type: "throughput",
            runId,
            stepsPerSecond: (simSteps / busyMs) * 1000,
            unit: "SGD steps/s",
          });
          simSteps = 0;
          busyMs = 0;
        }
      }
      batch.push(s);
      if (!playing) flush();
      const reason = playing ? stopReason(s) : undefined;
      if (reason) {
        flush();
        setPlaying(false, `stopped: ${reason}`);
      }
    }
    flush();
    post({ type: "status", runId, status: "done" });
    playing = false;
  } catch (error) {
    if (id !== runId) return;
    flush();
    post({ type: "error", message: (error as Error).message });
    post({ type: "status", runId, status: "stopped", reason: (error as Error).message });
  }
}

async function start(autoplay: boolean): Promise<void> {
  try {
    const kind = (config as { kind?: unknown } | undefined)?.kind;
    const host = kind === "distill" ? await browserRunHost(backend) : undefined;
    begin(openRun(config, await registry, host), autoplay);
  } catch (error) {
    report(error);
  }
}

function report(error: unknown): void {
  const issues = (error as { issues?: ConfigIssue[] }).issues;
  if (Array.isArray(issues)) post({ type: "invalid", issues });
  else post({ type: "error", message: (error as Error).message });
}

function begin(next: EngineRun, autoplay: boolean): void {
  run = next;
  runId += 1;
  batch = [];
  playing = false;
  playedMs = 0;
  simSteps = 0;
  lastSimStep = 0;
  busyMs = 0;
  run.pause();
  post({ type: "ready", runId, info: run.info });
  post({ type: "status", runId, status: "paused" });
  void pump(run, runId);
  // Show the start at once (α = 0: the initial overlaps), as a step while paused.
  if (autoplay) setPlaying(true);
  // A distill run's first grid point is a whole epoch of training: it waits for play or step.
  else if (run.info.kind !== "distill") run.step({ by: "grid" });
}

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const msg = event.data;
  try {
    switch (msg.type) {
      case "start": {
        run?.stop();
        config = msg.config;
        stop = msg.stop;
        void start(msg.autoplay);
        break;
      }
      case "reset":
        // A fresh engine run of the same config: the same teacher and the same initial student.
        if (run) {
          run.stop();
          void start(msg.autoplay);
        }
        break;
      case "play":
        setPlaying(true);
        break;
      case "pause":
        setPlaying(false);
        break;
      case "step":
        if (playing) setPlaying(false);
        run?.step(msg.size);
        break;
      case "stop-conditions":
        stop = msg.stop;
        break;
      case "weights":
        post({ type: "weights", weights: run?.weights() });
        break;
      case "checkpoint":
        post({ type: "checkpoint", state: run?.checkpoint() });
        break;
    }
  } catch (error) {
    report(error);
  }
};

void backend.then(
  (r) => post({ type: "backend", name: r.name, detail: r.detail }),
  (error) => post({ type: "backend", name: "none", detail: (error as Error).message }),
);
