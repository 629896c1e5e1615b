import { describe, expect, it } from "vitest";
import { createRng, rngFromState } from "./rng.js";
import { erfc, normalCdf } from "./special.js";
import { zigguratTables } from "./ziggurat.js";

// ---- an independent BigInt reference of splitmix64 and xoshiro256** (Blackman & Vigna's C code) ----
const MASK = (1n << 64n) - 1n;
const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (64n - k))) & MASK;
function referenceXoshiro(state: bigint[]): () => bigint {
  const s = [...state];
  return () => {
    const result = (rotl((s[1] * 5n) & MASK, 7n) * 9n) & MASK;
    const t = (s[1] << 17n) & MASK;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45n);
    return result;
  };
}
function stateWords(state: string): bigint[] {
  const w: string[] = JSON.parse(state).words;
  return [0, 1, 2, 3].map((i) => BigInt(`0x${w[2 * i]}${w[2 * i + 1]}`));
}

describe("generator", () => {
  it("seeds by splitmix64 (first outputs for seed 0 are the published 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4)", () => {
    const words = stateWords(createRng(0).getState());
    expect(words[0]).toBe(0xe220a8397b1dcdafn);
    expect(words[1]).toBe(0x6e789e6aa1b965f4n);
  });

  it("agrees bit for bit with a BigInt xoshiro256** reference", () => {
    for (const seed of [1, 123456789, "teacher"]) {
      const rng = createRng(seed);
      const ref = referenceXoshiro(stateWords(rng.getState()));
      for (let i = 0; i < 2000; i++) {
        const r = ref();
        if (i % 2 === 0) expect(rng.nextUint32()).toBe(Number(r >> 32n));
        else expect(rng.nextFloat64()).toBe(Number(r >> 11n) / 2 ** 53);
      }
    }
  });

  it("is deterministic per seed and differs between seeds", () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const d = createRng("42");
    let same = 0;
    for (let i = 0; i < 1000; i++) {
      const x = a.nextFloat64();
      expect(b.nextFloat64()).toBe(x);
      if (c.nextFloat64() === x) same++;
      if (d.nextFloat64() === x) same++;
    }
    expect(same).toBe(0);
    const n1 = createRng("run-7").fillNormal(new Float64Array(500));
    const n2 = createRng("run-7").fillNormal(new Float64Array(500));
    expect(Array.from(n1)).toEqual(Array.from(n2));
  });

  it("round-trips its state bit-identically, including after normals", () => {
    const a = createRng(9);
    a.fillNormal(new Float64Array(777));
    const b = rngFromState(JSON.parse(JSON.stringify(a.getState())));
    const xa = new Float64Array(1000);
    const xb = new Float64Array(1000);
    a.fillNormal(xa, 0, 500);
    b.fillNormal(xb, 0, 500);
    a.fillUniform(xa, 500);
    b.fillUniform(xb, 500);
    expect(Array.from(xb)).toEqual(Array.from(xa));
    expect(b.getState()).toBe(a.getState());
  });

  it("fork is deterministic, leaves the parent alone, and gives uncorrelated streams", () => {
    const parent = createRng(5);
    const twin = createRng(5);
    const f1 = parent.fork(1);
    const f1again = parent.fork(1);
    const f2 = parent.fork(2);
    expect(parent.nextFloat64()).toBe(twin.nextFloat64());
    const n = 100_000;
    const x1 = f1.fillNormal(new Float64Array(n));
    const x1b = f1again.fillNormal(new Float64Array(n));
    const x2 = f2.fillNormal(new Float64Array(n));
    const x0 = parent.fillNormal(new Float64Array(n));
    expect(x1b[n - 1]).toBe(x1[n - 1]);
    const corr = (a: Float64Array, b: Float64Array) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += a[i] * b[i];
      return s / n; // both ~N(0,1): SE of the sample correlation ≈ 1/√n
    };
    for (const [a, b] of [
      [x1, x2],
      [x1, x0],
      [x2, x0],
    ]) {
      expect(Math.abs(corr(a, b))).toBeLessThan(5 / Math.sqrt(n));
    }
    // Forks of forks are distinct from forks of the parent.
    expect(f1.fork(2).nextFloat64()).not.toBe(parent.fork(2).nextFloat64());
  });

  it("rejects bad arguments with messages naming them", () => {
    expect(() => createRng(1.5)).toThrow(/seed/);
    expect(() => createRng(Number.NaN)).toThrow(/seed/);
    expect(() => createRng(1).fork(-1)).toThrow(/stream/);
    expect(() => createRng(1).int(0)).toThrow(/\bn\b/);
    expect(() => createRng(1).uniform(2, 1)).toThrow(/lo/);
    expect(() => createRng(1).fillNormal(new Float64Array(3), 0, 4)).toThrow(/end/);
    expect(() => rngFromState("{}")).toThrow(/state.algorithm/);
    expect(() => rngFromState("nope")).toThrow(/state/);
    const zero = JSON.stringify({
      algorithm: "xoshiro256**",
      words: Array(8).fill("00000000"),
      pool: ["00000000", "00000000", 0],
    });
    expect(() => rngFromState(zero)).toThrow(/all-zero/);
    const state = JSON.parse(createRng(1).getState());
    expect(() => rngFromState(JSON.stringify({ ...state, pool: ["00000000", "00000000", 7] }))).toThrow(
      /state.pool/,
    );
  });
});

