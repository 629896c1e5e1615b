// In-memory ByteCache (browser, tests) and the load-through helper every shipped source uses.
import { decodeDataset, encodeDataset } from "./codec.js";
import type { ByteCache, ImageDataset } from "./types.js";

export function memoryCache(): ByteCache {
  const entries = new Map<string, Uint8Array>();
  return {
    get: async (key) => entries.get(key),
    set: async (key, bytes) => {
      entries.set(key, bytes);
    },
  };
}

/**
 * Returns the cached data set under `key`, or builds it, stores it and returns it. A damaged entry is rebuilt
 * (and overwritten), never trusted.
 */
export async function cachedDataset(
  cache: ByteCache | undefined,
  key: string,
  build: () => Promise<ImageDataset>,
): Promise<ImageDataset> {
  const hit = cache ? await cache.get(key) : undefined;
  if (hit) {
    try {
      return decodeDataset(hit, `cache entry ${key}`);
    } catch {
      // fall through: rebuild from the source
    }
  }
  const dataset = await build();
  if (cache) await cache.set(key, encodeDataset(dataset));
  return dataset;
}
