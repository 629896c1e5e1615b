// tfjs in the worker: WebGL where the browser gives a worker one on a GPU (OffscreenCanvas; not a software
// renderer), else WebAssembly (the
// .wasm files are emitted into the app's own assets by Vite's ?url imports: no CDN), else the CPU backend.
// Loaded lazily so a run never waits for it. Plugins get this tf injected (activation plugins' tf ops).
import wasmPlain from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url";
import wasmSimd from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url";
import wasmThreaded from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url";
import { isSoftwareRenderer, webglRenderer } from "./webgl-renderer.js";

export interface BackendChoice {
  name: "webgl" | "wasm" | "cpu";
  detail: string;
}

/** The first backend that initialises and computes a small op correctly, in the order webgl, wasm, cpu. */
export async function selectTfBackend(): Promise<BackendChoice> {
  const tf = await import("@tensorflow/tfjs");
  const wasm = await import("@tensorflow/tfjs-backend-wasm");
  const abs = (u: string) => new URL(u, self.location.href).href;
  wasm.setWasmPaths({
    "tfjs-backend-wasm.wasm": abs(wasmPlain),
    "tfjs-backend-wasm-simd.wasm": abs(wasmSimd),
    "tfjs-backend-wasm-threaded-simd.wasm": abs(wasmThreaded),
  });
  const tried: string[] = [];
  for (const name of ["webgl", "wasm", "cpu"] as const) {
    const renderer = name === "webgl" ? webglRenderer() : undefined;
    if (isSoftwareRenderer(renderer)) {
      tried.push(`webgl: software renderer (${renderer}), slower than wasm`);
      continue;
    }
    try {
      if (!(await tf.setBackend(name))) {
        tried.push(`${name}: unavailable`);
        continue;
      }
      await tf.ready();
      const sum = tf.tidy(
        () =>
          tf
            .matMul(tf.ones([2, 2]), tf.ones([2, 2]))
            .sum()
            .dataSync()[0],
      );
      if (sum !== 8) {
        tried.push(`${name}: wrong result`);
        continue;
      }
      return { name, detail: [...tried, `${name}: ok (tfjs ${tf.version.tfjs})`].join("; ") };
    } catch (error) {
      tried.push(`${name}: ${(error as Error).message.slice(0, 80)}`);
    }
  }
  throw new Error(tried.join("; "));
}
