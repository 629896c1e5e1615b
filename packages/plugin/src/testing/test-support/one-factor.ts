// Test support: an exact route to leaky-relu Gaussian integrals at one-factor covariances
// C = c cᵀ + diag(σ²), i.e. u_j = c_j x + σ_j z_j with x, z_j iid N(0, 1). Given x the u_j are independent
// N(c_j x, σ_j²), so E[Π_j g'(u_j)^{p_j} g(u_j)^{q_j}] is a 1-D Gauss–Hermite integral over x of products of
// truncated normal moments, smooth in x (no kink is left), shared with nothing in reference.ts or cones.ts.
import { gaussHermite, normalCdf } from "@pupil/tensors";
import type { Covariance } from "../../types.js";

export interface OneFactor {
  readonly c: readonly number[];
  readonly sigma: readonly number[];
}

export function oneFactorCovariance({ c, sigma }: OneFactor): Covariance {
  const n = c.length;
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) data[i * n + j] = c[i] * c[j] + (i === j ? sigma[i] ** 2 : 0);
  return { n, data };
}

/**
 * E[g'(u_i) g'(u_k) g(u_a) g(u_b)] for leaky relu with the given slope (g(u) = u for u > 0, slope·u otherwise,
 * g' = 1 or slope): per index j with p_j derivative and q_j value factors, the conditional moment is
 * E[u^q 1{u > 0}] + slope^{p+q} E[u^q 1{u < 0}], from the truncated moments of N(μ, s²), m = μ/s:
 * q = 0: Φ(m); q = 1: μΦ(m) + sφ(m); q = 2: (μ² + s²)Φ(m) + μ s φ(m); full moments 1, μ, μ² + s².
 */
export function oneFactorLeakyI4(
  factor: OneFactor,
  slope: number,
  idx: readonly number[],
  order = 120,
): number {
  const { nodes, weights } = gaussHermite(order);
  const counts = new Map<number, { p: number; q: number }>();
  idx.forEach((j, position) => {
    const entry = counts.get(j) ?? { p: 0, q: 0 };
    if (position < 2) entry.p++;
    else entry.q++;
    counts.set(j, entry);
  });
  let sum = 0;
  for (let t = 0; t < nodes.length; t++) {
    let product = 1;
    for (const [j, { p, q }] of counts) {
      const mu = factor.c[j] * nodes[t];
      const s = factor.sigma[j];
      const m = mu / s;
      const Phi = normalCdf(m);
      const phi = Math.exp(-0.5 * m * m) / Math.sqrt(2 * Math.PI);
      const positive = q === 0 ? Phi : q === 1 ? mu * Phi + s * phi : (mu * mu + s * s) * Phi + mu * s * phi;
      const full = q === 0 ? 1 : q === 1 ? mu : mu * mu + s * s;
      product *= positive + slope ** (p + q) * (full - positive);
    }
    sum += weights[t] * product;
  }
  return sum;
}
