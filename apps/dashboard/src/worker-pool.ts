// A pool of run worker threads (dist/node-worker.js, the bundle's run worker). Each run gets its own
// MessageChannel to an idle worker; a worker whose run ended goes back to the pool, unref'd so it never keeps
// a finished command alive. Imports nothing but node:worker_threads, so the bin can start a worker before
// it loads anything else.
import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";
import type { HostMessage, WorkerFactory, WorkerMessage, WorkerPort } from "@pupil/experiments";

const DEFAULT_URL = new URL("./node-worker.js", import.meta.url);

/** What the host posts to a pooled worker: serve one run over this port. */
export interface ServeRunMessage {
  type: "serve";
  port: MessagePort;
}

/** Idle workers by script URL. */
const idle = new Map<string, Worker[]>();
const idleOf = (url: URL | string): Worker[] => {
  const key = String(url);
  if (!idle.has(key)) idle.set(key, []);
  return idle.get(key) as Worker[];
};

function startWorker(url: URL | string): Worker {
  const worker = new Worker(url);
  // A worker that dies while idle leaves the pool.
  worker.on("exit", () => {
    const pool = idleOf(url);
    const at = pool.indexOf(worker);
    if (at >= 0) pool.splice(at, 1);
  });
  return worker;
}

/**
 * Starts a run worker now and leaves it idle in the pool, so its start-up overlaps this thread's loading
 * and config checks.
 */
export function prewarmRunWorker(url: URL | string = DEFAULT_URL): void {
  if (idleOf(url).length === 0) releaseWorker(url, startWorker(url));
}

function takeWorker(url: URL | string): Worker {
  const pooled = idleOf(url).pop();
  if (pooled) {
    pooled.ref();
    return pooled;
  }
  return startWorker(url);
}

function releaseWorker(url: URL | string, worker: Worker): void {
  // An idle worker must not keep a finished command alive.
  worker.unref();
  idleOf(url).push(worker);
}

/**
 * A WorkerFactory for runExperiment({ execution: "worker" }) over a pool of worker threads running `url`
 * (a script that serves one run per ServeRunMessage port, like node-worker.ts): each run gets
 * its own MessageChannel to an idle worker (or a new one); a worker whose run ended goes back to the pool,
 * one whose run failed or was abandoned is terminated.
 */
export function nodeWorker(url: URL | string = DEFAULT_URL): WorkerFactory {
  return (): WorkerPort => {
    const worker = takeWorker(url);
    const { port1, port2 } = new MessageChannel();
    worker.postMessage({ type: "serve", port: port2 } satisfies ServeRunMessage, [port2]);
    let ended = false;
    let released = false;
    const failureListeners: ((error: Error) => void)[] = [];
    const onError = (error: Error) => {
      for (const l of failureListeners) l(error);
    };
    const onExit = (code: number) => {
      if (!ended) onError(new Error(`run worker exited with code ${code} before the run ended`));
    };
    worker.on("error", onError);
    worker.on("exit", onExit);
    return {
      post: (message: HostMessage) => port1.postMessage(message),
      onMessage: (listener) =>
        port1.on("message", (message: WorkerMessage) => {
          if (message.type === "error" || (message.type === "event" && message.event.type === "done"))
            ended = true;
          listener(message);
        }),
      onFailure: (listener) => void failureListeners.push(listener),
      terminate: () => {
        if (released) return;
        released = true;
        worker.off("error", onError);
        worker.off("exit", onExit);
        port1.close();
        if (ended) releaseWorker(url, worker);
        else void worker.terminate();
      },
    };
  };
}

/** What the host posts to a pooled worker to compute a summary's analysis (node-worker.ts answers). */
export interface AnalyseMessage {
  type: "analyse";
  port: MessagePort;
  /** The run's resolved config and plugin recipe, to rebuild its plan there. */
  config: unknown;
  recipe: unknown;
  source: string;
  snapshots: unknown[];
}

/** The worker's answers on an AnalyseMessage's port. */
export type AnalysisReply =
  | { type: "progress"; stage: string; index: number; total: number }
  | { type: "result"; result: Record<string, unknown> }
  | { type: "error"; message: string };

/**
 * Computes one source's analysis on an idle pooled worker (after a run on a worker: that run's worker, with
 * everything loaded), so this thread stays free; progress as each stage starts.
 */
export function analyseOnWorker(
  request: Omit<AnalyseMessage, "type" | "port">,
  onProgress?: (stage: string, index: number, total: number) => void,
  url: URL | string = DEFAULT_URL,
): Promise<Record<string, unknown>> {
  const worker = takeWorker(url);
  const { port1, port2 } = new MessageChannel();
  return new Promise<Record<string, unknown>>((resolve, reject) => {
    const fail = (error: Error) => {
      port1.close();
      worker.off("error", fail);
      void worker.terminate();
      reject(error);
    };
    const onExit = (code: number) => fail(new Error(`analysis worker exited with code ${code}`));
    worker.on("error", fail);
    worker.once("exit", onExit);
    port1.on("message", (reply: AnalysisReply) => {
      if (reply.type === "progress") {
        onProgress?.(reply.stage, reply.index, reply.total);
        return;
      }
      worker.off("error", fail);
      worker.off("exit", onExit);
      port1.close();
      if (reply.type === "error") {
        void worker.terminate();
        reject(new Error(reply.message));
        return;
      }
      releaseWorker(url, worker);
      resolve(reply.result);
    });
    worker.postMessage({ type: "analyse", port: port2, ...request } satisfies AnalyseMessage, [port2]);
  });
}
