// Moments of a Gaussian restricted to an orthant, E[u_a u_b 1{u_j > 0, j ∈ S}], the building block of the
// ReLU-type I4. Stein's lemma E[u_a h(u)] = Σ_j C_aj E[∂_j h(u)], where ∂_j of the indicator is the density
// on the face u_j = 0, applied twice (Tallis 1961 with truncation points 0):
//   E[u_a u_b 1_S] = C_ab P_S + Σ_{j∈S} C_aj φ_j(0) E_j[u_b 1_{S∖j}],
//   E_j[u_b 1_T]   = Σ_{l∈T} C^j_bl φ^j_l(0) P^{jl}_{T∖l},
// φ_j(0) = (2π C_jj)^-½, E_j, C^j and φ^j under u conditioned on u_j = 0 (C^j = C − C_·j C_j· / C_jj), P^{jl}
// the orthant probability of the coordinates left given u_j = u_l = 0. The event is reduced first
// (reduceEvent: collinear coordinates merged, zero-variance or opposite ones give 0), which makes every
// conditioning well defined on singular covariances too.
import type { Covariance } from "@pupil/plugin";
import { entry, members, orthantProbability, reduceEvent } from "./orthant.js";

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Scratch covariances, one per conditioning depth (the recursion is two deep), up to 4×4. */
const conditioned = [new Float64Array(16), new Float64Array(16)];
const setMembers = [new Int32Array(4), new Int32Array(4)];

/** out = C conditioned on u_j = 0 (the Schur complement; row and column j become 0). */
function condition(c: Float64Array, n: number, j: number, out: Float64Array): Float64Array {
  const cjj = c[j * n + j];
  for (let x = 0; x < n; x++) {
    const cxj = c[x * n + j];
    for (let y = 0; y < n; y++) {
      out[x * n + y] = x === j || y === j ? 0 : c[x * n + y] - (cxj * c[j * n + y]) / cjj;
    }
  }
  return out;
}

/** E[u_b 1{u_l > 0, l ∈ mask}], u ~ N(0, C). */
function firstMoment(c: Float64Array, n: number, mask: number, b: number): number {
  const m = reduceEvent(c, n, mask);
  if (m < 0) return 0;
  const ls = setMembers[1];
  const d = members(m, n, ls);
  let sum = 0;
  for (let p = 0; p < d; p++) {
    const l = ls[p];
    const cbl = entry(c, n, b, l);
    if (cbl === 0) continue;
    const cll = entry(c, n, l, l);
    const rest = orthantProbability(condition(c, n, l, conditioned[1]), n, m & ~(1 << l));
    sum += (cbl * INV_SQRT_2PI * rest) / Math.sqrt(cll);
  }
  return sum;
}

/**
 * E[u_a u_b 1{u_j > 0, j ∈ mask}], u ~ N(0, C) with C row-major n×n (n ≤ 4), any PSD C. a and b need not be
 * in the mask.
 */
export function truncatedSecondMoment(
  c: Float64Array,
  n: number,
  mask: number,
  a: number,
  b: number,
): number {
  const m = reduceEvent(c, n, mask);
  if (m < 0) return 0;
  let sum = entry(c, n, a, b) * orthantProbability(c, n, m);
  const js = setMembers[0];
  const d = members(m, n, js);
  for (let p = 0; p < d; p++) {
    const j = js[p];
    const caj = entry(c, n, a, j);
    if (caj === 0) continue;
    const cjj = entry(c, n, j, j);
    const inner = firstMoment(condition(c, n, j, conditioned[0]), n, m & ~(1 << j), b);
    sum += (caj * INV_SQRT_2PI * inner) / Math.sqrt(cjj);
  }
  return sum;
}

const local = new Float64Array(16);
const distinct = new Int32Array(4);
const position = new Int32Array(4);
const weightOfMask = new Float64Array(16);

/**
 * I4(i,k,a,b) = E[g'(u_i) g'(u_k) g(u_a) g(u_b)] for g = leaky relu with slope s (s = 0 is relu), g'(0) = s.
 * With g(z) = z (s + (1 − s) θ(z)) and g' = s + (1 − s) θ, the integrand is u_a u_b Π_{p ∈ {i,k,a,b}} (s + (1 − s) θ(u_p)),
 * so expanding the product over the four positions P gives
 *   I4 = Σ_{P' ⊆ P} s^{4−|P'|} (1 − s)^{|P'|} E[u_a u_b 1{u_p > 0, p ∈ P'}]
 * (θ² = θ, so only the set of distinct indices in P' matters). For relu only P' = P survives.
 */
export function leakyI4(C: Covariance, i: number, k: number, a: number, b: number, slope: number): number {
  // The distinct indices, and each position's place among them.
  const indices = [i, k, a, b];
  let n = 0;
  for (let p = 0; p < 4; p++) {
    let q = 0;
    while (q < n && distinct[q] !== indices[p]) q++;
    if (q === n) distinct[n++] = indices[p];
    position[p] = q;
  }
  for (let x = 0; x < n; x++) {
    for (let y = 0; y < n; y++) local[x * n + y] = C.data[distinct[x] * C.n + distinct[y]];
  }
  const t = 1 - slope;
  weightOfMask.fill(0);
  for (let subset = 0; subset < 16; subset++) {
    let mask = 0;
    let size = 0;
    for (let p = 0; p < 4; p++) {
      if (subset & (1 << p)) {
        mask |= 1 << position[p];
        size++;
      }
    }
    weightOfMask[mask] += slope ** (4 - size) * t ** size;
  }
  let sum = 0;
  for (let mask = 0; mask < 1 << n; mask++) {
    const w = weightOfMask[mask];
    if (w !== 0) sum += w * truncatedSecondMoment(local, n, mask, position[2], position[3]);
  }
  return sum;
}
