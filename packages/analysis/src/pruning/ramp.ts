// The pruning ramp (Giambagli et al. 2023): remove every node whose normalised importance L_i / max L is ≤ c,
// for a list of cutoffs c, and record the test loss against the number of nodes kept.

export interface PruningPoint {
  readonly cutoff: number;
  readonly kept: number;
  readonly loss: number;
}

/** c = 0, 0.05, …, 0.95. */
export const DEFAULT_CUTOFFS: readonly number[] = Array.from(
  { length: 20 },
  (_, i) => Math.round(i * 5) / 100,
);

/** keep[i] = 1 when L_i / max L > cutoff, else 0 (a zero-importance node is always pruned). */
export function pruningMask(importance: readonly number[], cutoff: number): Float64Array {
  if (typeof cutoff !== "number" || !(cutoff >= 0 && cutoff <= 1)) {
    throw new Error(`cutoff must be a number in [0, 1], got ${String(cutoff)}`);
  }
  if (importance.length === 0) throw new Error("importance must be non-empty");
  importance.forEach((L, i) => {
    if (!(L >= 0)) throw new Error(`importance[${i}] must be ≥ 0, got ${L}`);
  });
  const max = Math.max(...importance);
  return Float64Array.from(importance, (L) => (max > 0 && L / max > cutoff ? 1 : 0));
}

/**
 * For each cutoff, `evaluate(mask)` gives the loss of the model with the masked nodes removed (a 0 in the mask
 * zeroes λ_i). Returns the ramp in cutoff order.
 */
export function pruningRamp(
  importance: readonly number[],
  evaluate: (mask: Float64Array) => number,
  cutoffs: readonly number[] = DEFAULT_CUTOFFS,
): PruningPoint[] {
  if (!Array.isArray(cutoffs) || cutoffs.length === 0) throw new Error("cutoffs must be a non-empty array");
  cutoffs.forEach((c, i) => {
    if (typeof c !== "number" || !(c >= 0 && c <= 1))
      throw new Error(`cutoffs[${i}] must be a number in [0, 1], got ${String(c)}`);
  });
  return cutoffs.map((cutoff) => {
    const mask = pruningMask(importance, cutoff);
    const kept = mask.reduce((s, m) => s + m, 0);
    return { cutoff, kept, loss: evaluate(mask) };
  });
}

/**
 * The knee of a ramp: the fewest kept nodes whose loss is still ≤ factor × the unpruned loss (the first point).
 * Points must come from pruningRamp (kept non-increasing).
 */
export function rampKnee(ramp: readonly PruningPoint[], factor = 2): number {
  if (ramp.length === 0) throw new Error("ramp must be non-empty");
  if (!(factor >= 1)) throw new Error(`factor must be ≥ 1, got ${factor}`);
  const base = ramp[0].loss;
  let knee = ramp[0].kept;
  for (const p of ramp) if (p.loss <= factor * base) knee = Math.min(knee, p.kept);
  return knee;
}
