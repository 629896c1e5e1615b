// The worker side of a run, platform-neutral: serveRun(endpoint, loadPack) waits for `start`, rebuilds
// the registry from the recipe with the host's pack loader, runs the engine and posts every event back.
// Node's worker_thread script (@pupil/experiments/node-worker) and a browser Web Worker both call it.
//
//   // a browser Web Worker script (packs bundled into it; nothing is loaded from a URL):
//   import { serveRun, workerScopeEndpoint } from "@pupil/experiments/worker";
//   import activations from "@pupil/plugin-activations";
//   const packs = { "@pupil/plugin-activations": activations };
//   serveRun(workerScopeEndpoint(self), (name, origin) => (origin === "builtin" ? packs[name] : undefined));
import { type PackLoader, resolveRecipe } from "@pupil/plugin";
import { kindNeedsHost, setupRun } from "./kinds/index.js";
import { RunControl } from "./run/control.js";
import { runEngine } from "./run/engine.js";
import { normaliseError, serializeError } from "./run/errors.js";
import type { RunHost } from "./run/host.js";
import type { HostMessage, RunEndpoint } from "./run/protocol.js";

export {
  type HostMessage,
  type RunEndpoint,
  type WorkerMessage,
  type WorkerScopeLike,
  workerScopeEndpoint,
} from "./run/protocol.js";

/**
 * Serves one run over `endpoint`. `loadPack` maps a recipe's built-in names and module specifiers to packs;
 * `host` makes the RunHost for kinds that need one (called only for those).
 */
export function serveRun(endpoint: RunEndpoint, loadPack: PackLoader, host?: () => Promise<RunHost>): void {
  const control = new RunControl();
  control.onStatus((status) => endpoint.post({ type: "event", event: { type: "status", status } }));
  let started = false;
  endpoint.listen((message: HostMessage) => {
    if (message.type === "control") {
      if (message.action === "stepTo") control.stepTo(message.t);
      else control[message.action]();
    } else if (message.type === "start" && !started) {
      started = true;
      void run(message);
    }
  });
  const run = async (start: Extract<HostMessage, { type: "start" }>) => {
    try {
      const registry = await resolveRecipe(start.recipe, loadPack);
      const runHost = host && kindNeedsHost(start.config.kind) ? await host() : undefined;
      const setup = setupRun(start.config, registry, runHost);
      for await (const event of runEngine(setup, control, {
        resume: start.resume,
        checkpointEvery: start.config.checkpoint.every,
        divergenceBound: start.config.divergence.egMax,
      })) {
        endpoint.post({ type: "event", event });
      }
    } catch (error) {
      endpoint.post({ type: "error", error: serializeError(normaliseError(error)) });
    }
    endpoint.close?.();
  };
}
