// Seeded random numbers: xoshiro256** (Blackman & Vigna) on 32-bit halves, seeded by splitmix64,
// with a 256-layer ziggurat (Marsaglia & Tsang, in Doornik's ZIGNOR form) for N(0,1).
//
// State: eight int32 words [s0hi, s0lo, s1hi, s1lo, s2hi, s2lo, s3hi, s3lo]. Every draw advances the
// generator by one 64-bit step; nextUint32 returns the upper 32 bits, nextFloat64 the upper 53 bits.
// Sub-streams (fork): the four state words and the stream number are hashed with splitmix64 into a new seed,
// which seeds a fresh generator. Two streams overlap only if their random starting points fall within one
// run length of each other on the 2^256 − 1 cycle, which is negligible; fork does not advance the parent.
import { zigguratTables } from "./ziggurat.js";

export interface Rng {
  /** Uniform integer in [0, 2^32). */
  nextUint32(): number;
  /** Uniform double in [0, 1) with 53 random bits. */
  nextFloat64(): number;
  /** Uniform double in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Uniform integer in [0, n), unbiased (rejection). */
  int(n: number): number;
  /** One N(0, 1) draw (ziggurat). */
  normal(): number;
  /** Fills out[start..end) with N(0, 1) draws, allocation-free; the same stream as repeated normal() calls. */
  fillNormal(out: Float64Array, start?: number, end?: number): Float64Array;
  /** Fills out[start..end) with uniform [0, 1) draws; the same stream as repeated nextFloat64() calls. */
  fillUniform(out: Float64Array, start?: number, end?: number): Float64Array;
  /** Independent deterministic sub-stream number `stream`; does not advance this generator. */
  fork(stream: number): Rng;
  /** JSON-safe state; rngFromState(getState()) continues bit-identically. */
  getState(): string;
}

const TWO_POW_32 = 4294967296;
const TWO_POW_M53 = 1 / 9007199254740992;
const MASK64 = (1n << 64n) - 1n;
const STATE_ALGORITHM = "xoshiro256**";

// ---------- splitmix64 (seeding only, so BigInt is fine here) ----------
function splitmixNext(state: { x: bigint }): bigint {
  state.x = (state.x + 0x9e3779b97f4a7c15n) & MASK64;
  let z = state.x;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

function stateFromSeed64(seed: bigint): Int32Array {
  const sm = { x: seed & MASK64 };
  const s = new Int32Array(8);
  for (let w = 0; w < 4; w++) {
    const v = splitmixNext(sm);
    s[2 * w] = Number(v >> 32n) | 0;
    s[2 * w + 1] = Number(v & 0xffffffffn) | 0;
  }
  // splitmix64 is a bijection of its counter, so four zero outputs in a row cannot happen; guard anyway.
  if (s.every((v) => v === 0)) s[1] = 1;
  return s;
}

/** FNV-1a (64-bit) over the UTF-16 code units: a stable, platform-independent hash for string seeds. */
function hashString(text: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & MASK64;
  }
  return h;
}

function seedToBigInt(seed: number | string): bigint {
  if (typeof seed === "string") return hashString(seed);
  if (typeof seed === "number" && Number.isSafeInteger(seed)) return BigInt.asUintN(64, BigInt(seed));
  throw new Error(`seed: expected a safe integer or a string, got ${String(seed)}`);
}

function word64(s: Int32Array, w: number): bigint {
  return (BigInt(s[2 * w] >>> 0) << 32n) | BigInt(s[2 * w + 1] >>> 0);
}

// ---------- xoshiro256** step on 32-bit halves ----------
// result = rotl(s1 · 5, 7) · 9;  t = s1 << 17;  s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45)

/** Advances the state; returns the upper 32 bits of the output (unsigned). */
function stepHigh32(s: Int32Array): number {
  const s1h = s[2];
  const s1l = s[3];
  // s1 · 5 (mod 2^64): the low product is exact in a double (< 2^35).
  const lo5 = (s1l >>> 0) * 5;
  const l5 = lo5 >>> 0;
  const h5 = (Math.imul(s1h, 5) + (lo5 - l5) / TWO_POW_32) | 0;
  // rotl 7
  const rh = (h5 << 7) | (l5 >>> 25);
  const rl = (l5 << 7) | (h5 >>> 25);
  // · 9
  const lo9 = (rl >>> 0) * 9;
  const h9 = (Math.imul(rh, 9) + Math.floor(lo9 / TWO_POW_32)) >>> 0;
  advance(s, s1h, s1l);
  return h9;
}

