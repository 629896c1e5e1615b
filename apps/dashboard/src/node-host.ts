// The Node side of the bundled `pupil` bin. Its built-in packs and the engine are inside the bundle, so:
// - nodePackLoader serves a built-in from the bundle whether the recipe names it or carries its resolved
//   file URL (worker recipes do), instead of importing the package's own dist and its dependencies again;
// - nodeWorker hands runs to a pool of worker threads running dist/node-worker.js (this bundle's run
//   worker): a sweep pays a worker's start-up once per worker, not once per point.
import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";
import type { HostMessage, WorkerFactory, WorkerMessage, WorkerPort } from "@pupil/experiments";
import { nodePackLoader as loadFromDisk } from "@pupil/experiments/node";
import type { PackLoader } from "@pupil/plugin";

const BUNDLED: Record<string, () => Promise<unknown>> = {
  "@pupil/plugin-activations": () => import("@pupil/plugin-activations"),
  "@pupil/plugin-teachers": () => import("@pupil/plugin-teachers"),
  "@pupil/plugin-metrics": () => import("@pupil/plugin-metrics"),
};

let bundledByUrl: Map<string, () => Promise<unknown>> | undefined;

/** A built-in by name or by the URL import.meta.resolve gives for it here; anything else from disk. */
export const nodePackLoader: PackLoader = (specifier, origin) => {
  if (specifier in BUNDLED) return BUNDLED[specifier]();
  if (specifier.startsWith("file:")) {
    bundledByUrl ??= new Map(
      Object.entries(BUNDLED).map(([name, load]) => [import.meta.resolve(name), load]),
    );
    const load = bundledByUrl.get(specifier);
    if (load) return load();
  }
  return loadFromDisk(specifier, origin);
};

/** What the host posts to a pooled worker: serve one run over this port. */
export interface ServeRunMessage {
  type: "serve";
  port: MessagePort;
}

const idle: Worker[] = [];

function takeWorker(url: URL | string): Worker {
  const pooled = idle.pop();
  if (pooled) {
    pooled.ref();
    return pooled;
  }
  const worker = new Worker(url);
  // A worker that dies while idle leaves the pool.
  worker.on("exit", () => {
    const at = idle.indexOf(worker);
    if (at >= 0) idle.splice(at, 1);
  });
  return worker;
}

function releaseWorker(worker: Worker): void {
  // An idle worker must not keep a finished command alive.
  worker.unref();
  idle.push(worker);
}

/**
 * A WorkerFactory for runExperiment({ execution: "worker" }) over a pool of worker threads: each run gets
 * its own MessageChannel to an idle worker (or a new one); a worker whose run ended goes back to the pool,
 * one whose run failed or was abandoned is terminated.
 */
export function nodeWorker(url: URL | string = new URL("./node-worker.js", import.meta.url)): WorkerFactory {
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
        if (ended) releaseWorker(worker);
        else void worker.terminate();
      },
    };
  };
}
