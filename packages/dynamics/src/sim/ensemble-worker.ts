// The worker_threads entry of runEnsemble: builds the spec once (activations looked up by id in the modules the
// caller named), then runs one seed per "run" message and streams its snapshots back.
import { parentPort, workerData } from "node:worker_threads";
import type { CommitteeSpec } from "../common/index.js";
import {
  activationsOf,
  type RunJob,
  resolveActivation,
  type WorkerMessage,
  type WorkerSetup,
} from "./ensemble-wire.js";
import { simulateOnline } from "./simulate.js";

async function main(port: NonNullable<typeof parentPort>, setup: WorkerSetup): Promise<void> {
  const post = (m: WorkerMessage) => port.postMessage(m);
  let spec: CommitteeSpec | undefined;
  let setupError: unknown;
  try {
    const available = [];
    for (const specifier of setup.pluginModules) {
      available.push(...activationsOf((await import(specifier)) as Record<string, unknown>));
    }
    spec = {
      ...setup.spec,
      activation: resolveActivation(setup.spec.activation, available, "spec.activation"),
      teacherActivation: resolveActivation(setup.spec.teacherActivation, available, "spec.teacherActivation"),
    };
  } catch (error) {
    setupError = error;
  }
  port.on("message", async (job: RunJob) => {
    try {
      if (!spec) throw setupError;
      const { N, pStar } = spec;
      const teacher = { layers: [{ rows: pStar, cols: N, data: job.teacher }] };
      for await (const snapshot of simulateOnline({
        spec,
        seed: job.seed,
        teacher,
        alphaMax: setup.alphaMax,
        record: setup.record,
        kernel: setup.kernel,
      })) {
        post({ type: "snapshot", snapshot });
      }
      post({ type: "done", seed: job.seed });
    } catch (error) {
      const e = error as { name?: string; message?: string; alpha?: number; step?: number; reason?: string };
      post({
        type: "error",
        seed: job.seed,
        name: e?.name ?? "Error",
        message: e?.message ?? String(error),
        alpha: e?.alpha,
        step: e?.step,
        reason: e?.reason,
      });
    }
  });
  post({ type: "ready" });
}

const setup = workerData as WorkerSetup | undefined;
if (parentPort && setup?.pupilEnsemble === 1) void main(parentPort, setup);