/** Advances the state; returns the upper 53 bits of the output scaled to [0, 1). */
function stepFloat53(s: Int32Array): number {
  const s1h = s[2];
  const s1l = s[3];
  const lo5 = (s1l >>> 0) * 5;
  const l5 = lo5 >>> 0;
  const h5 = (Math.imul(s1h, 5) + (lo5 - l5) / TWO_POW_32) | 0;
  const rh = (h5 << 7) | (l5 >>> 25);
  const rl = (l5 << 7) | (h5 >>> 25);
  const lo9 = (rl >>> 0) * 9;
  const l9 = lo9 >>> 0;
  const h9 = (Math.imul(rh, 9) + (lo9 - l9) / TWO_POW_32) >>> 0;
  advance(s, s1h, s1l);
  return (h9 * 2097152 + (l9 >>> 11)) * TWO_POW_M53;
}

function advance(s: Int32Array, s1h: number, s1l: number): void {
  const th = (s1h << 17) | (s1l >>> 15);
  const tl = s1l << 17;
  const s2h = s[4] ^ s[0];
  const s2l = s[5] ^ s[1];
  const s3h = s[6] ^ s1h;
  const s3l = s[7] ^ s1l;
  s[2] = s1h ^ s2h;
  s[3] = s1l ^ s2l;
  s[0] ^= s3h;
  s[1] ^= s3l;
  s[4] = s2h ^ th;
  s[5] = s2l ^ tl;
  // rotl 45 = swap halves, then rotl 13
  s[6] = (s3l << 13) | (s3h >>> 19);
  s[7] = (s3h << 13) | (s3l >>> 19);
}

// ---------- ziggurat ----------
// Layer index (8 bits) and sign (1 bit) come from one 32-bit draw; the abscissa from a separate 53-bit draw.
function zigguratNormal(s: Int32Array, X: Float64Array, ratio: Float64Array, F: Float64Array, R: number) {
  for (;;) {
    const bits = stepHigh32(s);
    const layer = bits & 255;
    const negative = (bits & 256) !== 0;
    const u = stepFloat53(s);
    const x = u * X[layer];
    if (u < ratio[layer]) return negative ? -x : x;
    if (layer === 0) {
      // Tail beyond R (Marsaglia 1964): x = R + a with a ~ Exp(R), accepted when 2b > a².
      let a: number;
      let b: number;
      do {
        a = -Math.log(1 - stepFloat53(s)) / R;
        b = -Math.log(1 - stepFloat53(s));
      } while (b + b < a * a);
      return negative ? -(R + a) : R + a;
    }
    // Wedge: uniform height in [f(X[layer]), f(X[layer+1])], accept below the density.
    const y = F[layer] + stepFloat53(s) * (F[layer + 1] - F[layer]);
    if (y < Math.exp(-0.5 * x * x)) return negative ? -x : x;
  }
}

class Xoshiro256 implements Rng {
  readonly #s: Int32Array;

  constructor(state: Int32Array) {
    this.#s = state;
  }

