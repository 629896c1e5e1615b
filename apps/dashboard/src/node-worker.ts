// The run worker of the bundled `pupil` bin (dist/node-worker.js, started by node-host's nodeWorker):
// serves one run per port the host sends, for as long as the host keeps it, with the bundle's packs; and
// computes a finished run's summary analysis when asked (analyseOnWorker), off the host's thread.
import { isMainThread, type MessagePort, parentPort } from "node:worker_threads";
import {
  analyseSource,
  buildPlan,
  type CommitteeConfig,
  type HostMessage,
  type WorkerMessage,
} from "@pupil/experiments";
import { nodeRunHost } from "@pupil/experiments/node";
import { serveRun } from "@pupil/experiments/worker";
import { type PluginRecipe, resolveRecipe, type Snapshot } from "@pupil/plugin";
import { nodePackLoader } from "./node-host.js";
import type { AnalyseMessage, AnalysisReply, ServeRunMessage } from "./worker-pool.js";

async function analyse(message: AnalyseMessage): Promise<void> {
  const post = (reply: AnalysisReply) => message.port.postMessage(reply);
  try {
    const registry = await resolveRecipe(message.recipe as PluginRecipe, nodePackLoader);
    // Only committee kinds (ode, online, paired) have an analysis; the host asks for nothing else.
    const plan = buildPlan(message.config as CommitteeConfig, registry);
    const result = analyseSource(plan, message.snapshots as Snapshot[], message.source, {
      onProgress: (stage, index, total) => post({ type: "progress", stage, index, total }),
    });
    post({ type: "result", result });
  } catch (error) {
    post({ type: "error", message: (error as Error).message });
  }
  message.port.close();
}

function serve(port: MessagePort): void {
  serveRun(
    {
      post: (out: WorkerMessage) => port.postMessage(out),
      listen: (listener: (m: HostMessage) => void) => port.on("message", listener),
      close: () => port.close(),
    },
    nodePackLoader,
    () => nodeRunHost(), // tfjs, data sets and a stage cache, built only for the kinds that need them
  );
}

if (!isMainThread && parentPort) {
  parentPort.on("message", (message: ServeRunMessage | AnalyseMessage) => {
    if (message.type === "serve") serve(message.port);
    else if (message.type === "analyse") void analyse(message);
  });
}
