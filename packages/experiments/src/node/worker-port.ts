// Runs in a Node worker_thread: the WorkerPort the host side uses, and the worker script's endpoint.
import { type MessagePort, Worker } from "node:worker_threads";
import type { HostMessage, RunEndpoint, WorkerFactory, WorkerMessage } from "../run/protocol.js";

/** Marks a worker started by nodeWorker(), so importing the worker script elsewhere does nothing. */
export const NODE_WORKER_MARK = "pupil-run-worker/1";

/**
 * A WorkerFactory for runExperiment({ execution: "worker" }): each run gets a worker_thread running
 * `url` (default: the built node-worker.js beside this module; from sources pass a bundled script).
 */
export function nodeWorker(url: URL | string = new URL("./node-worker.js", import.meta.url)): WorkerFactory {
  return () => {
    const worker = new Worker(url, { workerData: NODE_WORKER_MARK });
    let ended = false;
    return {
      post: (message: HostMessage) => worker.postMessage(message),
      onMessage: (listener) =>
        worker.on("message", (message: WorkerMessage) => {
          if (message.type === "error" || (message.type === "event" && message.event.type === "done"))
            ended = true;
          listener(message);
        }),
      onFailure: (listener) => {
        worker.on("error", listener);
        worker.on("exit", (code) => {
          if (!ended) listener(new Error(`run worker exited with code ${code} before the run ended`));
        });
      },
      terminate: () => void worker.terminate(),
    };
  };
}

/** The worker script's end of the protocol over its parentPort. */
export function parentPortEndpoint(port: MessagePort): RunEndpoint {
  return {
    post: (message) => port.postMessage(message),
    listen: (listener) => port.on("message", listener),
    close: () => port.close(),
  };
}
