// Seeded random numbers: xoshiro256** (Blackman & Vigna) on 32-bit halves, seeded by splitmix64,
// with a 256-layer ziggurat (Marsaglia & Tsang, in Doornik's ZIGNOR form) for N(0,1).
//
// State: the 256-bit xoshiro state plus the ziggurat's pool of layer bits (see xoshiro.ts). nextUint32 and
// nextFloat64 each take one 64-bit step (its upper 32 / 53 bits). A normal takes one step for its abscissa and a
// sixth of a step for its layer and sign, which come from separate outputs (the pool), never the same bits.
// Sub-streams (fork): the four state words and the stream number are hashed with splitmix64 into a new seed,
// which seeds a fresh generator. Two streams overlap only if their random starting points fall within one
// run length of each other on the 2^256 − 1 cycle, which is negligible; fork does not advance the parent.
import {
  forkSeed,
  hashString,
  POOL_COUNT,
  POOL_FIELDS,
  POOL_HI,
  POOL_LO,
  STATE_LENGTH,
  stateFromSeed64,
  stepFloat53,
  stepHigh32,
  TWO_POW_32,
} from "./xoshiro.js";
import { fillNormalRange, zigguratNormal } from "./ziggurat.js";

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

const STATE_ALGORITHM = "xoshiro256**";

function seedToBigInt(seed: number | string): bigint {
  if (typeof seed === "string") return hashString(seed);
  if (typeof seed === "number" && Number.isSafeInteger(seed)) return BigInt.asUintN(64, BigInt(seed));
  throw new Error(`seed: expected a safe integer or a string, got ${String(seed)}`);
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
    return zigguratNormal(this.#s);
  }

  fillNormal(out: Float64Array, start = 0, end = out.length): Float64Array {
    checkRange(out, start, end, "fillNormal");
    fillNormalRange(this.#s, out, start, end);
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
    return new Xoshiro256(stateFromSeed64(forkSeed(this.#s, stream)));
  }

  getState(): string {
    const s = this.#s;
    const words: string[] = [];
    for (let i = 0; i < 8; i++) words.push(hex(s[i]));
    const pool = [hex(s[POOL_HI]), hex(s[POOL_LO]), s[POOL_COUNT]];
    return JSON.stringify({ algorithm: STATE_ALGORITHM, words, pool });
  }
}

const hex = (v: number) => (v >>> 0).toString(16).padStart(8, "0");
const HEX_WORD = /^[0-9a-f]{8}$/;

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
  if (!Array.isArray(words) || words.length !== 8 || !words.every((w) => HEX_WORD.test(String(w)))) {
    throw new Error("state.words: expected 8 hexadecimal 32-bit words");
  }
  const pool = (p as { pool?: unknown }).pool;
  if (
    !Array.isArray(pool) ||
    pool.length !== 3 ||
    !HEX_WORD.test(String(pool[0])) ||
    !HEX_WORD.test(String(pool[1])) ||
    !Number.isInteger(pool[2]) ||
    pool[2] < 0 ||
    pool[2] > POOL_FIELDS
  ) {
    throw new Error(`state.pool: expected [hex word, hex word, count 0..${POOL_FIELDS}]`);
  }
  const s = new Int32Array(STATE_LENGTH);
  for (let i = 0; i < 8; i++) s[i] = Number.parseInt(words[i] as string, 16) | 0;
  if (s.every((v) => v === 0)) {
    throw new Error("state.words: the all-zero state is not a valid xoshiro state");
  }
  s[POOL_HI] = Number.parseInt(pool[0], 16) | 0;
  s[POOL_LO] = Number.parseInt(pool[1], 16) | 0;
  s[POOL_COUNT] = pool[2];
  return new Xoshiro256(s);
}
