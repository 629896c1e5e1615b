// Shared pieces of the closed-form Gaussian integrals, u ~ N(0, C).
// The ReLU ones (θ(u) = 1 for u > 0, else 0, so relu'(0) = 0) are reused by leaky-relu.
import type { Covariance } from "@pupil/plugin";

/** C_ab of a row-major covariance. */
export function cov(C: Covariance, a: number, b: number): number {
  return C.data[a * C.n + b];
}

/** The angle θ between u_a and u_b: cos θ = C_ab / √(C_aa C_bb), clamped against rounding. */
function angle(caa: number, cbb: number, cab: number): number {
  const cos = cab / Math.sqrt(caa * cbb);
  return Math.acos(Math.min(1, Math.max(-1, cos)));
}

/**
 * E[relu(u_a) relu(u_b)], the degree-1 arc-cosine kernel:
 * (√(C_aa C_bb) / 2π)(sin θ + (π − θ) cos θ) = (√(C_aa C_bb − C_ab²) + (π − θ) C_ab) / 2π.
 */
export function reluPair(caa: number, cbb: number, cab: number): number {
  if (caa <= 0 || cbb <= 0) return 0;
  const theta = angle(caa, cbb, cab);
  return (Math.sqrt(Math.max(0, caa * cbb - cab * cab)) + (Math.PI - theta) * cab) / (2 * Math.PI);
}

/** E[θ(u_a) θ(u_b)] = (π − θ_ab) / 2π (the degree-0 arc-cosine kernel). */
export function stepPair(caa: number, cbb: number, cab: number): number {
  if (caa <= 0 || cbb <= 0) return 0;
  return (Math.PI - angle(caa, cbb, cab)) / (2 * Math.PI);
}

/** E[θ(u_a)]: ½, or 0 when u_a ≡ 0 (θ(0) = 0). */
export function stepMean(caa: number): number {
  return caa > 0 ? 0.5 : 0;
}

/**
 * E[θ(u_i) u_b relu(u_c)]. Stein's lemma, E[u_b F(u)] = Σ_j C_bj E[∂_j F], with F = θ(u_i) relu(u_c):
 *   = C_bi E[δ(u_i) relu(u_c)] + C_bc E[θ(u_i) θ(u_c)]
 *   = C_bi √(C_ii C_cc − C_ic²) / (2π C_ii) + C_bc (π − θ_ic) / 2π,
 * since E[δ(u_i) relu(u_c)] = p(u_i = 0) E[relu(u_c) | u_i = 0] = (2π C_ii)^-½ · √(C_cc − C_ic²/C_ii)/√(2π).
 * Holds with repeated indices (i = c gives √0 = 0 in the first term).
 */
export function reluI3(C: Covariance, i: number, b: number, c: number): number {
  const cii = cov(C, i, i);
  const ccc = cov(C, c, c);
  if (cii <= 0 || ccc <= 0) return 0;
  const cic = cov(C, i, c);
  const conditional = Math.sqrt(Math.max(0, cii * ccc - cic * cic)) / (2 * Math.PI * cii);
  return cov(C, b, i) * conditional + cov(C, b, c) * stepPair(cii, ccc, cic);
}
