// The slice of tfjs-backend-wasm's backend object the kernels use: its heap (the Emscripten module's memory,
// malloc and free), the heap address of a tensor, and output allocation. Typed here so nothing imports the
// backend package at run time.
import type { DataId, TensorInfo } from "@tensorflow/tfjs-core";
import { TRAINING_KERNELS_WASM_BASE64 } from "./kernels-wasm.generated.js";

// The few WebAssembly JS API pieces used here (the TS lib for Node 20 declares none without "DOM").
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
type WasmModule = object;
interface WasmApi {
  Memory: abstract new (...args: never[]) => WasmMemory;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: unknown };
}
const wasmApi = (): WasmApi => {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (!api) throw new Error("tfjs-wasm-train: this runtime has no WebAssembly");
  return api;
};

export interface WasmBackendLike {
  readonly wasm: {
    readonly asm: { readonly memory: WasmMemory };
    _malloc(bytes: number): number;
    _free(pointer: number): void;
  };
  readonly dataIdMap: { get(dataId: DataId): { memoryOffset: number | null } | undefined };
  makeOutput(shape: number[], dtype: "float32"): TensorInfo;
}

export function isWasmBackend(backend: unknown): backend is WasmBackendLike {
  const b = backend as Partial<WasmBackendLike> | null;
  return (
    typeof b?.makeOutput === "function" &&
    b.wasm?.asm?.memory instanceof wasmApi().Memory &&
    typeof b.wasm._malloc === "function" &&
    typeof b.dataIdMap?.get === "function"
  );
}

/** Exports of asm/conv-kernels.wat (byte pointers into the backend's heap). */
export interface ConvKernels {
  conv_filter_grad(
    x: number,
    dy: number,
    dW: number,
    B: number,
    OH: number,
    OW: number,
    Hp: number,
    Wp: number,
    CI: number,
    CO: number,
    FH: number,
    FW: number,
    sh: number,
    sw: number,
    dilh: number,
    dilw: number,
    imagesPerChunk: number,
  ): void;
  col_sum(x: number, out: number, rows: number, cols: number): void;
  bias_add(x: number, b: number, out: number, rows: number, cols: number): void;
  max_pool_grad(
    x: number,
    y: number,
    dy: number,
    dx: number,
    B: number,
    H: number,
    W: number,
    C: number,
    OH: number,
    OW: number,
    FH: number,
    FW: number,
    sh: number,
    sw: number,
    top: number,
    left: number,
  ): void;
  conv_input_grad(
    dy: number,
    wt: number,
    dx: number,
    B: number,
    OH: number,
    OW: number,
    Hp: number,
    Wp: number,
    CI: number,
    CO: number,
    FH: number,
    FW: number,
    sh: number,
    sw: number,
    dilh: number,
    dilw: number,
  ): void;
}

function decodeBase64(b64: string): Uint8Array {
  const binary = atob(b64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The compiled SIMD module (about 2 KB, so a synchronous compile is fine even on a browser's main thread). */
export function compileKernels(): WasmModule {
  return new (wasmApi().Module)(decodeBase64(TRAINING_KERNELS_WASM_BASE64));
}

/** The kernels instantiated on the backend's own memory, so they work on its tensors in place. */
export function instantiateKernels(module: WasmModule, backend: WasmBackendLike): ConvKernels {
  const instance = new (wasmApi().Instance)(module, { env: { memory: backend.wasm.asm.memory } });
  return instance.exports as unknown as ConvKernels;
}

/** Heap helpers for one kernel call: views are taken fresh (malloc may grow the memory) and scratch is freed. */
export class Heap {
  private readonly scratch: number[] = [];
  constructor(private readonly backend: WasmBackendLike) {}

  address(t: TensorInfo): number {
    const offset = this.backend.dataIdMap.get(t.dataId)?.memoryOffset;
    if (offset == null) throw new Error("tfjs-wasm-train: tensor has no data on the wasm heap");
    return offset;
  }

  /** Zeroed scratch of `floats` float32s, freed by release(). */
  alloc(floats: number): number {
    const p = this.backend.wasm._malloc(Math.max(4, floats * 4)) >>> 0;
    this.scratch.push(p);
    this.f32().fill(0, p >>> 2, (p >>> 2) + floats);
    return p;
  }

  f32(): Float32Array {
    return new Float32Array(this.backend.wasm.asm.memory.buffer);
  }

  release(): void {
    for (const p of this.scratch) this.backend.wasm._free(p);
    this.scratch.length = 0;
  }
}

export const roundUp = (n: number, m: number) => Math.ceil(n / m) * m;
