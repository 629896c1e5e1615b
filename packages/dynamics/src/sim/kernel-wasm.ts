// The WebAssembly SIMD step kernel (asm/sgd-kernel.wat, shipped as base64 in kernel-wasm.generated.ts).
// It owns one linear memory per simulator holding the ziggurat tables, the data stream's xoshiro state and every
// buffer of the step, so a step crosses the JS/wasm boundary only a handful of times.
import { type Rng, rngFromState, zigguratTables } from "@pupil/tensors";
import type { KernelDims, StepKernel } from "./kernel.js";
import { KERNEL_WASM_BASE64 } from "./kernel-wasm.generated.js";
import { updateOverlapsInPlace } from "./overlaps-update.js";

// The few WebAssembly JS API pieces used here (the TS lib for Node 20 declares none without "DOM").
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
type WasmModule = object;
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: unknown };
}
const wasmApi = (): WasmApi | undefined => (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

interface KernelExports {
  memory: WasmMemory;
  gemv(A: number, rows: number, n: number, x: number, out: number, scale: number): void;
  ger(A: number, rows: number, n: number, c: number, x: number, shrink: number): void;
  ger_gemv(
    A: number,
    rows: number,
    n: number,
    c: number,
    x: number,
    shrink: number,
    xn: number,
    out: number,
    scale: number,
    At: number,
    tRows: number,
    tOut: number,
    sq: number,
  ): void;
  dot(a: number, b: number, n: number): number;
  gemv_sq(A: number, rows: number, n: number, x: number, out: number, scale: number, sq: number): void;
  take_layer_bits(st: number): number;
  rand_f53(st: number): number;
  fill_normal(
    out: number,
    n: number,
    st: number,
    xTab: number,
    ratioTab: number,
    fTab: number,
    fastTab: number,
  ): void;
  exp(x: number): number;
  log(x: number): number;
  erf_act(z: number, n: number, scale: number, g: number, dg: number, derivative: number): void;
  exp_neg_many(x: number, n: number, out: number): void;
  overlaps_update1(
    p: number,
    pStar: number,
    Q: number,
    M: number,
    h: number,
    ht: number,
    c: number,
    shrink: number,
    s2: number,
    crossScale: number,
    invSqrtN: number,
    invN: number,
    gram: number,
  ): void;
}

let compiled: WasmModule | null | undefined;

/** The compiled kernel, or null when this runtime lacks WebAssembly SIMD. Compiled once, on first use. */
export function kernelModule(): WasmModule | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  const api = wasmApi();
  if (!api) return compiled;
  const bytes = kernelBytes();
  if (api.validate(bytes)) compiled = new api.Module(bytes);
  return compiled;
}

