// The one message protocol between a host and a run worker, the same for a Node worker_thread and a
// browser Web Worker: the host sends `start` (config, recipe, resume) and `control`; the worker sends
// events back. Everything in it is structured-cloneable.
import type { PluginRecipe } from "@pupil/plugin";
import type { ResolvedConfig } from "../config/resolve.js";
import type { RunStatus } from "./control.js";
import type { SerializedError } from "./errors.js";
import type { EngineEvent, EngineState } from "./source.js";

export type RunEvent = EngineEvent | { type: "status"; status: RunStatus };
export type ControlAction = "pause" | "resume" | "step" | "stop";

export type HostMessage =
  | { type: "start"; config: ResolvedConfig; recipe: PluginRecipe; resume?: EngineState }
  | { type: "control"; action: ControlAction }
  | { type: "control"; action: "stepTo"; t: number };

export type WorkerMessage = { type: "event"; event: RunEvent } | { type: "error"; error: SerializedError };

/** The host's end of a run worker (Node: nodeWorker() from @pupil/experiments/node; browser: webWorkerPort()). */
export interface WorkerPort {
  post(message: HostMessage): void;
  onMessage(listener: (message: WorkerMessage) => void): void;
  /** An uncaught error in the worker, or its exit before the run ended. */
  onFailure(listener: (error: Error) => void): void;
  terminate(): void;
}

export type WorkerFactory = () => WorkerPort;

/** The worker's end: how it posts back and hears the host. */
export interface RunEndpoint {
  post(message: WorkerMessage): void;
  listen(listener: (message: HostMessage) => void): void;
  close?(): void;
}

/** The subset of the DOM's Worker a browser host passes in (no DOM types needed here). */
export interface WebWorkerLike {
  postMessage(message: unknown): void;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
  addEventListener(type: "error", listener: (event: { message?: string }) => void): void;
  terminate(): void;
}

/** A WorkerPort over a browser Web Worker (new Worker(url, { type: "module" })). */
export function webWorkerPort(worker: WebWorkerLike): WorkerPort {
  return {
    post: (message) => worker.postMessage(message),
    onMessage: (listener) => worker.addEventListener("message", (e) => listener(e.data as WorkerMessage)),
    onFailure: (listener) =>
      worker.addEventListener("error", (e) => listener(new Error(e.message ?? "run worker failed"))),
    terminate: () => worker.terminate(),
  };
}

/** The subset of a Web Worker's global scope serveRun needs (`self` inside the worker script). */
export interface WorkerScopeLike {
  postMessage(message: unknown): void;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
  close?(): void;
}

/** A RunEndpoint over a Web Worker's global scope. */
export function workerScopeEndpoint(scope: WorkerScopeLike): RunEndpoint {
  return {
    post: (message) => scope.postMessage(message),
    listen: (listener) => scope.addEventListener("message", (e) => listener(e.data as HostMessage)),
  };
}
