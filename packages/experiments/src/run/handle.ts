// runExperiment(config, registry): the run as an AsyncIterable<Snapshot> with pause/resume/step/stop.
// Where it executes is an explicit option: "inline" (this thread, yielding between grid points) or
// "worker" (a worker the host provides: Node's nodeWorker() or a browser Web Worker; the registry's recipe
// crosses to it and is resolved there). Both run the same engine and give the same snapshots, byte for byte.
import type { FrozenRegistry, Snapshot } from "@pupil/plugin";
import type { ResolvedConfig } from "../config/resolve.js";
import { setupRun } from "../kinds/index.js";
import { RunControl, type RunStatus } from "./control.js";
import { runEngine } from "./engine.js";
import { deserializeError, normaliseError } from "./errors.js";
import type { RunHost } from "./host.js";
import type { ControlAction, RunEvent, WorkerFactory, WorkerMessage } from "./protocol.js";
import { AsyncQueue } from "./queue.js";
import type { EngineState } from "./source.js";
import { nextTurn } from "./turn.js";

export type { RunEvent } from "./protocol.js";

export type Execution = "inline" | "worker";

export interface RunOptions {
  /** Continue from a checkpoint (EngineState from checkpoint.json). */
  resume?: EngineState;
  /** "inline" (default): this thread. "worker": a worker from `worker` (needs a registry built from a recipe). */
  execution?: Execution;
  /** Makes the worker for execution "worker" (Node: nodeWorker() from @pupil/experiments/node). */
  worker?: WorkerFactory;
  /** tfjs, data sets and a stage cache for kinds that need them (inline runs; a worker brings its own). */
  host?: RunHost;
}

export interface RunHandle extends AsyncIterable<Snapshot> {
  /** Everything the run emits: snapshots, checkpoints, status changes, done. Iterate this OR the handle. */
  events(): AsyncIterable<RunEvent>;
  pause(): void;
  resume(): void;
  /** Pauses if running, then lets exactly one grid point through. */
  step(): void;
  /**
   * Pauses, runs until time t (α or epoch) and stays paused there; between grid points the engine emits a
   * "step-snapshot" at t (not part of the recorded log). The recorded snapshots and the final state are
   * those of an uninterrupted run. See RunControl.stepTo.
   */
  stepTo(t: number): void;
  /** Stops at the next grid point; a last checkpoint is emitted so the run can be resumed. */
  stop(): void;
  readonly execution: Execution;
  readonly status: RunStatus | "done" | "failed";
}

/**
 * Checks that a config can run with this registry (plugins exist and accept their params, the teacher
 * generates, init overlaps are realisable) without running it. Throws the same ConfigError a run would.
 */
export function checkRunnable(config: ResolvedConfig, registry: FrozenRegistry, host?: RunHost): void {
  const sources = setupRun(config, registry, host).createSources();
  for (const source of sources) source.dispose?.();
}

export function runExperiment(
  config: ResolvedConfig,
  registry: FrozenRegistry,
  options: RunOptions = {},
): RunHandle {
  const execution = options.execution ?? "inline";
  if (execution !== "inline" && execution !== "worker") {
    throw new Error(`execution: expected "inline" or "worker", got ${JSON.stringify(execution)}`);
  }
  if (execution === "worker" && (!registry.recipe || !options.worker)) {
    throw new Error(
      `execution "worker" needs ${!registry.recipe ? "a registry resolved from a recipe (resolveRecipe); this one was composed by hand" : "options.worker (Node: nodeWorker() from @pupil/experiments/node)"}`,
    );
  }
  const queue = new AsyncQueue<RunEvent>();
  let state: RunHandle["status"] = "running";
  const track = (event: RunEvent) => {
    if (event.type === "status") state = event.status;
    if (event.type === "done") state = "done";
    queue.push(event);
    if (event.type === "done") queue.end();
  };
  const fail = (error: unknown) => {
    if (state === "done" || state === "failed") return;
    state = "failed";
    queue.fail(error);
  };

  let send: (action: ControlAction | "stepTo", t?: number) => void;
  let cleanup = () => {};
  if (execution === "worker" && registry.recipe && options.worker) {
    const port = options.worker();
    port.onMessage((msg: WorkerMessage) => {
      if (msg.type === "event") track(msg.event);
      else fail(deserializeError(msg.error));
    });
    port.onFailure(fail);
    port.post({ type: "start", config, recipe: registry.recipe, resume: options.resume });
    send = (action, t) =>
      port.post(
        action === "stepTo" ? { type: "control", action, t: t ?? Number.NaN } : { type: "control", action },
      );
    cleanup = () => port.terminate();
  } else {
    const control = new RunControl();
    control.onStatus((status) => track({ type: "status", status }));
    send = (action, t) => (action === "stepTo" ? control.stepTo(t ?? Number.NaN) : control[action]());
    (async () => {
      try {
        // Start on a later turn, so pause()/step() called right after runExperiment() apply from point 0.
        await nextTurn();
        const setup = setupRun(config, registry, options.host);
        for await (const event of runEngine(setup, control, {
          resume: options.resume,
          checkpointEvery: config.checkpoint.every,
          divergenceBound: config.divergence.egMax,
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
    execution,
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
    stepTo: (t: number) => {
      if (typeof t !== "number" || Number.isNaN(t)) {
        throw new Error(`stepTo: expected a time (α or epoch), got ${String(t)}`);
      }
      send("stepTo", t);
    },
    stop: () => send("stop"),
  };
}
