// The worker_threads script behind nodeWorker(): serves one run with Node's pack loader (file URLs and
// installed packages; never code from a URL).
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { nodeRunHost } from "./node/host.js";
import { nodePackLoader } from "./node/plugins.js";
import { NODE_WORKER_MARK, parentPortEndpoint } from "./node/worker-port.js";
import { serveRun } from "./worker.js";

if (!isMainThread && parentPort && workerData === NODE_WORKER_MARK) {
  serveRun(parentPortEndpoint(parentPort), nodePackLoader, () => nodeRunHost());
}
