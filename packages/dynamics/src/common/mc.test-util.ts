// Test-only: Monte Carlo over u = (λ, ν) ~ N(0, Ω), an oracle independent of every closed form.
import { cholesky, createRng } from "@pupil/tensors";
import { buildOmega, type Overlaps } from "./overlaps.js";

/** Mean and standard error of f over `samples` draws of u ~ N(0, Ω) (f gets u and a standard normal ξ). */
export function monteCarlo(
  overlaps: Overlaps,
  samples: number,
  seed: number,
  fs: ((u: Float64Array, xi: number) => number)[],
): { mean: number; se: number }[] {
  const { n, data } = buildOmega(overlaps);
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) rows.push(Array.from(data.subarray(i * n, (i + 1) * n)));
  const L = cholesky(rows);
  const rng = createRng(seed);
  const z = new Float64Array(n);
  const u = new Float64Array(n);
  const sum = new Float64Array(fs.length);
  const sum2 = new Float64Array(fs.length);
  for (let s = 0; s < samples; s++) {
    rng.fillNormal(z);
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let k = 0; k <= i; k++) v += L[i][k] * z[k];
      u[i] = v;
    }
    const xi = rng.normal();
    for (let f = 0; f < fs.length; f++) {
      const v = fs[f](u, xi);
      sum[f] += v;
      sum2[f] += v * v;
    }
  }
  return fs.map((_, f) => {
    const mean = sum[f] / samples;
    const variance = Math.max(0, sum2[f] / samples - mean * mean);
    return { mean, se: Math.sqrt(variance / samples) };
  });
}

/** Random overlaps with Ω positive definite: Gram matrix of random vectors in R^dim. */
export function randomOverlaps(
  p: number,
  pStar: number,
  seed: number,
  scale = 1,
  dim = p + pStar + 3,
): Overlaps {
  const rng = createRng(seed);
  const n = p + pStar;
  const X: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let d = 0; d < dim; d++) row.push((rng.normal() * scale) / Math.sqrt(dim));
    X.push(row);
  }
  const G = (i: number, k: number) => X[i].reduce((s, x, d) => s + x * X[k][d], 0);
  const Q = Array.from({ length: p }, (_, j) => Array.from({ length: p }, (_, k) => G(j, k)));
  const M = Array.from({ length: p }, (_, j) => Array.from({ length: pStar }, (_, r) => G(j, p + r)));
  const T = Array.from({ length: pStar }, (_, r) => Array.from({ length: pStar }, (_, s) => G(p + r, p + s)));
  return { Q, M, T };
}
