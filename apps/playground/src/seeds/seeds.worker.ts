// The seeds worker: the mean ± std band's runs (the ODE once, then one simulation per seed), off the main
// thread and apart from the interactive run's worker.
/// <reference lib="webworker" />
import { recipeRegistry } from "../worker/engine.js";
import type { FromSeeds, ToSeeds } from "./protocol.js";
import { runSeeds } from "./runner.js";

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: FromSeeds) => scope.postMessage(message);
const registry = recipeRegistry();
let current = 0;

scope.onmessage = async (event: MessageEvent<ToSeeds>) => {
  const msg = event.data;
  if (msg.type === "cancel") {
    current = -1;
    return;
  }
  const id = msg.id;
  current = id;
  const wanted = () => current === id;
  try {
    await runSeeds(msg.config as Record<string, unknown>, msg.count, await registry, {
      ode: (t, eg) => wanted() && post({ type: "ode", id, t, eg }),
      curve: (curve) => wanted() && post({ type: "curve", id, curve }),
      progress: (seed, alpha) => wanted() && post({ type: "progress", id, seed, alpha }),
      wanted,
    });
    if (wanted()) post({ type: "done", id });
  } catch (error) {
    if (wanted()) post({ type: "error", id, message: (error as Error).message });
  }
};
