// The finite-N online-SGD simulator (docs/math.md §1–3): typed-array and WebAssembly SIMD kernels.
export { type RunEnsembleOptions, runEnsemble } from "./ensemble.js";
export type { KernelChoice } from "./kernel-select.js";
export { wasmKernelAvailable } from "./kernel-wasm.js";
export type { RecordSpec } from "./schedule.js";
export { initialOverlaps, type SimulateOnlineOptions, simulateOnline } from "./simulate.js";
export { OnlineSimulator, type OnlineSimulatorOptions, type OnlineSimulatorState } from "./simulator.js";
