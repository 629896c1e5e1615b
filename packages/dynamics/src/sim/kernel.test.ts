import { createRng, fdlibmExp, fdlibmLog } from "@pupil/tensors";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs build script without type declarations
import { assembleKernel } from "../../asm/assemble.mjs";
import { createJsKernel } from "./kernel-js.js";
import { createWasmKernel, kernelBytes, kernelModule } from "./kernel-wasm.js";
import { crossOverlap, selfOverlap } from "./overlaps-update.js";

/** Index of the first entry that differs (Object.is, so bit patterns incl. -0 count), or -1. */
function firstDifference(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

describe("the committed wasm bytes", () => {
  it("equal a fresh assembly of asm/sgd-kernel.wat", async () => {
    const fresh: Uint8Array = await assembleKernel();
    expect(Buffer.from(kernelBytes()).equals(Buffer.from(fresh))).toBe(true);
  });
});

describe("wasm fill_normal is createRng's fillNormal", () => {
  for (const n of [1, 7, 1000, 200_001]) {
    it(`${n} draws: the same numbers and the same generator state afterwards`, () => {
      const kernel = createWasmKernel({ N: n, p: 1, pStar: 1, batch: 1 }, createRng(n))!;
      const oracle = createRng(n);
      const expected = new Float64Array(n);
      for (let round = 0; round < 2; round++) {
        kernel.fillInputs();
        oracle.fillNormal(expected);
        expect(firstDifference(kernel.X, expected)).toBe(-1);
        expect(kernel.dataRngState()).toBe(oracle.getState());
      }
    });
  }

  it("its draws are N(0,1): mean, variance and the tail mass beyond the ziggurat base within 5σ", () => {
    const n = 400_000;
    const k = createWasmKernel({ N: n, p: 1, pStar: 1, batch: 1 }, createRng("moments"))!;
    k.fillInputs();
    let s1 = 0;
    let s2 = 0;
    let tail = 0;
    for (const x of k.X) {
      s1 += x;
      s2 += x * x;
      if (Math.abs(x) > 3.6541528853610088) tail++;
    }
    expect(Math.abs(s1 / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(s2 / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    const pTail = 2.5826e-4; // P(|z| > 3.6541...) = erfc(3.6541.../√2)
    expect(Math.abs(tail - n * pTail)).toBeLessThan(5 * Math.sqrt(n * pTail));
  });

  it("restoreDataRng continues any createRng stream, mid-pool included", () => {
    const k = createWasmKernel({ N: 500, p: 1, pStar: 1, batch: 1 }, createRng(1))!;
    const a = createRng("other");
    const b = createRng("other");
    a.fillNormal(new Float64Array(4)); // 4 of the 6 layer fields of one pool output used
    b.fillNormal(new Float64Array(4));
    k.restoreDataRng(a);
    k.fillInputs();
    expect(firstDifference(k.X, b.fillNormal(new Float64Array(500)))).toBe(-1);
    expect(k.dataRngState()).toBe(b.getState());
  });
});

describe("the kernel's exp and log (its ziggurat slow path) are @pupil/tensors' fdlibm ones", () => {
  it("bit for bit over the slow path's arguments and beyond", () => {
    const Instance = (
      globalThis as unknown as {
        WebAssembly: { Instance: new (m: object, i: object) => { exports: unknown } };
      }
    ).WebAssembly.Instance;
    const k = new Instance(kernelModule() as object, {}).exports as {
      exp(x: number): number;
      log(x: number): number;
    };
    const rng = createRng("wasm-libm");
    const xs: number[] = [
      0,
      -0,
      1,
      -1,
      0.5,
      1e-9,
      -1e-300,
      709.7,
      709.8,
      -745,
      -746,
      5e-324,
      1e-310,
      2 ** 40,
    ];
    for (let i = 0; i < 20000; i++) {
      xs.push(-0.5 * (4 * rng.nextFloat64()) ** 2, (rng.nextFloat64() - 0.5) * 1500, 1 - rng.nextFloat64());
      xs.push(2 ** ((rng.nextFloat64() - 0.5) * 2100), 1 + (rng.nextFloat64() - 0.5) * 1e-5);
    }
    const mismatches: string[] = [];
    for (const x of [...xs, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      if (!Object.is(k.exp(x), fdlibmExp(x))) mismatches.push(`exp(${x})`);
      if (!Object.is(k.log(x), fdlibmLog(x))) mismatches.push(`log(${x})`); // NaN is Object.is NaN
    }
    expect(mismatches).toEqual([]);
  });
});

describe("the teacher's product with |x|² fused: wasm = JS bit for bit for every p*", () => {
  for (const [p, pStar] of [
    [3, 1],
    [3, 2],
    [3, 3],
    [3, 5],
    [1, 1],
    [1, 3],
    [4, 1],
    [4, 3],
    [6, 5],
  ] as const) {
    for (const n of [1, 10, 33]) {
      it(`p = ${p}, p* = ${pStar}, N = ${n}: ht and the input Gram, after forward and after the fused step`, () => {
        const dims = { N: n, p, pStar, batch: 1 };
        const js = createJsKernel(dims, createRng(5));
        const wasm = createWasmKernel(dims, createRng(5))!;
        const fill = createRng(6);
        const W = fill.fillNormal(new Float64Array(p * n));
        const Wt = fill.fillNormal(new Float64Array(pStar * n));
        const coef = fill.fillNormal(new Float64Array(p));
        const gj = new Float64Array(1);
        const gw = new Float64Array(1);
        for (const k of [js, wasm]) {
          k.W.set(W);
          k.Wt.set(Wt);
          k.coef.set(coef);
          k.fillInputs();
          k.forward();
        }
        for (let round = 0; round < 3; round++) {
          expect(Array.from(wasm.ht)).toEqual(Array.from(js.ht));
          expect(Array.from(wasm.h)).toEqual(Array.from(js.h));
          expect(Array.from(wasm.W)).toEqual(Array.from(js.W));
          js.inputGram(gj);
          wasm.inputGram(gw);
          expect(Object.is(gw[0], gj[0])).toBe(true);
          let naive = 0;
          for (const v of js.X) naive += v * v;
          expect(gj[0]).toBeCloseTo(naive, 12);
          for (const k of [js, wasm]) {
            k.fillNext();
            k.updateAndForwardNext(1);
          }
        }
      });
    }
  }
});

describe("gemv and rank-1 update: wasm = JS bit for bit, both = a naive loop to rounding", () => {
  for (const [rows, n, batch] of [
    [1, 1, 1],
    [2, 9, 1],
    [3, 12, 1],
    [4, 10, 1],
    [5, 11, 1],
    [6, 7, 1],
    [7, 33, 1],
    [7, 33, 2],
    [9, 128, 3],
  ] as const) {
    it(`p=${rows}, N=${n}, B=${batch}`, () => {
      const dims = { N: n, p: rows, pStar: 2, batch };
      const js = createJsKernel(dims, createRng(2));
      const wasm = createWasmKernel(dims, createRng(2))!;
      const fill = createRng(99);
      const W = fill.fillNormal(new Float64Array(rows * n));
      const Wt = fill.fillNormal(new Float64Array(2 * n));
      const coef = fill.fillNormal(new Float64Array(batch * rows));
      for (const k of [js, wasm]) {
        k.W.set(W);
        k.Wt.set(Wt);
        k.coef.set(coef);
        k.fillInputs();
        k.forward();
      }
      expect(Array.from(wasm.X)).toEqual(Array.from(js.X));
      expect(Array.from(wasm.h)).toEqual(Array.from(js.h));
      expect(Array.from(wasm.ht)).toEqual(Array.from(js.ht));
      // naive: one running sum per row
      for (let b = 0; b < batch; b++) {
        for (let j = 0; j < rows; j++) {
          let s = 0;
          for (let i = 0; i < n; i++) s += W[j * n + i] * js.X[b * n + i];
          expect(js.h[b * rows + j]).toBeCloseTo(s / Math.sqrt(n), 12);
        }
      }
      const gj = new Float64Array(batch * batch);
      const gw = new Float64Array(batch * batch);
      js.inputGram(gj);
      wasm.inputGram(gw);
      expect(Array.from(gw)).toEqual(Array.from(gj));
      for (const shrink of [1, 0.75]) {
        js.update(shrink);
        wasm.update(shrink);
        expect(Array.from(wasm.W)).toEqual(Array.from(js.W));
      }
      if (batch === 1) {
        // the fused update + next forward pass against the separate JS routines
        for (const shrink of [1, 0.75]) {
          js.fillNext();
          wasm.fillNext();
          wasm.updateAndForwardNext(shrink);
          const ref = createJsKernel(dims, createRng(0));
          ref.W.set(js.W);
          ref.Wt.set(Wt);
          ref.coef.set(coef);
          ref.X.set(js.X);
          ref.update(shrink);
          js.updateAndForwardNext(shrink);
          expect(Array.from(wasm.W)).toEqual(Array.from(ref.W));
          expect(Array.from(js.W)).toEqual(Array.from(ref.W));
          expect(Array.from(wasm.X)).toEqual(Array.from(js.X));
          expect(Array.from(wasm.h)).toEqual(Array.from(js.h));
          expect(Array.from(wasm.ht)).toEqual(Array.from(js.ht));
          ref.X.set(js.X);
          ref.forward();
          expect(Array.from(js.h)).toEqual(Array.from(ref.h));
        }
        return;
      }
      // naive rank-B update of the original W, twice (shrink 1, then 0.75)
      const ref = Float64Array.from(W);
      for (const shrink of [1, 0.75]) {
        for (let b = 0; b < batch; b++) {
          for (let j = 0; j < rows; j++) {
            for (let i = 0; i < n; i++) {
              const base = b === 0 ? shrink * ref[j * n + i] : ref[j * n + i];
              ref[j * n + i] = base + coef[b * rows + j] * js.X[b * n + i];
            }
          }
        }
      }
      for (let i = 0; i < ref.length; i++) expect(js.W[i]).toBeCloseTo(ref[i], 12);
    });
  }
});

describe("the B = 1 overlap update in wasm = updateOverlapsInPlace bit for bit", () => {
  for (const [p, pStar, shrink] of [
    [1, 1, 1],
    [2, 2, 1],
    [3, 1, 0.999],
    [5, 3, 1],
    [8, 2, 0.98],
  ] as const) {
    it(`p = ${p}, p* = ${pStar}, shrink = ${shrink}`, () => {
      const dims = { N: 37, p, pStar, batch: 1 };
      const wasm = createWasmKernel(dims, createRng(1)) as NonNullable<ReturnType<typeof createWasmKernel>>;
      const js = createJsKernel(dims, createRng(1));
      const rng = createRng(`overlaps-${p}-${pStar}`);
      for (const k of [wasm, js]) {
        const r = createRng(`overlaps-${p}-${pStar}`);
        for (const buf of [k.Q, k.M, k.h, k.ht, k.coef]) r.fillNormal(buf);
        k.coef[0] = -0; // a −0 coefficient: the update's `0 + …` must treat it as the loops do
      }
      const gram = new Float64Array([30 + rng.nextFloat64()]);
      for (let round = 0; round < 3; round++) {
        wasm.updateOverlaps(shrink, gram);
        js.updateOverlaps(shrink, gram);
      }
      expect(firstDifference(wasm.Q, js.Q)).toBe(-1);
      expect(firstDifference(wasm.M, js.M)).toBe(-1);
      // and the update is the algebra of docs/math.md: Q stays symmetric
      for (let j = 0; j < p; j++)
        for (let k = 0; k < p; k++) expect(wasm.Q[j * p + k]).toBe(wasm.Q[k * p + j]);
    });
  }
});

describe("selfOverlap (the exact Q, upper triangle mirrored) = crossOverlap(A, A) bit for bit", () => {
  for (const [r, n] of [
    [1, 5],
    [3, 7],
    [6, 1001],
  ] as const) {
    it(`${r}×${n}`, () => {
      const A = createRng(`self-${r}-${n}`).fillNormal(new Float64Array(r * n));
      const viaCross = new Float64Array(r * r);
      const viaSelf = new Float64Array(r * r).fill(Number.NaN);
      crossOverlap(r, r, n, A, A, viaCross);
      selfOverlap(r, n, A, viaSelf);
      expect(firstDifference(viaSelf, viaCross)).toBe(-1);
      // and both are A Aᵀ/N: a naive sum agrees to rounding
      let naive = 0;
      for (let i = 0; i < n; i++) naive += A[i] * A[(r - 1) * n + i];
      expect(Math.abs(viaSelf[r - 1] - naive / n)).toBeLessThan(1e-13 * Math.sqrt(n));
    });
  }
});
