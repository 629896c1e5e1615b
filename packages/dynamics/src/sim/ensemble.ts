// runEnsemble: one online run per seed, spread over worker_threads (every core by default), as one Snapshot stream.
import type { PluginRecipe, Snapshot, TeacherWeights } from "@pupil/plugin";
import {
  type CommitteeSpec,
  DivergenceError,
  type DivergenceReason,
  validateCommitteeSpec,
} from "../common/index.js";
import type { RunJob, WorkerMessage, WorkerSetup } from "./ensemble-wire.js";
import { toWireSpec } from "./ensemble-wire.js";
import type { KernelChoice } from "./kernel-select.js";
import { checkTeacher } from "./options.js";
import { checkRecord, type RecordSpec } from "./schedule.js";
import { simulateOnline } from "./simulate.js";

export interface RunEnsembleOptions {
  spec: CommitteeSpec;
  /** One run per seed (the seed drives the student's start, the inputs and the label noise). */
  seeds: readonly number[];
  /** One teacher for every seed, or a teacher per seed (called on this thread). */
  teacher: TeacherWeights | ((seed: number) => TeacherWeights);
  alphaMax?: number;
  record?: RecordSpec;
  kernel?: KernelChoice;
  /**
   * Worker threads; default min(seeds, available cores). 0 runs the seeds one after another on this thread
   * (no recipe needed; for browsers and tests).
   */
  workers?: number;
  /**
   * The plugins the spec's activations come from, as a PluginRecipe (the same recipe a run uses): each
   * worker resolves it with import() and looks the activations up by id and params. Use resolved file URLs
   * to be independent of where @pupil/dynamics is installed, e.g. import.meta.resolve("@pupil/plugin-activations").
   */
  recipe?: PluginRecipe;
  /** The worker script; default the built dist/sim/ensemble-worker.js next to this package's dist. */
  workerUrl?: URL | string;
  signal?: AbortSignal;
}

/**
 * Runs every seed and yields their snapshots as they arrive (interleaved across seeds, in α order within a
 * seed; each carries its `seed`). The first failing seed stops the ensemble: its error is rethrown, a
 * DivergenceError keeping its α and step, with the seed named in the message.
 */
export async function* runEnsemble(options: RunEnsembleOptions): AsyncGenerator<Snapshot, void, undefined> {
  const { spec, seeds } = options;
  validateCommitteeSpec(spec);
  checkRecord(options.record, options.alphaMax);
  if (!Array.isArray(seeds) || seeds.length === 0)
    throw new Error("seeds: expected a non-empty array of integers");
  seeds.forEach((s, i) => {
    if (!Number.isSafeInteger(s)) throw new Error(`seeds[${i}]: expected a safe integer, got ${String(s)}`);
  });
  const teacherOf = (seed: number): TeacherWeights =>
    typeof options.teacher === "function" ? options.teacher(seed) : options.teacher;
  const os = (await nodeBuiltin("node:os").catch(() => undefined)) as typeof import("node:os") | undefined;
  const cores = os?.availableParallelism?.() ?? 1;
  const workers = options.workers ?? Math.min(seeds.length, cores);
  if (!Number.isInteger(workers) || workers < 0) {
    throw new Error(`workers: expected an integer ≥ 0, got ${String(options.workers)}`);
  }
  if (workers === 0) {
    for (const seed of seeds) {
      try {
        yield* simulateOnline({
          spec,
          seed,
          teacher: teacherOf(seed),
          alphaMax: options.alphaMax,
          record: options.record,
          kernel: options.kernel,
          signal: options.signal,
        });
      } catch (error) {
        throw withSeed(error, seed);
      }
    }
    return;
  }
  yield* runOnWorkers(options, Math.min(workers, seeds.length), teacherOf);
}

