// Distinct discrete weight vectors (Tian 2020): entries from {−1, −0.75, …, 0.75, 1}, no all-zero vector,
// no two vectors along the same direction, each normalised to unit norm.
import type { Rng } from "@pupil/tensors";

/** The default 9 levels −1, −0.75, …, 1. */
export function discreteLevels(count = 9): Float64Array {
  if (!Number.isInteger(count) || count < 2)
    throw new Error(`params.levels must be an integer ≥ 2, got ${count}`);
  return Float64Array.from({ length: count }, (_, k) => -1 + (2 * k) / (count - 1));
}

const MAX_TRIES = 10_000;

/**
 * `rows` distinct unit-norm vectors of length `cols` (row-major), each drawn entrywise from `levels`.
 * Throws naming `field` when the level set cannot give that many distinct directions in MAX_TRIES draws.
 */
export function distinctDiscreteRows(
  rows: number,
  cols: number,
  levels: Float64Array,
  rng: Rng,
  field: string,
): Float64Array {
  const out = new Float64Array(rows * cols);
  const v = new Float64Array(cols);
  let filled = 0;
  let tries = 0;
  while (filled < rows) {
    if (++tries > MAX_TRIES) {
      throw new Error(
        `${field}: cannot draw ${rows} distinct discrete vectors of length ${cols} (use fewer units or more levels)`,
      );
    }
    let norm = 0;
    for (let j = 0; j < cols; j++) {
      v[j] = levels[rng.int(levels.length)];
      norm += v[j] * v[j];
    }
    if (norm === 0) continue; // all-zero
    norm = Math.sqrt(norm);
    for (let j = 0; j < cols; j++) v[j] /= norm;
    let duplicate = false;
    for (let r = 0; r < filled && !duplicate; r++) {
      let same = true;
      for (let j = 0; j < cols && same; j++) same = Math.abs(out[r * cols + j] - v[j]) < 1e-12;
      duplicate = same;
    }
    if (duplicate) continue;
    out.set(v, filled * cols);
    filled += 1;
  }
  return out;
}

/** Fan-out decay: divides column i (hidden node i's outgoing weights) of a rows×cols matrix by (i+1)^p. */
export function applyFanOutDecay(data: Float64Array, rows: number, cols: number, p: number): void {
  if (p === 0) return;
  for (let i = 0; i < cols; i++) {
    const divisor = (i + 1) ** p;
    for (let r = 0; r < rows; r++) data[r * cols + i] /= divisor;
  }
}

export function numberParam(
  params: Readonly<Record<string, unknown>>,
  name: string,
  fallback: number,
): number {
  const v = params[name] ?? fallback;
  if (typeof v !== "number" || !Number.isFinite(v))
    throw new Error(`params.${name} must be a finite number, got ${String(v)}`);
  return v;
}

export function checkDims(field: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v <= 0)
    throw new Error(`${field} must be a positive integer, got ${String(v)}`);
  return v;
}
