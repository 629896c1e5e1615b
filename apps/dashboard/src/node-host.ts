// The Node side of the bundled `pupil` bin. Its built-in packs and the engine are inside the bundle, so
// nodePackLoader serves a built-in from the bundle whether the recipe names it or carries its resolved file
// URL (worker recipes do), instead of importing the package's own dist and its dependencies again. Runs on
// workers go to a pool of worker threads running the bundle's run worker (worker-pool.ts), so a sweep pays
// a worker's start-up once per worker, not once per point.
import { nodePackLoader as loadFromDisk } from "@pupil/experiments/node";
import type { PackLoader } from "@pupil/plugin";
import { BUILTIN_PACKS as BUNDLED } from "./builtins.js";

let bundledByUrl: Map<string, () => Promise<unknown>> | undefined;

/** A built-in by name or by the URL import.meta.resolve gives for it here; anything else from disk. */
export const nodePackLoader: PackLoader = (specifier, origin) => {
  if (specifier in BUNDLED) return BUNDLED[specifier]();
  if (specifier.startsWith("file:")) {
    bundledByUrl ??= new Map(
      Object.entries(BUNDLED).map(([name, load]) => [import.meta.resolve(name), load]),
    );
    const load = bundledByUrl.get(specifier);
    if (load) return load();
  }
  return loadFromDisk(specifier, origin);
};
