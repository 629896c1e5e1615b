// The run-worker pool against a stand-in worker script that answers each run with its threadId: a finished
// run's worker serves the next run; an abandoned run's worker is terminated, never reused.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { ResolvedConfig } from "@pupil/experiments";
import { describe, expect, it } from "vitest";
import { nodeWorker, prewarmRunWorker } from "./worker-pool.js";

const SCRIPT = `
import { parentPort, threadId } from "node:worker_threads";
parentPort.on("message", ({ type, port }) => {
  if (type !== "serve") return;
  port.on("message", (m) => {
    if (m.type === "start" && m.config.finish) port.postMessage({ type: "event", event: { type: "done", threadId } });
    else if (m.type === "start") port.postMessage({ type: "event", event: { type: "status", status: "running", threadId } });
  });
});
`;

function script(): URL {
  const file = join(mkdtempSync(join(tmpdir(), "pupil-pool-")), "worker.mjs");
  writeFileSync(file, SCRIPT);
  return pathToFileURL(file);
}

/** Starts a run on a pooled worker; resolves with the threadId of its first answer, then releases it. */
async function runOn(factory: ReturnType<typeof nodeWorker>, finish: boolean): Promise<number> {
  const port = factory();
  const answer = new Promise<number>((resolve, reject) => {
    port.onMessage((m) => resolve((m as unknown as { event: { threadId: number } }).event.threadId));
    port.onFailure(reject);
  });
  port.post({
    type: "start",
    config: { finish } as unknown as ResolvedConfig,
    recipe: { builtins: [], modules: [] },
  });
  const threadId = await answer;
  port.terminate();
  return threadId;
}

describe("nodeWorker pool", () => {
  it("serves consecutive finished runs on one worker", async () => {
    const factory = nodeWorker(script());
    const first = await runOn(factory, true);
    expect(await runOn(factory, true)).toBe(first);
    expect(await runOn(factory, true)).toBe(first);
  });

  it("terminates the worker of a run released before it ended", async () => {
    const factory = nodeWorker(script());
    const abandoned = await runOn(factory, false);
    const next = await runOn(factory, true);
    expect(next).not.toBe(abandoned);
    expect(await runOn(factory, true)).toBe(next);
  });

  it("runs concurrent runs on separate workers, both kept", async () => {
    const factory = nodeWorker(script());
    const [a, b] = await Promise.all([runOn(factory, true), runOn(factory, true)]);
    expect(a).not.toBe(b);
    const [c, d] = await Promise.all([runOn(factory, true), runOn(factory, true)]);
    expect(new Set([c, d])).toEqual(new Set([a, b]));
  });

  it("a prewarmed worker serves the first run", async () => {
    const url = script();
    prewarmRunWorker(url);
    const factory = nodeWorker(url);
    const first = await runOn(factory, true);
    expect(await runOn(factory, true)).toBe(first);
  });
});