/** The kernel's wasm bytes (decoded from the generated base64). */
export function kernelBytes(): Uint8Array {
  const text = atob(KERNEL_WASM_BASE64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

export function wasmKernelAvailable(): boolean {
  return kernelModule() !== null;
}

const STATE_ALGORITHM = "xoshiro256**";

/** A wasm kernel for these dimensions, its data stream continuing `dataRng`; null without wasm SIMD. */
export function createWasmKernel(dims: KernelDims, dataRng: Rng): StepKernel | null {
  const module = kernelModule();
  if (!module) return null;
  const { N, p, pStar, batch } = dims;
  const tables = zigguratTables();
  // Layout (bytes): the x, ratio, f and fast-path tables, xoshiro state, then the buffers, each 16-byte aligned.
  let top = 0;
  const take = (doubles: number) => {
    const at = top;
    top += Math.ceil((doubles * 8) / 16) * 16;
    return at;
  };
  const xTab = take(tables.x.length);
  const ratioTab = take(tables.ratio.length);
  const fTab = take(tables.f.length);
  const fastTab = take(tables.fast.length);
  const st = take(6); // xoshiro s0..s3, the layer-bits pool and its count
  const wPtr = take(p * N);
  const wtPtr = take(pStar * N);
  const xPtrs = [take(batch * N), take(batch * N)]; // current and next inputs
  let xPtr = xPtrs[0];
  const hPtr = take(batch * p);
  const htPtr = take(batch * pStar);
  const cPtr = take(batch * p);
  // whole pairs (take rounds up to 16 bytes): erf_act reads and writes an odd count's last pair whole
  const gPtr = take(batch * p);
  const dgPtr = take(batch * p);
  const gtPtr = take(batch * pStar);
  const qPtr = take(p * p);
  const mPtr = take(p * pStar);
  const sqPtr = take(1); // |x|² of the current input (B = 1), fused into the teacher's product
  const Instance = (wasmApi() as WasmApi).Instance;
  const ex = new Instance(module, {}).exports as unknown as KernelExports;
  const pages = Math.ceil(top / 65536);
  const have = ex.memory.buffer.byteLength / 65536;
  if (pages > have) ex.memory.grow(pages - have);
  const buf = ex.memory.buffer;
  new Float64Array(buf, xTab, tables.x.length).set(tables.x);
  new Float64Array(buf, ratioTab, tables.ratio.length).set(tables.ratio);
  new Float64Array(buf, fTab, tables.f.length).set(tables.f);
  new Float64Array(buf, fastTab, tables.fast.length).set(tables.fast);
  const stateWords = new Uint32Array(buf, st, 11);
  // createRng's JSON state: words [s0hi, s0lo, s1hi, ...] and pool [hi, lo, count]; memory holds little-endian
  // i64 words (low half first) and the count as an i32.
  const setState = (rng: Rng) => {
    const parsed = JSON.parse(rng.getState()) as {
      algorithm: string;
      words: string[];
      pool: [string, string, number];
    };
    if (parsed.algorithm !== STATE_ALGORITHM || parsed.words?.length !== 8 || parsed.pool?.length !== 3) {
      throw new Error(`dataRng: the wasm kernel needs a ${STATE_ALGORITHM} generator from createRng`);
    }
    for (let w = 0; w < 4; w++) {
      stateWords[2 * w] = Number.parseInt(parsed.words[2 * w + 1], 16);
      stateWords[2 * w + 1] = Number.parseInt(parsed.words[2 * w], 16);
    }
    stateWords[8] = Number.parseInt(parsed.pool[1], 16);
    stateWords[9] = Number.parseInt(parsed.pool[0], 16);
    stateWords[10] = parsed.pool[2];
  };
  const getState = (): string => {
    const hex = (v: number) => v.toString(16).padStart(8, "0");
    const words: string[] = [];
    for (let w = 0; w < 4; w++) words.push(hex(stateWords[2 * w + 1]), hex(stateWords[2 * w]));
    const pool = [hex(stateWords[9]), hex(stateWords[8]), stateWords[10]];
    // through rngFromState, so the string is exactly what createRng's getState() writes
    return rngFromState(JSON.stringify({ algorithm: STATE_ALGORITHM, words, pool })).getState();
  };
  setState(dataRng);
  const view = (ptr: number, len: number) => new Float64Array(buf, ptr, len);
  const W = view(wPtr, p * N);
  const Wt = view(wtPtr, pStar * N);
  const Xviews = [view(xPtrs[0], batch * N), view(xPtrs[1], batch * N)];
  const h = view(hPtr, batch * p);
  const ht = view(htPtr, batch * pStar);
  const coef = view(cPtr, batch * p);
  const g = view(gPtr, batch * p);
  const dg = view(dgPtr, batch * p);
  const gt = view(gtPtr, batch * pStar);
  const Q = view(qPtr, p * p);
  const M = view(mPtr, p * pStar);
  const sq = view(sqPtr, 1);
  const invSqrtN = 1 / Math.sqrt(N);
  const invN = 1 / N; // as updateOverlapsInPlace forms its constants
  const k = ex;
  return {
    name: "wasm",
    W,
    Wt,
    get X() {
      return xPtr === xPtrs[0] ? Xviews[0] : Xviews[1];
    },
    h,
    ht,
    coef,
    g,
    dg,
    gt,
    Q,
    M,
    fillInputs() {
      k.fill_normal(xPtr, batch * N, st, xTab, ratioTab, fTab, fastTab);
    },
    forward() {
      for (let b = 0; b < batch; b++) {
        k.gemv(wPtr, p, N, xPtr + b * N * 8, hPtr + b * p * 8, invSqrtN);
        k.gemv_sq(wtPtr, pStar, N, xPtr + b * N * 8, htPtr + b * pStar * 8, invSqrtN, sqPtr);
      }
    },
    fillNext() {
      k.fill_normal(xPtr === xPtrs[0] ? xPtrs[1] : xPtrs[0], N, st, xTab, ratioTab, fTab, fastTab);
    },
    updateAndForwardNext(shrink) {
      const next = xPtr === xPtrs[0] ? xPtrs[1] : xPtrs[0];
      k.ger_gemv(wPtr, p, N, cPtr, xPtr, shrink, next, hPtr, invSqrtN, wtPtr, pStar, htPtr, sqPtr);
      xPtr = next;
    },
    update(shrink) {
      for (let b = 0; b < batch; b++) {
        k.ger(wPtr, p, N, cPtr + b * p * 8, xPtr + b * N * 8, b === 0 ? shrink : 1);
      }
    },
    erfActivations(student, teacher) {
      if (student) k.erf_act(hPtr, batch * p, Math.SQRT1_2, gPtr, dgPtr, 1);
      if (teacher) k.erf_act(htPtr, batch * pStar, Math.SQRT1_2, gtPtr, 0, 0);
    },
    updateOverlaps(shrink, gram) {
      if (batch !== 1) {
        updateOverlapsInPlace(p, pStar, batch, N, shrink, Q, M, h, ht, coef, gram);
        return;
      }
      k.overlaps_update1(
        p,
        pStar,
        qPtr,
        mPtr,
        hPtr,
        htPtr,
        cPtr,
        shrink,
        shrink * shrink,
        shrink * invSqrtN,
        invSqrtN,
        invN,
        gram[0],
      );
    },
    inputGram(out) {
      if (batch === 1) {
        out[0] = sq[0]; // fused into the teacher's product by forward / updateAndForwardNext
        return;
      }
      for (let b = 0; b < batch; b++) {
        for (let c = 0; c <= b; c++) {
          const g = k.dot(xPtr + b * N * 8, xPtr + c * N * 8, N);
          out[b * batch + c] = g;
          out[c * batch + b] = g;
        }
      }
    },
    dataRngState() {
      return getState();
    },
    restoreDataRng(rng) {
      setState(rng);
    },
  };
}
