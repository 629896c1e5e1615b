// What a host lends a run beyond its config and plugins: tfjs with a backend ready, data sets by name, and a
// cache for stage results shared between runs. The main entry never touches a file system or imports tfjs;
// the Node adapter (@pupil/experiments/node: nodeRunHost) or a browser host fills these in.
import type { ImageDataset } from "@pupil/datasets";
import type { Tf } from "@pupil/plugin";

/** JSON-safe values by key; get gives undefined on a miss. set must be all-or-nothing. */
export interface StageCache {
  get(key: string): Promise<unknown | undefined>;
  set(key: string, value: unknown): Promise<void>;
}

export interface RunHost {
  /** tfjs with its backend initialised (kinds that train tfjs models, e.g. "distill"). */
  readonly tf?: Tf;
  /** Loads an image data set by name ("fashion-mnist", "mnist"); rejects naming the field for an unknown one. */
  readonly loadDataset?: (name: string) => Promise<ImageDataset>;
  /** Stage results (a trained teacher, a paraphraser) reused by later runs with the same config part. */
  readonly stageCache?: StageCache;
}

/** A StageCache in memory (tests, browsers). */
export function memoryStageCache(): StageCache & { readonly entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    get: async (key) => {
      const text = entries.get(key);
      return text === undefined ? undefined : JSON.parse(text);
    },
    set: async (key, value) => {
      entries.set(key, JSON.stringify(value));
    },
  };
}
