// The worker thread of runExperiment: rebuilds the registry from the same module URLs, runs the engine and
// posts every event; control messages (pause/resume/step/stop) arrive from the parent.
import { isMainThread, type MessagePort, parentPort, workerData } from "node:worker_threads";
import { buildRegistry } from "./plugins.js";
import { RunControl } from "./run/control.js";
import { buildRunPlan, runEngine } from "./run/engine.js";
import { normaliseError, serializeError } from "./run/errors.js";
import type { WorkerData, WorkerMessage } from "./run/handle.js";

/** The worker's loop: run `data` and talk to the parent over `port`. Started automatically in a run worker. */
export async function runWorkerMain(port: MessagePort, data: WorkerData): Promise<void> {
  const control = new RunControl();
  const post = (msg: WorkerMessage) => port.postMessage(msg);
  control.onStatus((status) => post({ type: "event", event: { type: "status", status } }));
  port.on("message", (msg: { type: string; action: "pause" | "resume" | "step" | "stop" }) => {
    if (msg.type === "control") control[msg.action]();
  });
  try {
    const registry = await buildRegistry({ modules: data.modules });
    const plan = buildRunPlan(data.config, registry);
    for await (const event of runEngine(plan, control, {
      resume: data.resume,
      checkpointEvery: data.config.checkpoint.every,
    })) {
      post({ type: "event", event });
    }
  } catch (error) {
    post({ type: "error", error: serializeError(normaliseError(error)) });
  }
  port.close();
}

// Only inside a worker started by runExperiment (importing this module elsewhere does nothing).
if (!isMainThread && parentPort && (workerData as WorkerData | undefined)?.kind === "pupil-run") {
  void runWorkerMain(parentPort, workerData as WorkerData);
}
