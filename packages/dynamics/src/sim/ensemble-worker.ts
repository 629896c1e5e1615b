// The worker_threads entry of runEnsemble: resolves the caller's recipe into a registry, builds the spec once
// (activations looked up by ref), then runs one seed per "run" message and streams its snapshots back.
import { parentPort, workerData } from "node:worker_threads";
import { lookupPlugin, resolveRecipe } from "@pupil/plugin";
import type { CommitteeSpec } from "../common/index.js";
import type { RunJob, WorkerMessage, WorkerSetup } from "./ensemble-wire.js";
import { simulateOnline } from "./simulate.js";

async function main(port: NonNullable<typeof parentPort>, setup: WorkerSetup): Promise<void> {
  const post = (m: WorkerMessage) => port.postMessage(m);
  let spec: CommitteeSpec | undefined;
  let setupError: unknown;
  try {
    const registry = await resolveRecipe(setup.recipe, (specifier) => import(specifier));
    spec = {
      ...setup.spec,
      activation: lookupPlugin(registry, "activation", setup.spec.activation, "spec.activation"),
      teacherActivation: lookupPlugin(
        registry,
        "activation",
        setup.spec.teacherActivation,
        "spec.teacherActivation",
      ),
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
