import type { Rng } from "@pupil/tensors";
import type { KernelDims, StepKernel } from "./kernel.js";
import { createJsKernel } from "./kernel-js.js";
import { createWasmKernel } from "./kernel-wasm.js";

export type KernelChoice = "auto" | "wasm" | "js";

/** The step kernel: "js" (plain loops), "wasm" (SIMD; throws when unavailable) or "auto" (wasm when available). */
export function createKernel(choice: KernelChoice, dims: KernelDims, dataRng: Rng): StepKernel {
  if (choice === "js") return createJsKernel(dims, dataRng);
  if (choice === "wasm" || choice === "auto") {
    const k = createWasmKernel(dims, dataRng);
    if (k) return k;
    if (choice === "wasm") {
      throw new Error(
        'options.kernel: "wasm" was asked for but this runtime lacks WebAssembly SIMD; use "auto" or "js"',
      );
    }
    return createJsKernel(dims, dataRng);
  }
  throw new Error(`options.kernel: expected "auto", "wasm" or "js", got ${JSON.stringify(choice)}`);
}
