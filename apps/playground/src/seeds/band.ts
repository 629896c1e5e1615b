// Several seeds of one config as a mean ± std band: every seed records on the same grid (the config's α
// grid; the simulation's α is a whole number of steps, the same for every seed), so the reducer works
// point by point over the times every finished seed has.

export interface SeedCurve {
  seed: number;
  /** α of each recorded point. */
  t: number[];
  /** eg at each point. */
  eg: number[];
}

export interface SeedBand {
  t: number[];
  mean: number[];
  /** Sample standard deviation (n − 1 in the denominator); 0 for a single seed. */
  std: number[];
  lower: number[];
  upper: number[];
  /** Seeds that went into every point. */
  count: number;
}

/**
 * Mean and sample std of eg across seeds at each time the seeds share (two passes per point: the mean,
 * then the squared deviations from it). Curves are matched by time, so a curve that is shorter (a seed
 * that diverged) limits the band to the times all curves reached.
 */
export function seedBand(curves: readonly SeedCurve[]): SeedBand {
  const band: SeedBand = { t: [], mean: [], std: [], lower: [], upper: [], count: curves.length };
  if (curves.length === 0) return band;
  const lookups = curves.map((c) => new Map(c.t.map((t, i) => [t, c.eg[i]])));
  const n = curves.length;
  for (const t of curves[0].t) {
    const values = lookups.map((m) => m.get(t));
    if (values.some((v) => v === undefined || !Number.isFinite(v))) continue;
    const xs = values as number[];
    let sum = 0;
    for (const x of xs) sum += x;
    const mean = sum / n;
    let squares = 0;
    for (const x of xs) squares += (x - mean) ** 2;
    const std = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
    band.t.push(t);
    band.mean.push(mean);
    band.std.push(std);
    band.lower.push(mean - std);
    band.upper.push(mean + std);
  }
  return band;
}

/** The seeds of a band: the config's seed and the next ones (seed, seed + 1, …). */
export function bandSeeds(seed: number, count: number): number[] {
  return Array.from({ length: count }, (_, k) => seed + k);
}
