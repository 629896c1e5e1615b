// A distill config through the playground's EngineRun (with Node's RunHost standing in for the browser's: the
// same tfjs wasm backend and training kernels) against the engine's own runExperiment: the same snapshots bit
// for bit, the stages the loss declares, the backend the source declares, and a checkpoint at the run's end.
import { runExperiment, stripWallClock } from "@pupil/experiments";
import { nodeRunHost } from "@pupil/experiments/node";
import type { Snapshot } from "@pupil/plugin";
import { describe, expect, it } from "vitest";
import { openRun, recipeRegistry, resolveRunConfig } from "./engine.js";

const tinyNet = (filters: number) => ({
  input: [16, 16, 1],
  layers: [
    { kind: "conv", name: "stem", filters, kernel: 3 },
    { kind: "maxpool", name: "pool", size: 2 },
    { kind: "conv", name: "features", filters, kernel: 3 },
    { kind: "gap", name: "gap" },
    { kind: "dense", name: "logits", units: 10 },
  ],
});

const config = {
  kind: "distill",
  name: "tiny-factor-transfer",
  seed: 2,
  lr: 0.01,
  distill: {
    data: { dataset: "templated", templated: { perClass: 12 } },
    teacher: { net: tinyNet(6), epochs: 2 },
    student: { net: tinyNet(4), epochs: 2 },
    preStage: { epochs: 1 },
    loss: { id: "factor-transfer", params: { beta: 50 } },
    batchSize: 32,
  },
};

describe("a distill run in the playground's engine", () => {
  it("streams runExperiment's snapshots, names its stages and backend, and checkpoints at the end", async () => {
    const registry = await recipeRegistry();
    // Each run gets its own stage cache (memory), so both train every stage.
    const reference: Snapshot[] = [];
    const resolved = resolveRunConfig(config, registry);
    for await (const s of runExperiment(resolved, registry, {
      host: { ...(await nodeRunHost()), stageCache: undefined },
    }))
      reference.push(stripWallClock(s));

    const run = openRun(config, registry, { ...(await nodeRunHost()), stageCache: undefined });
    expect(run.info.kind).toBe("distill");
    expect(run.info.stages).toEqual([
      { name: "teacher", kind: "teacher", epochs: 2, offset: 0 },
      { name: "paraphraser", kind: "pre", epochs: 1, offset: 2 },
      { name: "student", kind: "student", epochs: 2, offset: 3 },
    ]);
    expect(run.info.tMax).toBe(5);
    const mine: Snapshot[] = [];
    for await (const e of run.outputs()) if (e.type === "snapshot") mine.push(stripWallClock(e.snapshot));
    expect(mine.map((s) => [s.source, s.t])).toEqual([
      ["teacher", 1],
      ["teacher", 2],
      ["paraphraser", 3],
      ["student", 4],
      ["student", 5],
    ]);
    expect(JSON.stringify(mine)).toBe(JSON.stringify(reference));
    expect(run.kernel()).toBe("tfjs-wasm");
    // Every epoch is a grid point of the config's grid: the engine's last checkpoint (taken after epoch 4; a
    // finished run needs none after its last point) maps to index 4, where `pupil run --resume` continues.
    expect(run.checkpoint()?.next).toBe(4);
  }, 120_000);

  it("frees its tfjs memory when the run is left part way (as the worker does when a new run replaces it)", async () => {
    const registry = await recipeRegistry();
    const host = { ...(await nodeRunHost()), stageCache: undefined };
    const tf = host.tf as NonNullable<typeof host.tf>;
    const before = tf.memory().numTensors;
    const run = openRun(config, registry, host);
    const it = run.outputs();
    for (;;) {
      const r = await it.next();
      if (r.done || r.value.type === "snapshot") break;
    }
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    await it.return(undefined);
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);
});
