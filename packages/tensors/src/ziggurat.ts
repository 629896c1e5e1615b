// Ziggurat tables for N(0,1) with 256 layers of equal area V under f(x) = exp(−x²/2) (Marsaglia & Tsang 2000;
// layout of Doornik's ZIGNOR). Computed on first use, once per module, then reused (no import-time work).
//
// x[0] = V / f(R) is the pseudo-width of the base strip (rectangle up to R plus the tail), x[1] = R,
// x[i+1] = f⁻¹(V / x[i] + f(x[i])), x[256] = 0.  R is solved so that the top strip closes exactly at f = 1.
//
// Sampling (Doornik's form): a 9-bit field from the layer pool gives the layer i (8 bits) and the sign (1 bit);
// a separate 53-bit uniform u gives the abscissa x = u·x[i]. Accept at once when u < x[i+1]/x[i]; otherwise
// the tail (layer 0, Marsaglia's exponential method beyond R) or the wedge test with a further uniform.
import { fdlibmExp, fdlibmLog } from "./libm.js";
import { erfc } from "./special.js";
import {
  POOL_COUNT,
  POOL_FIELDS,
  POOL_HI,
  POOL_LO,
  stepFloat53,
  TWO_POW_32,
  TWO_POW_M53,
  takeLayerBits,
} from "./xoshiro.js";

export const ZIGGURAT_LAYERS = 256;

/** The shared tables (computed once): read them, never write them. */
export interface ZigguratTables {
  /** Right edge R of the base strip (start of the tail). */
  readonly r: number;
  /** Common area of every strip (under the unnormalised density exp(−x²/2)). */
  readonly v: number;
  /** Strip widths, length LAYERS + 1. */
  readonly x: Float64Array;
  /** x[i+1] / x[i]: a uniform u below it is accepted without any density evaluation. */
  readonly ratio: Float64Array;
  /** f(x[i]) = exp(−x[i]²/2), length LAYERS + 1. */
  readonly f: Float64Array;
  /**
   * The fast path indexed by the whole 9-bit layer+sign field b: [2b] = ratio[b & 255], [2b + 1] = ±x[b & 255]
   * (negative when bit 8 is set), so a draw is u·fast[2b + 1] with no sign handling (−(u·x) = u·(−x) exactly),
   * and both numbers sit in one 16-byte pair. Length 2·2·LAYERS.
   */
  readonly fast: Float64Array;
}

let cached: ZigguratTables | undefined;

const density = (x: number) => Math.exp(-0.5 * x * x);
/** ∫_R^∞ exp(−x²/2) dx. */
const tailArea = (r: number) => Math.sqrt(Math.PI / 2) * erfc(r / Math.SQRT2);

/** Runs the strip recursion from R; returns how far the top strip overshoots f = 1 (positive: R too small). */
function closure(r: number, x: Float64Array | undefined): number {
  const v = r * density(r) + tailArea(r);
  let xi = r;
  for (let i = 2; i < ZIGGURAT_LAYERS; i++) {
    const next = v / xi + density(xi);
    if (next >= 1) return next - 1 + (ZIGGURAT_LAYERS - i); // the strips reached the top too early
    xi = Math.sqrt(-2 * Math.log(next));
    if (x) x[i] = xi;
  }
  return v / xi + density(xi) - 1;
}

export function zigguratTables(): ZigguratTables {
  if (cached) return cached;
  // Bisection on R: closure(R) is decreasing in R (a larger R means thinner strips that never reach the top).
  let lo = 3;
  let hi = 4.5;
  for (let it = 0; it < 200 && hi - lo > 1e-15; it++) {
    const mid = 0.5 * (lo + hi);
    if (closure(mid, undefined) > 0) lo = mid;
    else hi = mid;
  }
  const r = 0.5 * (lo + hi);
  const v = r * density(r) + tailArea(r);
  const x = new Float64Array(ZIGGURAT_LAYERS + 1);
  x[0] = v / density(r);
  x[1] = r;
  closure(r, x);
  x[ZIGGURAT_LAYERS] = 0;
  const ratio = new Float64Array(ZIGGURAT_LAYERS);
  for (let i = 0; i < ZIGGURAT_LAYERS; i++) ratio[i] = x[i + 1] / x[i];
  const f = new Float64Array(ZIGGURAT_LAYERS + 1);
  for (let i = 0; i <= ZIGGURAT_LAYERS; i++) f[i] = density(x[i]);
  const fast = new Float64Array(4 * ZIGGURAT_LAYERS);
  for (let b = 0; b < 2 * ZIGGURAT_LAYERS; b++) {
    const layer = b & (ZIGGURAT_LAYERS - 1);
    fast[2 * b] = ratio[layer];
    fast[2 * b + 1] = b & ZIGGURAT_LAYERS ? -x[layer] : x[layer];
  }
  cached = { r, v, x, ratio, f, fast };
  return cached;
}

/**
 * Finishes a draw whose fast test failed (layer bits and u already drawn); retries from scratch if rejected.
 * exp and log are fdlibm's (libm.ts), so the stream does not depend on the engine's Math.exp/Math.log and the
 * wasm kernel of @pupil/dynamics reproduces it.
 */
