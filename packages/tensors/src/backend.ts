// tfjs backend choice behind one function. The host passes its own tf (pupil never imports tfjs at runtime
// here); the wasm backend package is imported dynamically inside chooseBackend, never at import time.

export type BackendName = "wasm" | "webgl" | "cpu";

/** The part of the tfjs API this needs (satisfied by @tensorflow/tfjs and @tensorflow/tfjs-core). */
export interface TfBackendHost {
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  getBackend(): string;
}

export interface ChooseBackendOptions {
  /** Backends to try, best first. Default: Node ["wasm", "cpu"]; browser or Web Worker ["webgl", "wasm", "cpu"]. */
  order?: BackendName[];
  /** Where the browser fetches the .wasm binaries from (passed to setWasmPaths); Node finds them itself. */
  wasmPaths?: string | Record<string, string>;
}

const KNOWN: readonly BackendName[] = ["wasm", "webgl", "cpu"];

/** True in a page (window + document) or a Web Worker (importScripts); false in Node. */
export function isBrowserLike(): boolean {
  const g = globalThis as { window?: unknown; document?: unknown; importScripts?: unknown };
  return (
    (typeof g.window !== "undefined" && typeof g.document !== "undefined") ||
    typeof g.importScripts === "function"
  );
}

export function defaultBackendOrder(): BackendName[] {
  return isBrowserLike() ? ["webgl", "wasm", "cpu"] : ["wasm", "cpu"];
}

async function registerWasm(wasmPaths: ChooseBackendOptions["wasmPaths"]): Promise<void> {
  const wasm = await import("@tensorflow/tfjs-backend-wasm");
  if (wasmPaths !== undefined) wasm.setWasmPaths(wasmPaths as string);
}

/**
 * Switches tf to the first backend of `order` that initialises, falling back down the list, and returns the
 * name of the backend in use. Throws (naming `order`) if none works.
 */
export async function chooseBackend(tf: TfBackendHost, options: ChooseBackendOptions = {}): Promise<string> {
  if (tf == null || typeof tf.setBackend !== "function" || typeof tf.ready !== "function") {
    throw new Error("tf: expected the tfjs module (with setBackend and ready)");
  }
  const order = options.order ?? defaultBackendOrder();
  if (!Array.isArray(order) || order.length === 0)
    throw new Error("order: expected a non-empty array of backends");
  for (const name of order) {
    if (!KNOWN.includes(name))
      throw new Error(`order: unknown backend "${name}", expected one of ${KNOWN.join(", ")}`);
  }
  const failures: string[] = [];
  for (const name of order) {
    try {
      if (name === "wasm") await registerWasm(options.wasmPaths);
      const ok = await tf.setBackend(name);
      if (!ok) {
        failures.push(`${name}: setBackend returned false`);
        continue;
      }
      await tf.ready();
      if (tf.getBackend() === name) return name;
      failures.push(`${name}: tf reports backend ${tf.getBackend()}`);
    } catch (error) {
      failures.push(`${name}: ${(error as Error)?.message ?? String(error)}`);
    }
  }
  throw new Error(`order: no backend could be initialised (${failures.join("; ")})`);
}
