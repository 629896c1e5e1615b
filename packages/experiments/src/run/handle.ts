// runExperiment(config, registry): the run as an AsyncIterable<Snapshot> with pause/resume/step/stop.
// It executes in a worker_thread when the registry was built from module URLs (buildRegistry) and the
// package is built; otherwise (a hand-composed registry, or sources under vitest) it runs inline on the
// same engine, yielding to the event loop between grid points.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Registry, Snapshot } from "@pupil/plugin";
import type { ResolvedConfig } from "../config/resolve.js";
import { registryModules } from "../plugins.js";
import { RunControl, type RunStatus } from "./control.js";
import { buildRunPlan, createSources, type EngineEvent, type EngineState, runEngine } from "./engine.js";
import { deserializeError, normaliseError, type SerializedError } from "./errors.js";
import { AsyncQueue } from "./queue.js";

export type RunEvent = EngineEvent | { type: "status"; status: RunStatus };

export interface RunOptions {
  /** Continue from a checkpoint (EngineState from checkpoint.json). */
  resume?: EngineState;
  /** "auto": a worker thread when possible (default); "inline": same thread. */
  execution?: "auto" | "worker" | "inline";
}

export interface RunHandle extends AsyncIterable<Snapshot> {
  /** Everything the run emits: snapshots, checkpoints, status changes, done. Iterate this OR the handle. */
  events(): AsyncIterable<RunEvent>;
  pause(): void;
  resume(): void;
  /** Pauses if running, then lets exactly one grid point through. */
  step(): void;
  /** Stops at the next grid point; a last checkpoint is emitted so the run can be resumed. */
  stop(): void;
  readonly execution: "worker" | "inline";
  readonly status: RunStatus | "done" | "failed";
}

/** The worker script next to the built package (dist/run-worker.js); undefined when running from sources. */
function workerUrl(): URL | undefined {
  for (const rel of ["./run-worker.js", "../run-worker.js"]) {
    const url = new URL(rel, import.meta.url);
    if (url.protocol === "file:" && existsSync(fileURLToPath(url))) return url;
  }
  return undefined;
}

/**
 * Checks that a config can run with this registry (plugins exist, the teacher generates, init overlaps
 * are realisable) without running it. Throws the same ConfigError a run would.
 */
export function checkRunnable(config: ResolvedConfig, registry: Registry): void {
  const plan = buildRunPlan(config, registry);
  if (plan.kind === "committee") createSources(plan);
}

export interface WorkerData {
  kind: "pupil-run";
  config: ResolvedConfig;
  modules: readonly string[];
  resume?: EngineState;
}

export type WorkerMessage = { type: "event"; event: RunEvent } | { type: "error"; error: SerializedError };

export function runExperiment(
  config: ResolvedConfig,
  registry: Registry,
  options: RunOptions = {},
): RunHandle {
  const modules = registryModules(registry);
  const url = workerUrl();
  const want = options.execution ?? "auto";
  if (want === "worker" && (!modules || !url)) {
    throw new Error(
      `execution: "worker" needs a registry from buildRegistry({ modules }) and the built package (${url ? "registry was composed by hand" : "run-worker.js not found"})`,
    );
  }
  const useWorker = want !== "inline" && modules !== undefined && url !== undefined;
  const queue = new AsyncQueue<RunEvent>();
  let state: RunHandle["status"] = "running";
  const track = (event: RunEvent) => {
    if (event.type === "status") state = event.status;
    if (event.type === "done") state = "done";
    queue.push(event);
    if (event.type === "done") queue.end();
  };
  const fail = (error: unknown) => {
    state = "failed";
    queue.fail(error);
  };

  let send: (action: "pause" | "resume" | "step" | "stop") => void;
  let cleanup = () => {};
  if (useWorker) {
    const data: WorkerData = { kind: "pupil-run", config, modules, resume: options.resume };
    const worker = new Worker(url, { workerData: data });
    worker.on("message", (msg: WorkerMessage) => {
      if (msg.type === "event") track(msg.event);
      else fail(deserializeError(msg.error));
    });
    worker.on("error", fail);
    worker.on("exit", (code) => {
      if (state !== "done" && state !== "failed")
        fail(new Error(`run worker exited with code ${code} before the run ended`));
    });
    send = (action) => worker.postMessage({ type: "control", action });
    cleanup = () => void worker.terminate();
  } else {
    const control = new RunControl();
    control.onStatus((status) => track({ type: "status", status }));
    send = (action) => control[action]();
    (async () => {
      try {
        // Start on a later turn, so pause()/step() called right after runExperiment() apply from point 0.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const plan = buildRunPlan(config, registry);
        for await (const event of runEngine(plan, control, {
          resume: options.resume,
          checkpointEvery: config.checkpoint.every,
        })) {
          track(event);
        }
      } catch (error) {
        fail(normaliseError(error));
      }
    })();
  }

  const events = async function* (): AsyncGenerator<RunEvent> {
    try {
      for await (const event of queue) yield event;
    } finally {
      cleanup();
    }
  };
  let consumed = false;
  const take = () => {
    if (consumed) throw new Error("a RunHandle can be iterated once (either the handle or events())");
    consumed = true;
    return events();
  };

  return {
    execution: useWorker ? "worker" : "inline",
    get status() {
      return state;
    },
    events: take,
    async *[Symbol.asyncIterator]() {
      for await (const event of take()) if (event.type === "snapshot") yield event.snapshot;
    },
    pause: () => send("pause"),
    resume: () => send("resume"),
    step: () => send("step"),
    stop: () => send("stop"),
  };
}