function slowPath(s: Int32Array, t: ZigguratTables, bits: number, u: number): number {
  for (;;) {
    const layer = bits & 255;
    const negative = (bits & 256) !== 0;
    if (layer === 0) {
      // Tail beyond R: x = R + a with a ~ Exp(R), accepted when 2b > a² (b ~ Exp(1)).
      const R = t.r;
      let a: number;
      let b: number;
      do {
        a = -fdlibmLog(1 - stepFloat53(s)) / R;
        b = -fdlibmLog(1 - stepFloat53(s));
      } while (b + b < a * a);
      return negative ? -(R + a) : R + a;
    }
    // Wedge: a uniform height in [f(x[i]), f(x[i+1])] is accepted below the density at x.
    const x = u * t.x[layer];
    const y = t.f[layer] + stepFloat53(s) * (t.f[layer + 1] - t.f[layer]);
    if (y < fdlibmExp(-0.5 * x * x)) return negative ? -x : x;
    bits = takeLayerBits(s);
    u = stepFloat53(s);
    if (u < t.ratio[bits & 255]) {
      const v = u * t.x[bits & 255];
      return (bits & 256) !== 0 ? -v : v;
    }
  }
}

/** One N(0,1) draw from generator state s. */
export function zigguratNormal(s: Int32Array): number {
  const t = zigguratTables();
  const bits = takeLayerBits(s);
  const u = stepFloat53(s);
  // The sign comes with the signed width (no branch on a random bit, which would mispredict half the time).
  if (u < t.fast[2 * bits]) return u * t.fast[2 * bits + 1];
  return slowPath(s, t, bits, u);
}

/**
 * out[start..end) = N(0,1) draws, the same stream as repeated zigguratNormal(s). The fast path keeps the
 * generator state in locals with the xoshiro256** step written out (see xoshiro.ts for the commented step);
 * the rare slow path (≈1.2%) writes the state back and goes through the array-based functions.
 */
export function fillNormalRange(s: Int32Array, out: Float64Array, start: number, end: number): void {
  const t = zigguratTables();
  const fast = t.fast;
  let s0h = s[0];
  let s0l = s[1];
  let s1h = s[2];
  let s1l = s[3];
  let s2h = s[4];
  let s2l = s[5];
  let s3h = s[6];
  let s3l = s[7];
  let poolHi = s[POOL_HI];
  let poolLo = s[POOL_LO];
  let count = s[POOL_COUNT];
  for (let i = start; i < end; i++) {
    let lo5 = (s1l >>> 0) * 5;
    let l5 = lo5 >>> 0;
    let h5 = (Math.imul(s1h, 5) + (lo5 - l5) / TWO_POW_32) | 0;
    let rh = (h5 << 7) | (l5 >>> 25);
    let rl = (l5 << 7) | (h5 >>> 25);
    let lo9 = (rl >>> 0) * 9;
    let l9 = lo9 >>> 0;
    let h9 = (Math.imul(rh, 9) + (lo9 - l9) / TWO_POW_32) >>> 0;
    let th = (s1h << 17) | (s1l >>> 15);
    let tl = s1l << 17;
    let rot = 0;
    if (count === 0) {
      // Refill the layer pool with one full 64-bit output.
      poolHi = h9 | 0;
      poolLo = l9 | 0;
      count = POOL_FIELDS;
      s2h ^= s0h;
      s2l ^= s0l;
      s3h ^= s1h;
      s3l ^= s1l;
      s1h ^= s2h;
      s1l ^= s2l;
      s0h ^= s3h;
      s0l ^= s3l;
      s2h ^= th;
      s2l ^= tl;
      rot = (s3l << 13) | (s3h >>> 19);
      s3l = (s3h << 13) | (s3l >>> 19);
      s3h = rot;
      lo5 = (s1l >>> 0) * 5;
      l5 = lo5 >>> 0;
      h5 = (Math.imul(s1h, 5) + (lo5 - l5) / TWO_POW_32) | 0;
      rh = (h5 << 7) | (l5 >>> 25);
      rl = (l5 << 7) | (h5 >>> 25);
      lo9 = (rl >>> 0) * 9;
      l9 = lo9 >>> 0;
      h9 = (Math.imul(rh, 9) + (lo9 - l9) / TWO_POW_32) >>> 0;
      th = (s1h << 17) | (s1l >>> 15);
      tl = s1l << 17;
    }
    count--;
    const bits = count >= 3 ? (poolHi >>> (9 * (count - 3))) & 511 : (poolLo >>> (9 * count)) & 511;
    // The abscissa: upper 53 bits of the current output.
    const u = (h9 * 2097152 + (l9 >>> 11)) * TWO_POW_M53;
    s2h ^= s0h;
    s2l ^= s0l;
    s3h ^= s1h;
    s3l ^= s1l;
    s1h ^= s2h;
    s1l ^= s2l;
    s0h ^= s3h;
    s0l ^= s3l;
    s2h ^= th;
    s2l ^= tl;
    rot = (s3l << 13) | (s3h >>> 19);
    s3l = (s3h << 13) | (s3l >>> 19);
    s3h = rot;
    if (u < fast[2 * bits]) {
      out[i] = u * fast[2 * bits + 1]; // the signed width: no branch on the sign
    } else {
      s[0] = s0h;
      s[1] = s0l;
      s[2] = s1h;
      s[3] = s1l;
      s[4] = s2h;
      s[5] = s2l;
      s[6] = s3h;
      s[7] = s3l;
      s[POOL_HI] = poolHi;
      s[POOL_LO] = poolLo;
      s[POOL_COUNT] = count;
      out[i] = slowPath(s, t, bits, u);
      s0h = s[0];
      s0l = s[1];
      s1h = s[2];
      s1l = s[3];
      s2h = s[4];
      s2l = s[5];
      s3h = s[6];
      s3l = s[7];
      poolHi = s[POOL_HI];
      poolLo = s[POOL_LO];
      count = s[POOL_COUNT];
    }
  }
  s[0] = s0h;
  s[1] = s0l;
  s[2] = s1h;
  s[3] = s1l;
  s[4] = s2h;
  s[5] = s2l;
  s[6] = s3h;
  s[7] = s3l;
  s[POOL_HI] = poolHi;
  s[POOL_LO] = poolLo;
  s[POOL_COUNT] = count;
}
