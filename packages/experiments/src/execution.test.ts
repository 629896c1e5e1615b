// Where a run executes is an option, not a consequence: every kind gives the same snapshots.jsonl bytes
// inline and in a worker thread (the real worker script, bundled from sources the way the build ships it,
// with the plugin packs bundled as modules a recipe names).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { FrozenRegistry, PluginRecipe } from "@pupil/plugin";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ResolvedConfig, resolveConfig } from "./config/resolve.js";
import { resolveNodeRecipe } from "./node/plugins.js";
import { nodeWorker } from "./node/worker-port.js";
import { stripWallClock } from "./run/engine.js";
import { type RunEvent, runExperiment } from "./run/handle.js";
import { stepThrough } from "./run/stepping.test-util.js";
import { RunDirWriter } from "./rundir/files.js";
import { runInDirectory } from "./rundir/run.js";

const root = resolve(import.meta.dirname, "../../..");
const dir = mkdtempSync(join(tmpdir(), "pupil-exec-"));
let workerUrl: URL;
let recipe: PluginRecipe;
let registry: FrozenRegistry;

beforeAll(async () => {
  const common = {
    bundle: true,
    format: "esm" as const,
    platform: "node" as const,
    tsconfig: join(root, "tsconfig.paths.json"),
    external: ["@tensorflow/*"],
    logLevel: "silent" as const,
  };
  await build({
    ...common,
    entryPoints: [join(import.meta.dirname, "node-worker.ts")],
    outfile: join(dir, "w.mjs"),
  });
  const packs = ["activations", "teachers", "metrics"];
  for (const name of packs) {
    await build({
      ...common,
      entryPoints: [join(root, `plugins/${name}/src/index.ts`)],
      outfile: join(dir, `${name}.mjs`),
    });
  }
  workerUrl = pathToFileURL(join(dir, "w.mjs"));
  recipe = { builtins: packs.map((n) => pathToFileURL(join(dir, `${n}.mjs`)).href), modules: [] };
  registry = await resolveNodeRecipe(recipe);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const committee = (kind: string): Record<string, unknown> => ({
  kind,
  seed: 3,
  N: 120,
  lr: 0.3,
  alphaMax: 3,
  model: { activation: "erf", p: 2, pStar: 2 },
  record: { perDecade: 4 },
  checkpoint: { every: 2 },
});
const configs: Record<string, Record<string, unknown>> = {
  ode: committee("ode"),
  online: committee("online"),
  paired: committee("paired"),
  train: {
    kind: "train",
    seed: 2,
    lr: 0.02,
    train: {
      inputDim: 6,
      teacher: {
        generator: "discrete-fanout",
        params: { p: 1 },
        widths: [3],
        outputs: 3,
        activation: "relu",
      },
      student: { widths: [6], activation: "relu" },
      data: { train: 200, test: 100 },
      batchSize: 10,
      epochs: 4,
      evalEvery: 2,
      metrics: ["specialization-best"],
    },
  },
};

async function logBytes(
  config: ResolvedConfig,
  execution: "inline" | "worker",
  name: string,
): Promise<string> {
  const out = join(dir, `${name}-${execution}`);
  const writer = RunDirWriter.create(out, config);
  const run = runInDirectory(config, registry, { writer, execution, worker: nodeWorker(workerUrl) });
  expect(run.handle.execution).toBe(execution);
  expect((await run.outcome).state).toBe("done");
  return readFileSync(join(out, "snapshots.jsonl"), "utf8");
}

describe("execution: inline | worker", () => {
  for (const [kind, raw] of Object.entries(configs)) {
    it(`kind ${kind}: the same snapshots.jsonl bytes inline and in a worker thread`, async () => {
      const config = resolveConfig(raw, { registry });
      const inline = await logBytes(config, "inline", kind);
      const worker = await logBytes(config, "worker", kind);
      expect(inline.split("\n").length).toBeGreaterThan(3);
      expect(worker).toBe(inline);
    });
  }

  it("stepTo in a worker thread gives the same events as inline, step-snapshots included (paired and train)", async () => {
    const plans = [
      { raw: configs.paired, times: [0.5, 1.3, 2.2], last: "sim", tolerance: 0.5 / 120 + 1e-12 },
      { raw: configs.train, times: [1, 3], last: "train", tolerance: 1e-12 },
    ];
    for (const { raw, times, last, tolerance } of plans) {
      const config = resolveConfig(raw, { registry });
      const runs = await Promise.all(
        (["inline", "worker"] as const).map(async (execution) => {
          const handle = runExperiment(config, registry, { execution, worker: nodeWorker(workerUrl) });
          const events = await stepThrough(handle, times, last, tolerance);
          return events.flatMap((e): RunEvent[] =>
            e.type === "snapshot" || e.type === "step-snapshot"
              ? [{ type: e.type, snapshot: stripWallClock(e.snapshot) }]
              : e.type === "status"
                ? []
                : [e],
          );
        }),
      );
      expect(runs[0].filter((e) => e.type === "step-snapshot")).toHaveLength(
        times.length * (last === "sim" ? 2 : 1),
      );
      expect(JSON.stringify(runs[1])).toBe(JSON.stringify(runs[0]));
    }
  });

  it("a worker run stops on request with a checkpoint, and a bad config fails in the worker as a ConfigError", async () => {
    const config = resolveConfig(configs.paired, { registry });
    const handle = runExperiment(config, registry, { execution: "worker", worker: nodeWorker(workerUrl) });
    let snapshots = 0;
    let checkpoint = false;
    for await (const e of handle.events()) {
      if (e.type === "snapshot" && ++snapshots === 3) handle.stop();
      if (e.type === "checkpoint") checkpoint = true;
      if (e.type === "done") expect(e.stopped).toBe(true);
    }
    expect(checkpoint).toBe(true);
    const bad = { ...config, teacher: { generator: "nope", params: {} } } as ResolvedConfig;
    const failing = runExperiment(bad, registry, { execution: "worker", worker: nodeWorker(workerUrl) });
    await expect(
      (async () => {
        for await (const _ of failing);
      })(),
    ).rejects.toMatchObject({ name: "ConfigError" });
  });

  it("worker execution is refused, naming why, for a registry composed by hand or without a worker factory", async () => {
    const { buildRegistry } = await import("./index.js");
    const handMade = buildRegistry({ packs: [] });
    const config = resolveConfig(configs.ode, { registry });
    expect(() =>
      runExperiment(config, handMade, { execution: "worker", worker: nodeWorker(workerUrl) }),
    ).toThrow(/resolved from a recipe/);
    expect(() => runExperiment(config, registry, { execution: "worker" })).toThrow(/options\.worker/);
  });
});
