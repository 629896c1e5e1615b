// The Node RunHost: tfjs on the wasm backend with @pupil/tfjs-wasm-train's training kernels (cpu if wasm
// cannot start), data sets from @pupil/datasets/node (its file cache), and a stage cache of JSON files.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Tf } from "@pupil/plugin";
import type { RunHost, StageCache } from "../run/host.js";

/** One JSON file per key in `dir`, written to a temporary file and renamed (never half-written). */
export function fileStageCache(dir: string): StageCache {
  const file = (key: string) => {
    if (!/^[\w.-]+$/.test(key)) throw new Error(`stage cache: bad key ${JSON.stringify(key)}`);
    return join(dir, `${key}.json`);
  };
  return {
    async get(key) {
      try {
        return JSON.parse(readFileSync(file(key), "utf8"));
      } catch {
        return undefined;
      }
    },
    async set(key, value) {
      mkdirSync(dir, { recursive: true });
      const tmp = `${file(key)}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(value));
      renameSync(tmp, file(key));
    },
  };
}

export interface NodeRunHostOptions {
  /** Stage results directory (default: $PUPIL_STAGE_CACHE_DIR, else <pupil cache>/stages beside the data sets'). */
  stageCacheDir?: string;
}

let tfReady: Promise<Tf> | undefined;

/** tfjs once per thread: wasm with the training kernels registered (they are not there by default). */
async function nodeTf(): Promise<Tf> {
  tfReady ??= (async () => {
    const tf = await import("@tensorflow/tfjs");
    const { chooseBackend } = await import("@pupil/tensors");
    const backend = await chooseBackend(tf, { order: ["wasm", "cpu"] });
    if (backend === "wasm") {
      const { registerTrainingKernels } = await import("@pupil/tfjs-wasm-train");
      registerTrainingKernels(tf, tf.findBackend("wasm"));
    }
    return tf as unknown as Tf;
  })();
  return tfReady;
}

export async function nodeRunHost(options: NodeRunHostOptions = {}): Promise<RunHost> {
  const datasets = await import("@pupil/datasets/node");
  const dir =
    options.stageCacheDir ??
    process.env.PUPIL_STAGE_CACHE_DIR ??
    join(dirname(datasets.defaultCacheDir()), "stages");
  return {
    tf: await nodeTf(),
    loadDataset: (name) => datasets.loadDataset(name),
    stageCache: fileStageCache(dir),
  };
}