async function* runOnWorkers(
  options: RunEnsembleOptions,
  count: number,
  teacherOf: (seed: number) => TeacherWeights,
): AsyncGenerator<Snapshot, void, undefined> {
  const { spec, seeds, signal } = options;
  const recipe = options.recipe;
  if (!recipe || recipe.builtins.length + recipe.modules.length === 0) {
    throw new Error(
      'recipe: workers need the plugin recipe that holds the spec\'s activations (e.g. { builtins: [], modules: [import.meta.resolve("@pupil/plugin-activations")] }), or pass workers: 0',
    );
  }
  const workerUrl = options.workerUrl ?? defaultWorkerUrl();
  const { Worker } = (await nodeBuiltin("node:worker_threads")) as typeof import("node:worker_threads");
  const { existsSync } = (await nodeBuiltin("node:fs")) as typeof import("node:fs");
  const { fileURLToPath } = (await nodeBuiltin("node:url")) as typeof import("node:url");
  const url = new URL(workerUrl);
  if (url.protocol === "file:" && !existsSync(fileURLToPath(url))) {
    throw new Error(
      `workerUrl: no worker script at ${url.href} (the package build ships dist/sim/ensemble-worker.js)`,
    );
  }
  const setup: WorkerSetup = {
    pupilEnsemble: 1,
    spec: toWireSpec(spec),
    recipe: { builtins: [...recipe.builtins], modules: [...recipe.modules] },
    alphaMax: options.alphaMax,
    record: options.record,
    kernel: options.kernel,
  };
  // A small queue between the workers' message handlers and this generator.
  const inbox: (WorkerMessage | { type: "exit"; code: number } | { type: "crash"; error: Error })[] = [];
  let wake: (() => void) | undefined;
  const push = (m: (typeof inbox)[number]) => {
    inbox.push(m);
    wake?.();
  };
  const pool = Array.from({ length: count }, () => {
    const w = new Worker(workerUrl, { workerData: setup });
    w.on("message", push);
    w.on("error", (error) => push({ type: "crash", error }));
    return w;
  });
  const queue = [...seeds];
  const busy = new Map<(typeof pool)[number], number>();
  const give = (w: (typeof pool)[number]) => {
    const seed = queue.shift();
    if (seed === undefined) return;
    busy.set(w, seed);
    const teacher = checkTeacher(teacherOf(seed), spec.pStar, spec.N);
    const job: RunJob = {
      type: "run",
      seed,
      teacher: Float64Array.from(teacher),
    };
    w.postMessage(job);
  };
  const onAbort = () => push({ type: "crash", error: toError(signal?.reason ?? new Error("aborted")) });
  signal?.addEventListener("abort", onAbort, { once: true });
  let done = 0;
  try {
    signal?.throwIfAborted();
    // Hand the first seeds out once each worker has loaded its plugins.
    let ready = 0;
    while (done < seeds.length) {
      if (inbox.length === 0) await new Promise<void>((r) => (wake = r));
      wake = undefined;
      const m = inbox.shift()!;
      if (m.type === "ready") {
        ready++;
        if (ready === count) for (const w of pool) give(w);
      } else if (m.type === "snapshot") {
        yield m.snapshot;
      } else if (m.type === "done") {
        done++;
        const w = [...busy].find(([, s]) => s === m.seed)?.[0];
        if (w) {
          busy.delete(w);
          give(w);
        }
      } else if (m.type === "error") {
        throw rebuildError(m);
      } else if (m.type === "crash") {
        throw m.error;
      }
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

/**
 * Node built-ins are imported by a computed name, so bundlers for the browser leave them alone: there,
 * runEnsemble runs with workers: 0 and never reaches these imports.
 */
function nodeBuiltin(name: string): Promise<unknown> {
  return import(/* @vite-ignore */ name);
}

function defaultWorkerUrl(): URL {
  const here = import.meta.url;
  if (here.endsWith(".ts")) {
    throw new Error(
      "workerUrl: runEnsemble is running from TypeScript sources, which a worker thread cannot load; pass workerUrl (a bundled sim/ensemble-worker) or workers: 0",
    );
  }
  // The built package has dist/index.js (or a dist/chunk-*.js) beside dist/sim/ensemble-worker.js.
  return new URL("./sim/ensemble-worker.js", here);
}

function rebuildError(m: Extract<WorkerMessage, { type: "error" }>): Error {
  if (m.name === "DivergenceError" && m.alpha !== undefined && m.step !== undefined) {
    const e = new DivergenceError((m.reason ?? "non-finite") as DivergenceReason, m.alpha, m.step);
    e.message = `seed ${m.seed}: ${m.message}`;
    return e;
  }
  const e = new Error(`seed ${m.seed}: ${m.message}`);
  e.name = m.name;
  return e;
}

function withSeed(error: unknown, seed: number): unknown {
  if (error instanceof Error) error.message = `seed ${seed}: ${error.message}`;
  return error;
}

function toError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}
