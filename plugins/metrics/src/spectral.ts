// Spectral node importance (Giambagli et al. 2023): L_i = |λ_i| · ‖φ_i‖₂ · √N, with φ_i the incoming spectral
// vector of node i (row i of φ in the W x convention) and N the layer's input size; active if L_i/max L ≥ 0.05.

export const ACTIVE_NODE_THRESHOLD = 0.05;

export function nodeImportance(
  phi: ArrayLike<number>,
  lambdaOut: ArrayLike<number>,
  inputs: number,
): number[] {
  const units = lambdaOut.length;
  if (phi.length !== units * inputs)
    throw new Error(`phi must have units×inputs = ${units * inputs} entries, got ${phi.length}`);
  const root = Math.sqrt(inputs);
  return Array.from({ length: units }, (_, i) => {
    let s = 0;
    for (let j = 0; j < inputs; j++) s += phi[i * inputs + j] ** 2;
    return Math.abs(lambdaOut[i]) * Math.sqrt(s) * root;
  });
}

/**
 * The same importance from an effective dense matrix: with λ_in = 0 (the paper's setting) row i of W is
 * −λ_i φ_i, so ‖W_i‖·√N = |λ_i|·‖φ_i‖·√N exactly; for an ordinary layer it is the incoming-weight norm.
 */
export function rowImportance(W: { rows: number; cols: number; data: ArrayLike<number> }): number[] {
  return nodeImportance(W.data, new Float64Array(W.rows).fill(1), W.cols);
}

/** L_i / max L (all zeros stay zero). */
export function normalizedImportance(importance: readonly number[]): number[] {
  const max = Math.max(0, ...importance);
  return importance.map((L) => (max > 0 ? L / max : 0));
}

export function activeNodeCount(importance: readonly number[], threshold = ACTIVE_NODE_THRESHOLD): number {
  if (!(threshold >= 0 && threshold <= 1)) throw new Error(`threshold must be in [0, 1], got ${threshold}`);
  return normalizedImportance(importance).filter((l) => l >= threshold).length;
}
