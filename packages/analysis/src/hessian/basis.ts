// Explicit weight vectors realising given overlaps: rows of X (n×r) with X Xᵀ = Ω, r = rank Ω.
import { buildOmega, type Overlaps } from "@pupil/dynamics";
import { symmetricEigen } from "@pupil/tensors";

export interface RealisedWeights {
  /** r = rank Ω: the dimension of span(students, teachers). */
  rank: number;
  /** Student vectors x_j ∈ R^r (p rows) and teacher vectors y_r ∈ R^r (p* rows). */
  students: number[][];
  teachers: number[][];
}

/** Ω = V Λ Vᵀ; coordinates X = V_r Λ_r^½ over the eigenvalues above tol·λ_max. */
export function realiseOverlaps(o: Overlaps, tol = 1e-10): RealisedWeights {
  const p = o.Q.length;
  const { n, data } = buildOmega(o);
  const { values, vectors } = symmetricEigen(data, n);
  let top = 0;
  for (const v of values) top = Math.max(top, Math.abs(v));
  if (values.some((v) => v < -1e-8 * Math.max(1, top))) {
    throw new Error("overlaps: Ω = [[Q, M], [Mᵀ, T]] is not positive semi-definite (no weights realise it)");
  }
  const keep: number[] = [];
  for (let k = 0; k < n; k++) if (values[k] > tol * top) keep.push(k);
  const X = Array.from({ length: n }, (_, i) => keep.map((k) => vectors[i * n + k] * Math.sqrt(values[k])));
  return { rank: keep.length, students: X.slice(0, p), teachers: X.slice(p) };
}