describe("uniform draws", () => {
  it("have the moments of U[0,1) and 53-bit resolution", () => {
    const n = 400_000;
    const u = createRng(11).fillUniform(new Float64Array(n));
    let m1 = 0;
    let m2 = 0;
    let oddLastBit = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      if (!(u[i] >= 0 && u[i] < 1)) outside++;
      m1 += u[i];
      m2 += u[i] * u[i];
      const k = u[i] * 2 ** 53;
      if (!Number.isInteger(k)) throw new Error("not a multiple of 2^-53");
      if (k % 2 === 1) oddLastBit++;
    }
    expect(outside).toBe(0);
    expect(Math.abs(m1 / n - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(m2 / n - 1 / 3)).toBeLessThan(5 * Math.sqrt(4 / 45 / n));
    expect(Math.abs(oddLastBit / n - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / n));
  });

  it("int(n) is uniform (chi-square, 6 degrees of freedom) and uniform(lo, hi) stays in range", () => {
    const rng = createRng(3);
    const counts = new Array(7).fill(0);
    const n = 70_000;
    for (let i = 0; i < n; i++) counts[rng.int(7)]++;
    const chi2 = counts.reduce((s, c) => s + (c - n / 7) ** 2 / (n / 7), 0);
    expect(chi2).toBeLessThan(6 + 5 * Math.sqrt(12)); // mean 6, sd √12
    for (let i = 0; i < 1000; i++) {
      const v = rng.uniform(-2, 3);
      expect(v >= -2 && v < 3).toBe(true);
    }
  });
});