  nextUint32(): number {
    return stepHigh32(this.#s);
  }

  nextFloat64(): number {
    return stepFloat53(this.#s);
  }

  uniform(lo: number, hi: number): number {
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi < lo) {
      throw new Error(`uniform: expected finite lo ≤ hi, got lo=${lo}, hi=${hi}`);
    }
    return lo + (hi - lo) * stepFloat53(this.#s);
  }

  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
      throw new Error(`int: n must be an integer in [1, 2^32], got ${n}`);
    }
    // Rejection from the largest multiple of n below 2^32: exactly uniform.
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    for (;;) {
      const v = stepHigh32(this.#s);
      if (v < limit) return v % n;
    }
  }

  normal(): number {
    const t = zigguratTables();
    return zigguratNormal(this.#s, t.x, t.ratio, t.f, t.r);
  }

  fillNormal(out: Float64Array, start = 0, end = out.length): Float64Array {
    checkRange(out, start, end, "fillNormal");
    const t = zigguratTables();
    const s = this.#s;
    const X = t.x;
    const ratio = t.ratio;
    const F = t.f;
    const R = t.r;
    for (let i = start; i < end; i++) {
      // Fast path inlined (≈98.8% of draws); the rare rest goes through zigguratNormal with fresh bits.
      const bits = stepHigh32(s);
      const layer = bits & 255;
      const u = stepFloat53(s);
      if (u < ratio[layer]) {
        const x = u * X[layer];
        out[i] = (bits & 256) !== 0 ? -x : x;
      } else {
        out[i] = slowNormal(s, X, ratio, F, R, bits, u);
      }
    }
    return out;
  }

  fillUniform(out: Float64Array, start = 0, end = out.length): Float64Array {
    checkRange(out, start, end, "fillUniform");
    const s = this.#s;
    for (let i = start; i < end; i++) out[i] = stepFloat53(s);
    return out;
  }

  fork(stream: number): Rng {
    if (!Number.isSafeInteger(stream) || stream < 0) {
      throw new Error(`fork: stream must be a non-negative safe integer, got ${stream}`);
    }
    const s = this.#s;
    const sm = { x: BigInt(stream) };
    let h = splitmixNext(sm);
    for (let w = 0; w < 4; w++) {
      sm.x = (sm.x ^ word64(s, w) ^ h) & MASK64;
      h = splitmixNext(sm);
    }
    return new Xoshiro256(stateFromSeed64(h));
  }

  getState(): string {
    const words: string[] = [];
    for (let i = 0; i < 8; i++) words.push((this.#s[i] >>> 0).toString(16).padStart(8, "0"));
    return JSON.stringify({ algorithm: STATE_ALGORITHM, words });
  }
}

/** Finishes one ziggurat draw whose fast-path test failed, continuing with the same layer bits and u. */
function slowNormal(
  s: Int32Array,
  X: Float64Array,
  ratio: Float64Array,
  F: Float64Array,
  R: number,
  bits: number,
  u: number,
): number {
  const layer = bits & 255;
  const negative = (bits & 256) !== 0;
  if (layer === 0) {
    let a: number;
    let b: number;
    do {
      a = -Math.log(1 - stepFloat53(s)) / R;
      b = -Math.log(1 - stepFloat53(s));
    } while (b + b < a * a);
    return negative ? -(R + a) : R + a;
  }
  const x = u * X[layer];
  const y = F[layer] + stepFloat53(s) * (F[layer + 1] - F[layer]);
  if (y < Math.exp(-0.5 * x * x)) return negative ? -x : x;
  return zigguratNormal(s, X, ratio, F, R);
}

function checkRange(out: Float64Array, start: number, end: number, name: string): void {
  if (!(out instanceof Float64Array)) throw new Error(`${name}: out must be a Float64Array`);
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > out.length || start > end) {
    throw new Error(
      `${name}: expected 0 ≤ start ≤ end ≤ out.length (${out.length}), got start=${start}, end=${end}`,
    );
  }
}

/** A seeded xoshiro256** generator; the seed (safe integer or string) is expanded by splitmix64. */
export function createRng(seed: number | string): Rng {
  return new Xoshiro256(stateFromSeed64(seedToBigInt(seed)));
}

/** Restores a generator from getState(); it continues bit-identically. */
export function rngFromState(state: string): Rng {
  let parsed: unknown;
  try {
    parsed = JSON.parse(state);
  } catch {
    throw new Error("state: expected the JSON string returned by Rng.getState()");
  }
  const p = parsed as { algorithm?: unknown; words?: unknown };
  if (p?.algorithm !== STATE_ALGORITHM) {
    throw new Error(`state.algorithm: expected "${STATE_ALGORITHM}", got ${JSON.stringify(p?.algorithm)}`);
  }
  const words = p.words;
  if (!Array.isArray(words) || words.length !== 8 || !words.every((w) => /^[0-9a-f]{8}$/.test(String(w)))) {
    throw new Error("state.words: expected 8 hexadecimal 32-bit words");
  }
  const s = new Int32Array(8);
  for (let i = 0; i < 8; i++) s[i] = Number.parseInt(words[i] as string, 16) | 0;
  if (s.every((v) => v === 0))
    throw new Error("state.words: the all-zero state is not a valid xoshiro state");
  return new Xoshiro256(s);
}
