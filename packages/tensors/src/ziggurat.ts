// Ziggurat tables for N(0,1) with 256 layers of equal area V under f(x) = exp(−x²/2) (Marsaglia & Tsang 2000;
// layout of Doornik's ZIGNOR). Computed on first use, once per module, then reused (no import-time work).
//
// x[0] = V / f(R) is the pseudo-width of the base strip (rectangle up to R plus the tail), x[1] = R,
// x[i+1] = f⁻¹(V / x[i] + f(x[i])), x[256] = 0.  R is solved so that the top strip closes exactly at f = 1.
import { erfc } from "./special.js";

export const ZIGGURAT_LAYERS = 256;

export interface ZigguratTables {
  /** Right edge R of the base strip (start of the tail). */
  r: number;
  /** Common area of every strip (under the unnormalised density exp(−x²/2)). */
  v: number;
  /** Strip widths, length LAYERS + 1. */
  x: Float64Array;
  /** x[i+1] / x[i]: a uniform u below it is accepted without any density evaluation. */
  ratio: Float64Array;
  /** f(x[i]) = exp(−x[i]²/2), length LAYERS + 1. */
  f: Float64Array;
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
  cached = { r, v, x, ratio, f };
  return cached;
}
