// The browser host's path, without a browser: serveRun behind workerScopeEndpoint (a Web Worker's `self`)
// and runExperiment through webWorkerPort (a `Worker`), joined by a MessageChannel. Packs come from a fixed
// map of bundled packs, never from a URL; the snapshots equal an inline run's.
import type { PluginPack } from "@pupil/plugin";
import { resolveRecipe } from "@pupil/plugin";
import activations from "@pupil/plugin-activations";
import teachers from "@pupil/plugin-teachers";
import { describe, expect, it } from "vitest";
import { resolveConfig } from "./config/resolve.js";
import { stripWallClock } from "./run/engine.js";
import { runExperiment } from "./run/handle.js";
import { type WebWorkerLike, webWorkerPort } from "./run/protocol.js";
import { serveRun, workerScopeEndpoint } from "./worker.js";

const bundled: Record<string, PluginPack> = { activations, teachers };
const loadBundled = (name: string, origin: "builtin" | "module") => {
  if (origin !== "builtin" || !(name in bundled)) throw new Error(`not bundled: ${name}`);
  return bundled[name];
};

/** A fake Web Worker: the host's `Worker` and the worker's `self` over the two ends of a MessageChannel. */
function fakeWebWorker() {
  const { port1, port2 } = new MessageChannel();
  serveRun(
    workerScopeEndpoint({
      postMessage: (m) => port2.postMessage(m),
      addEventListener: (_type, listener) =>
        port2.addEventListener("message", (e) => listener(e as MessageEvent)),
    }),
    loadBundled,
  );
  port2.start();
  const worker = {
    postMessage: (m: unknown) => port1.postMessage(m),
    addEventListener: ((type: string, listener: (e: { data: unknown }) => void) => {
      if (type === "message") port1.addEventListener("message", (e) => listener(e as MessageEvent));
    }) as WebWorkerLike["addEventListener"],
    terminate: () => {
      port1.close();
      port2.close();
    },
  };
  port1.start();
  return webWorkerPort(worker);
}

describe("the browser host's protocol (Web Worker shaped, in Node)", () => {
  it("a paired run through webWorkerPort/serveRun equals the inline run, snapshot for snapshot", async () => {
    const registry = await resolveRecipe({ builtins: ["activations", "teachers"], modules: [] }, loadBundled);
    const config = resolveConfig(
      { kind: "paired", seed: 2, N: 100, lr: 0.3, alphaMax: 2, model: { activation: "erf", p: 2, pStar: 1 } },
      { registry },
    );
    const collect = async (handle: ReturnType<typeof runExperiment>) => {
      const out: string[] = [];
      for await (const s of handle) out.push(JSON.stringify(stripWallClock(s)));
      return out;
    };
    const inline = await collect(runExperiment(config, registry));
    const viaWorker = await collect(
      runExperiment(config, registry, { execution: "worker", worker: fakeWebWorker }),
    );
    expect(inline.length).toBeGreaterThan(10);
    expect(viaWorker).toEqual(inline);
  });

  it("a recipe naming a module the browser has not bundled fails as a ConfigError naming plugins[0]", async () => {
    const error = await resolveRecipe(
      { builtins: ["activations"], modules: ["https://evil.example/x.js"] },
      loadBundled,
    ).catch((e) => e);
    expect(error.name).toBe("ConfigError");
    expect(error.issues[0].path).toBe("plugins[0]");
  });
});
