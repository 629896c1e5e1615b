// Assembles asm/conv-kernels.wat into src/kernels-wasm.generated.ts with the shared wasm build step.
// Run: node asm/assemble.mjs   (or with --check to only compare, exit 1 on mismatch)
import { join } from "node:path";
import { wasmAssembler } from "../../../scripts/wasm-assemble.mjs";

const here = import.meta.dirname;
const assembler = wasmAssembler({
  loadWabt: () => import("wabt"),
  watPath: join(here, "conv-kernels.wat"),
  outPath: join(here, "..", "src", "kernels-wasm.generated.ts"),
  exportName: "TRAINING_KERNELS_WASM_BASE64",
  description: "The WebAssembly SIMD training kernels (conv filter and input gradients)",
});

/** The wasm bytes of the kernels, assembled from the .wat source. */
export const assembleKernel = assembler.assemble;

if (process.argv[1] === import.meta.filename) await assembler.main(process.argv);
