// The run worker of the bundled `pupil` bin (dist/node-worker.js, started by node-host's nodeWorker):
// serves one run per port the host sends, for as long as the host keeps it, with the bundle's packs.
import { isMainThread, parentPort } from "node:worker_threads";
import type { HostMessage, WorkerMessage } from "@pupil/experiments";
import { nodeRunHost } from "@pupil/experiments/node";
import { serveRun } from "@pupil/experiments/worker";
import { nodePackLoader } from "./node-host.js";
import type { ServeRunMessage } from "./worker-pool.js";

if (!isMainThread && parentPort) {
  parentPort.on("message", (message: ServeRunMessage) => {
    if (message.type !== "serve") return;
    const { port } = message;
    serveRun(
      {
        post: (out: WorkerMessage) => port.postMessage(out),
        listen: (listener: (m: HostMessage) => void) => port.on("message", listener),
        close: () => port.close(),
      },
      nodePackLoader,
      () => nodeRunHost(), // tfjs, data sets and a stage cache, built only for the kinds that need them
    );
  });
}
