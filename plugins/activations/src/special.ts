// Scalar special functions the activations need and Math lacks.

// erf is tensors' loop-free rational approximation (Cody), tested there against a 100-bit reference; the
// simulator calls it p times a step, so it must be cheap.
export { erf } from "@pupil/tensors";

/** The logistic function 1/(1 + e^{-z}), without overflow for large |z|. */
export function logistic(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}
