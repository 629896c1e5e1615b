import type { Rng } from "@pupil/tensors";

// The two hot loops of an SGD step, behind one interface so the simulator runs on plain Float64Array loops
// (the oracle) or on the WebAssembly SIMD kernel. Both do exactly the same floating-point operations in the same
// order (two interleaved partial sums per row, even and odd indices, added at the end), so they agree bit for bit.

/** Buffers of one simulator, owned by a kernel (the wasm kernel puts them in its linear memory). */
export interface KernelBuffers {
  /** Student first layer W, p×N row-major. */
  readonly W: Float64Array;
  /** Teacher first layer W*, p*×N row-major. */
  readonly Wt: Float64Array;
  /** The B inputs of the current step, B×N row-major. */
  readonly X: Float64Array;
  /** Student pre-activations λ = W x/√N, B×p. */
  readonly h: Float64Array;
  /** Teacher pre-activations ν = W* x/√N, B×p*. */
  readonly ht: Float64Array;
  /** Update coefficients c (W += c ⊗ x), B×p. */
  readonly coef: Float64Array;
  /** erf committee: g(λ) = erf(λ/√2), B×p, filled by erfActivations. */
  readonly g: Float64Array;
  /** erf committee: g'(λ) = √(2/π) e^{-λ²/2}, B×p, filled by erfActivations. */
  readonly dg: Float64Array;
  /** erf committee: g(ν) of the teacher, B×p*, filled by erfActivations. */
  readonly gt: Float64Array;
  /** Student overlaps Q = W Wᵀ/N, p×p, maintained by updateOverlaps. */
  readonly Q: Float64Array;
  /** Student–teacher overlaps M = W W*ᵀ/N, p×p*, maintained by updateOverlaps. */
  readonly M: Float64Array;
}

export interface StepKernel extends KernelBuffers {
  readonly name: "js" | "wasm";
  /** Fills X with B·N fresh N(0,1) draws from the data stream. */
  fillInputs(): void;
  /** h = W X_b/√N and ht = W* X_b/√N for every sample b. */
  forward(): void;
  /** W ← shrink·W + Σ_b coef_b ⊗ x_b (shrink = 1 skips the multiply). */
  update(shrink: number): void;
  /** B = 1 pipelining: fills the other input buffer with the next step's input. */
  fillNext(): void;
  /**
   * B = 1: update(shrink) with this step's input, then forward() on the next input (from fillNext), which
   * becomes the current one. The wasm kernel does both in one sweep over W; the results are the same.
   */
  updateAndForwardNext(shrink: number): void;
  /**
   * For an erf committee (src/sim/erf-activation.ts): g and dg from h when `student`, gt from ht when `teacher`,
   * with the kernel's own erf and exp, the same bits in both kernels.
   */
  erfActivations(student: boolean, teacher: boolean): void;
  /** Q and M after this step's update (updateOverlapsInPlace, before `update`), from h, ht, coef and the Gram. */
  updateOverlaps(shrink: number, gram: Float64Array): void;
  /** x_b·x_c (B×B Gram of the inputs) into out. */
  inputGram(out: Float64Array): void;
  /** JSON state of the data stream (createRng format), for resume. */
  dataRngState(): string;
  /** Continues the data stream from a restored generator. */
  restoreDataRng(rng: Rng): void;
}

export interface KernelDims {
  readonly N: number;
  readonly p: number;
  readonly pStar: number;
  readonly batch: number;
}

/** Row-by-row dot products with the same summation order as the f64x2 kernel. */
export function gemvScaled(
  rows: number,
  n: number,
  A: Float64Array,
  x: Float64Array,
  xOff: number,
  out: Float64Array,
  outOff: number,
  scale: number,
): void {
  const even = n & ~1;
  for (let j = 0; j < rows; j++) {
    const o = j * n;
    let s0 = 0;
    let s1 = 0;
    for (let i = 0; i < even; i += 2) {
      s0 += A[o + i] * x[xOff + i];
      s1 += A[o + i + 1] * x[xOff + i + 1];
    }
    let s = s0 + s1;
    if (even !== n) s += A[o + even] * x[xOff + even];
    out[outOff + j] = s * scale;
  }
}

/** Dot product of two length-n runs, in the kernel's summation order. */
export function dotPairwise(n: number, a: Float64Array, aOff: number, b: Float64Array, bOff: number): number {
  const even = n & ~1;
  let s0 = 0;
  let s1 = 0;
  for (let i = 0; i < even; i += 2) {
    s0 += a[aOff + i] * b[bOff + i];
    s1 += a[aOff + i + 1] * b[bOff + i + 1];
  }
  let s = s0 + s1;
  if (even !== n) s += a[aOff + even] * b[bOff + even];
  return s;
}
