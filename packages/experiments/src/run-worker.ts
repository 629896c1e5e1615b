// The worker thread of runExperiment: rebuilds the registry from the same module URLs, runs the engine and
// posts every event; control messages (pause/resume/step/stop) arrive from the parent.
import { parentPort, workerData } from "node:worker_threads";
import { buildRegistry } from "./plugins.js";
import { RunControl } from "./run/control.js";
import { runEngine } from "./run/engine.js";
import { normaliseError, serializeError } from "./run/errors.js";
import type { WorkerData, WorkerMessage } from "./run/handle.js";
import { buildPlan } from "./run/plan.js";

async function main(port: NonNullable<typeof parentPort>, data: WorkerData): Promise<void> {
  const control = new RunControl();
  const post = (msg: WorkerMessage) => port.postMessage(msg);
  control.onStatus((status) => post({ type: "event", event: { type: "status", status } }));
  port.on("message", (msg: { type: string; action: "pause" | "resume" | "step" | "stop" }) => {
    if (msg.type === "control") control[msg.action]();
  });
  try {
    const registry = await buildRegistry({ modules: data.modules });
    const plan = buildPlan(data.config, registry);
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

if (parentPort) void main(parentPort, workerData as WorkerData);