describe("ziggurat normals", () => {
  const n = 2_000_000;
  const z = createRng(2024).fillNormal(new Float64Array(n));

  it("uses the published 256-layer constants of Marsaglia & Tsang (R = 3.6541528853610088, V = 4.92867323399e-3)", () => {
    const t = zigguratTables();
    expect(t.r).toBeCloseTo(3.6541528853610088, 12);
    expect(t.v).toBeCloseTo(4.92867323399e-3, 13);
  });

  it("has mean 0, variance 1 and fourth moment 3 within 5 standard errors", () => {
    let m1 = 0;
    let m2 = 0;
    let m4 = 0;
    for (let i = 0; i < n; i++) {
      const v = z[i];
      m1 += v;
      m2 += v * v;
      m4 += v * v * v * v;
    }
    expect(Math.abs(m1 / n)).toBeLessThan(5 * Math.sqrt(1 / n));
    expect(Math.abs(m2 / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n)); // Var z² = 2
    expect(Math.abs(m4 / n - 3)).toBeLessThan(5 * Math.sqrt(96 / n)); // Var z⁴ = 105 − 9
  });

  it("has the normal tail probabilities P(|z| > t) for t = 2, 3, R, 4 within 5 binomial sigma", () => {
    for (const t of [2, 3, 3.7, 4]) {
      const p = erfc(t / Math.SQRT2);
      let count = 0;
      for (let i = 0; i < n; i++) if (Math.abs(z[i]) > t) count++;
      expect(Math.abs(count / n - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
    }
  });

  it("passes Kolmogorov–Smirnov and chi-square (100 equiprobable bins) tests against Φ", () => {
    const m = 100_000;
    const sample = Float64Array.from(z.subarray(0, m)).sort();
    let d = 0;
    for (let i = 0; i < m; i++) {
      const F = normalCdf(sample[i]);
      d = Math.max(d, Math.abs(F - i / m), Math.abs(F - (i + 1) / m));
    }
    expect(Math.sqrt(m) * d).toBeLessThan(2.23); // P(K > 2.23) ≈ 1e-4
    const bins = new Array(100).fill(0);
    for (let i = 0; i < n; i++) bins[Math.min(99, Math.floor(normalCdf(z[i]) * 100))]++;
    const chi2 = bins.reduce((s, c) => s + (c - n / 100) ** 2 / (n / 100), 0);
    expect(chi2).toBeLessThan(99 + 5 * Math.sqrt(2 * 99));
  });

  it("is symmetric: the sign is independent of |z| (sign vs |z| > 1 contingency)", () => {
    let posBig = 0;
    let big = 0;
    let pos = 0;
    for (let i = 0; i < n; i++) {
      if (z[i] > 0) pos++;
      if (Math.abs(z[i]) > 1) {
        big++;
        if (z[i] > 0) posBig++;
      }
    }
    expect(Math.abs(pos / n - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / n));
    expect(Math.abs(posBig / big - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / big));
  });

  it("takes layer and sign from one output and the abscissa from another (checked against the BigInt reference)", () => {
    const t = zigguratTables();
    let checked = 0;
    let negative = 0;
    for (let seed = 0; seed < 300; seed++) {
      const rng = createRng(seed);
      const ref = referenceXoshiro(stateWords(rng.getState()));
      const pool = ref(); // six 9-bit fields: hi >>> 18, hi >>> 9, hi, lo >>> 18, lo >>> 9, lo
      const hi = Number(pool >> 32n);
      const lo = Number(pool & 0xffffffffn);
      const fields = [hi >>> 18, hi >>> 9, hi, lo >>> 18, lo >>> 9, lo].map((v) => v & 511);
      for (const bits of fields) {
        const u = Number(ref() >> 11n) / 2 ** 53;
        const layer = bits & 255;
        if (u >= t.ratio[layer]) break; // the rare slow path draws more; stop comparing there
        // the sign applied to the product, from the unsigned tables (the generator reads a signed width)
        const expected = (bits & 256 ? -1 : 1) * (u * t.x[layer]);
        expect(Object.is(rng.normal(), expected)).toBe(true);
        checked++;
        if (bits & 256) negative++;
      }
    }
    expect(checked).toBeGreaterThan(1700);
    expect(negative).toBeGreaterThan(800);
  });

  it("its fast-path table pairs ratio and the signed width for every layer+sign field", () => {
    const t = zigguratTables();
    for (let b = 0; b < 512; b++) {
      expect(t.fast[2 * b]).toBe(t.ratio[b & 255]);
      expect(t.fast[2 * b + 1]).toBe(b & 256 ? -t.x[b & 255] : t.x[b & 255]);
    }
  });

  it("has no lag-1 autocorrelation", () => {
    let s = 0;
    for (let i = 1; i < n; i++) s += z[i] * z[i - 1];
    expect(Math.abs(s / (n - 1))).toBeLessThan(5 / Math.sqrt(n));
  });

  it("fillNormal gives the same stream as repeated normal() and respects [start, end)", () => {
    const a = createRng(77);
    const b = createRng(77);
    const filled = a.fillNormal(new Float64Array(5000));
    for (let i = 0; i < 5000; i++) expect(b.normal()).toBe(filled[i]);
    const part = new Float64Array(10).fill(7);
    createRng(1).fillNormal(part, 3, 6);
    expect([part[0], part[2], part[6], part[9]]).toEqual([7, 7, 7, 7]);
    expect(part[3]).not.toBe(7);
  });
});
