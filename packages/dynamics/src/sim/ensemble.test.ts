import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Snapshot } from "@pupil/plugin";
import { erf, leakyRelu, quadratic } from "@pupil/plugin-activations";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DivergenceError } from "../common/index.js";
import { runEnsemble } from "./ensemble.js";
import { simulateOnline } from "./simulate.js";
import { gaussianTeacher, makeSpec } from "./test-helpers.js";

// Worker threads cannot load TypeScript, so the test bundles the worker entry and the activation pack the way
// the package build does (the built package ships dist/sim/ensemble-worker.js).
const root = resolve(import.meta.dirname, "../../../..");
let dir: string;
let workerUrl: URL;
let activations: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "pupil-ensemble-"));
  const common = {
    bundle: true,
    format: "esm" as const,
    platform: "node" as const,
    tsconfig: join(root, "tsconfig.paths.json"),
    logLevel: "silent" as const,
  };
  await build({
    ...common,
    entryPoints: [join(import.meta.dirname, "ensemble-worker.ts")],
    outfile: join(dir, "worker.mjs"),
  });
  await build({
    ...common,
    entryPoints: [join(root, "plugins/activations/src/index.ts")],
    outfile: join(dir, "acts.mjs"),
  });
  workerUrl = pathToFileURL(join(dir, "worker.mjs"));
  activations = pathToFileURL(join(dir, "acts.mjs")).href;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(it: AsyncIterable<Snapshot>): Promise<Snapshot[]> {
  const out: Snapshot[] = [];
  for await (const s of it) out.push(s);
  return out;
}

const strip = (s: Snapshot) => ({ ...s, throughput: undefined });
const bySeed = (snaps: Snapshot[], seed: number) => snaps.filter((s) => s.seed === seed).map(strip);

describe("runEnsemble", () => {
  const spec = makeSpec(erf, { N: 60, p: 2, pStar: 2, lr: 0.8, labelNoise: 0.1 });
  const seeds = [3, 1, 4, 5, 9];
  const teacher = (seed: number) => gaussianTeacher(2, 60, 100 + seed);
  const record = { perDecade: 2 };

  it("on 2 worker threads: every seed's snapshots equal a run of that seed on this thread", async () => {
    const snaps = await collect(
      runEnsemble({
        spec,
        seeds,
        teacher,
        alphaMax: 3,
        record,
        workers: 2,
        workerUrl,
        recipe: { builtins: [], modules: [activations] },
      }),
    );
    expect(new Set(snaps.map((s) => s.seed))).toEqual(new Set(seeds));
    for (const seed of seeds) {
      const alone = await collect(
        simulateOnline({ spec, seed, teacher: teacher(seed), alphaMax: 3, record }),
      );
      expect(bySeed(snaps, seed)).toEqual(alone.map(strip));
    }
  });

  it("workers: 0 runs in this thread with the same results; a configured activation crosses by id and values", async () => {
    const leaky = leakyRelu.configure!({ slope: 0.2 });
    const s2 = { ...spec, activation: leaky, teacherActivation: quadratic };
    const local = await collect(
      runEnsemble({ spec: s2, seeds: [7, 8], teacher, alphaMax: 1, record, workers: 0 }),
    );
    const remote = await collect(
      runEnsemble({
        spec: s2,
        seeds: [7, 8],
        teacher,
        alphaMax: 1,
        record,
        workers: 2,
        workerUrl,
        recipe: { builtins: [], modules: [activations] },
      }),
    );
    for (const seed of [7, 8]) expect(bySeed(remote, seed)).toEqual(bySeed(local, seed));
  });

  it("a diverging seed stops the ensemble with a DivergenceError naming the seed", async () => {
    const wild = makeSpec(quadratic, { N: 40, p: 2, pStar: 1, lr: 60 });
    const run = collect(
      runEnsemble({
        spec: wild,
        seeds: [1, 2],
        teacher: gaussianTeacher(1, 40),
        alphaMax: 100,
        record,
        workers: 2,
        workerUrl,
        recipe: { builtins: [], modules: [activations] },
      }),
    );
    await expect(run).rejects.toThrow(DivergenceError);
    await expect(run).rejects.toThrow(/seed \d: .*learning rate/);
  });

  it("bad options name the field", async () => {
    const base = { spec, teacher, alphaMax: 1, record };
    await expect(collect(runEnsemble({ ...base, seeds: [] }))).rejects.toThrow(/seeds/);
    await expect(collect(runEnsemble({ ...base, seeds: [1.5] }))).rejects.toThrow(/seeds\[0\]/);
    await expect(collect(runEnsemble({ ...base, seeds: [1], workers: -1 }))).rejects.toThrow(/workers/);
    await expect(collect(runEnsemble({ ...base, seeds: [1], workers: 1, workerUrl }))).rejects.toThrow(
      /recipe/,
    );
    await expect(
      collect(
        runEnsemble({ ...base, seeds: [1], workers: 1, recipe: { builtins: [], modules: [activations] } }),
      ),
    ).rejects.toThrow(/workerUrl/);
    await expect(
      collect(
        runEnsemble({
          ...base,
          seeds: [1],
          workers: 1,
          workerUrl: new URL("missing.mjs", workerUrl),
          recipe: { builtins: [], modules: [activations] },
        }),
      ),
    ).rejects.toThrow(/workerUrl: no worker script/);
    await expect(
      collect(
        runEnsemble({
          ...base,
          teacher: gaussianTeacher(3, 60),
          seeds: [1],
          workers: 1,
          workerUrl,
          recipe: { builtins: [], modules: [activations] },
        }),
      ),
    ).rejects.toThrow(/teacher\.layers\[0\]/);
    const unknown = { ...spec, activation: { ...erf, id: "nope" } };
    await expect(
      collect(
        runEnsemble({
          ...base,
          spec: unknown,
          seeds: [1],
          workers: 1,
          workerUrl,
          recipe: { builtins: [], modules: [activations] },
        }),
      ),
    ).rejects.toThrow(/spec\.activation: got "nope"; expected a registered activation plugin id/);
  });
});
