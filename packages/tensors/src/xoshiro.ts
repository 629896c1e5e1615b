// xoshiro256** (Blackman & Vigna 2018) on 32-bit halves, seeded by splitmix64.
//
// State layout (Int32Array of STATE_LENGTH):
//   [0..7]  s0hi, s0lo, s1hi, s1lo, s2hi, s2lo, s3hi, s3lo — the 256-bit generator state;
//   [8..10] a pool of 9-bit "layer + sign" draws for the ziggurat: one 64-bit output split into six 9-bit
//           fields (three from each 32-bit half), and how many remain. Ziggurat abscissas never use these words.
//   [11]    scratch for the low output word of the current step (not part of the serialised state).
// One step: result = rotl(s1·5, 7)·9;  t = s1 << 17;  s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t;
// s3 = rotl(s3, 45).  Every arithmetic step below is exact on int32 / doubles (no BigInt in the hot path).

export const TWO_POW_32 = 4294967296;
export const TWO_POW_M53 = 1 / 9007199254740992;
export const STATE_LENGTH = 12;
export const POOL_HI = 8;
export const POOL_LO = 9;
export const POOL_COUNT = 10;
const SCRATCH = 11;
/** Number of 9-bit fields taken from one 64-bit output. */
export const POOL_FIELDS = 6;

const MASK64 = (1n << 64n) - 1n;

// ---------- splitmix64 (seeding only, so BigInt is fine here) ----------
export function splitmixNext(state: { x: bigint }): bigint {
  state.x = (state.x + 0x9e3779b97f4a7c15n) & MASK64;
  let z = state.x;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/** Fresh state from a 64-bit seed: four splitmix64 outputs; empty ziggurat pool. */
export function stateFromSeed64(seed: bigint): Int32Array {
  const sm = { x: seed & MASK64 };
  const s = new Int32Array(STATE_LENGTH);
  for (let w = 0; w < 4; w++) {
    const v = splitmixNext(sm);
    s[2 * w] = Number(v >> 32n) | 0;
    s[2 * w + 1] = Number(v & 0xffffffffn) | 0;
  }
  // splitmix64 never gives four zero outputs in a row; guard the invalid all-zero state anyway.
  if (
    s[0] === 0 &&
    s[1] === 0 &&
    s[2] === 0 &&
    s[3] === 0 &&
    s[4] === 0 &&
    s[5] === 0 &&
    s[6] === 0 &&
    s[7] === 0
  ) {
    s[1] = 1;
  }
  return s;
}

/** FNV-1a (64-bit) over the UTF-16 code units: a stable, platform-independent hash for string seeds. */
export function hashString(text: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & MASK64;
  }
  return h;
}

/** Seed for a sub-stream: splitmix64 chained over the stream number and the four state words. */
export function forkSeed(s: Int32Array, stream: number): bigint {
  const sm = { x: BigInt(stream) };
  let h = splitmixNext(sm);
  for (let w = 0; w < 4; w++) {
    const word = (BigInt(s[2 * w] >>> 0) << 32n) | BigInt(s[2 * w + 1] >>> 0);
    sm.x = (sm.x ^ word ^ h) & MASK64;
    h = splitmixNext(sm);
  }
  return h;
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
  // rotl 45 = swap the halves, then rotl 13
  s[6] = (s3l << 13) | (s3h >>> 19);
  s[7] = (s3h << 13) | (s3l >>> 19);
}

/** One step; returns the upper 32 output bits (unsigned) and leaves the lower 32 in s[SCRATCH]. */
function step(s: Int32Array): number {
  const s1h = s[2];
  const s1l = s[3];
  // s1·5 (mod 2^64): the low product is exact in a double (< 2^35); its high part is the carry.
  const lo5 = (s1l >>> 0) * 5;
  const l5 = lo5 >>> 0;
  const h5 = (Math.imul(s1h, 5) + (lo5 - l5) / TWO_POW_32) | 0;
  const rh = (h5 << 7) | (l5 >>> 25);
  const rl = (l5 << 7) | (h5 >>> 25);
  const lo9 = (rl >>> 0) * 9;
  const l9 = lo9 >>> 0;
  const h9 = (Math.imul(rh, 9) + (lo9 - l9) / TWO_POW_32) >>> 0;
  s[SCRATCH] = l9;
  advance(s, s1h, s1l);
  return h9;
}

/** Advances one step; returns the upper 32 bits of the output. */
export function stepHigh32(s: Int32Array): number {
  return step(s);
}

/** Advances one step; returns the upper 53 bits of the output as a double in [0, 1). */
export function stepFloat53(s: Int32Array): number {
  const hi = step(s);
  return (hi * 2097152 + (s[SCRATCH] >>> 11)) * TWO_POW_M53;
}

/** Next 9-bit field (layer in bits 0–7, sign in bit 8) from the pool, refilling it from one step when empty. */
export function takeLayerBits(s: Int32Array): number {
  let count = s[POOL_COUNT];
  if (count === 0) {
    s[POOL_HI] = step(s);
    s[POOL_LO] = s[SCRATCH];
    count = POOL_FIELDS;
  }
  count--;
  s[POOL_COUNT] = count;
  return count >= 3 ? (s[POOL_HI] >>> (9 * (count - 3))) & 511 : (s[POOL_LO] >>> (9 * count)) & 511;
}
