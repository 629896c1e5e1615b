// Output normalisation of a committee machine: ŷ = Σ_j a_j g(λ_j) (docs/math.md §1–3).

/** Explicit second-layer weights, or a normalisation: a_j = 1/p, 1/√p or 1 for every unit. */
export type SecondLayerSpec = number[] | "1/p" | "1/sqrt(p)" | "1";

/** The second-layer vector of a committee of `width` units. Throws naming `field` on bad input. */
export function resolveSecondLayer(
  spec: SecondLayerSpec,
  width: number,
  field = "secondLayer",
): Float64Array {
  if (!Number.isInteger(width) || width < 1) {
    throw new Error(`${field}: width must be an integer ≥ 1, got ${width}`);
  }
  if (Array.isArray(spec)) {
    if (spec.length !== width) {
      throw new Error(`${field}: expected ${width} weights (one per unit), got ${spec.length}`);
    }
    const out = new Float64Array(width);
    for (let j = 0; j < width; j++) {
      const v = spec[j];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new Error(`${field}[${j}]: expected a finite number, got ${String(v)}`);
      }
      out[j] = v;
    }
    return out;
  }
  switch (spec) {
    case "1/p":
      return new Float64Array(width).fill(1 / width);
    case "1/sqrt(p)":
      return new Float64Array(width).fill(1 / Math.sqrt(width));
    case "1":
      return new Float64Array(width).fill(1);
    default:
      throw new Error(
        `${field}: expected an array of ${width} numbers or one of "1/p", "1/sqrt(p)", "1", got ${JSON.stringify(spec)}`,
      );
  }
}
