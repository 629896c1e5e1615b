// Assembles asm/sgd-kernel.wat into src/sim/kernel-wasm.generated.ts with the shared wasm build step.
// Run: node asm/assemble.mjs   (or with --check to only compare, exit 1 on mismatch)
import { join } from "node:path";
import { wasmAssembler } from "../../../scripts/wasm-assemble.mjs";

const here = import.meta.dirname;
const assembler = wasmAssembler({
  loadWabt: () => import("wabt"),
  watPath: join(here, "sgd-kernel.wat"),
  outPath: join(here, "..", "src", "sim", "kernel-wasm.generated.ts"),
  exportName: "KERNEL_WASM_BASE64",
  description: "The WebAssembly SIMD kernel of the online-SGD simulator",
});

/** The wasm bytes of the kernel, assembled from the .wat source. */
export const assembleKernel = assembler.assemble;

if (process.argv[1] === import.meta.filename) await assembler.main(process.argv);
