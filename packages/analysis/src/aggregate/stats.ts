// Multi-seed aggregation: mean ± sample standard deviation (n − 1), elementwise over equal-shape results.
// One value has no sample deviation: std is NaN then (not 0, which would claim a precision), and it is
// printed as "(n = 1)".

export interface MeanStd {
  readonly mean: number;
  readonly std: number;
  readonly n: number;
}

export function meanStd(values: readonly number[]): MeanStd {
  if (!Array.isArray(values) || values.length === 0) throw new Error("values must be a non-empty array");
  values.forEach((v, i) => {
    if (typeof v !== "number" || Number.isNaN(v))
      throw new Error(`values[${i}] must be a number, got ${String(v)}`);
  });
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const ss = values.reduce((s, v) => s + (v - mean) ** 2, 0);
  return { mean, std: n > 1 ? Math.sqrt(ss / (n - 1)) : Number.NaN, n };
}

/** Elementwise mean ± std of per-seed vectors of the same length. */
export function meanStdVectors(perSeed: readonly (readonly number[])[]): MeanStd[] {
  if (perSeed.length === 0) throw new Error("perSeed must hold at least one seed");
  const len = perSeed[0].length;
  perSeed.forEach((v, s) => {
    if (v.length !== len) throw new Error(`perSeed[${s}] must have length ${len}, got ${v.length}`);
  });
  return Array.from({ length: len }, (_, i) => meanStd(perSeed.map((v) => v[i])));
}

/** "1.234 ± 0.056" with `digits` decimals; "1.234 (n = 1)" for a single value. */
export function formatMeanStd(m: MeanStd, digits = 3): string {
  return m.n > 1
    ? `${m.mean.toFixed(digits)} ± ${m.std.toFixed(digits)}`
    : `${m.mean.toFixed(digits)} (n = ${m.n})`;
}
