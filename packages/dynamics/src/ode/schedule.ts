// The α values at which a run records a snapshot.

export interface RecordOptions {
  /** Log-spaced records: this many per decade of α, at α = 10^(k/perDecade) ≥ from. */
  perDecade?: number;
  /** Explicit α values (each hit exactly). */
  at?: readonly number[];
  /** First log-spaced α (default 0.01). */
  from?: number;
}

/** Sorted, de-duplicated record points in (0, alphaMax], always ending with alphaMax (α = 0 is recorded separately). */
export function recordSchedule(alphaMax: number, record: RecordOptions = {}): number[] {
  if (!(alphaMax > 0) || !Number.isFinite(alphaMax))
    throw new Error(`alphaMax: expected a finite α > 0, got ${alphaMax}`);
  const points: number[] = [];
  const perDecade = record.perDecade ?? (record.at ? undefined : 10);
  if (perDecade !== undefined) {
    if (!(perDecade > 0) || !Number.isFinite(perDecade))
      throw new Error(`record.perDecade: expected > 0, got ${perDecade}`);
    const from = record.from ?? 0.01;
    if (!(from > 0)) throw new Error(`record.from: expected > 0, got ${from}`);
    const k0 = Math.ceil(Math.log10(from) * perDecade - 1e-9);
    for (let k = k0; ; k++) {
      const a = 10 ** (k / perDecade);
      if (a > alphaMax * (1 + 1e-12)) break;
      points.push(a);
    }
  }
  if (record.at) {
    for (const a of record.at) {
      if (typeof a !== "number" || !Number.isFinite(a) || a < 0)
        throw new Error(`record.at: expected α values ≥ 0, got ${String(a)}`);
      if (a > alphaMax) throw new Error(`record.at: α = ${a} is beyond alphaMax = ${alphaMax}`);
      if (a > 0) points.push(a);
    }
  }
  points.push(alphaMax);
  points.sort((x, y) => x - y);
  const out: number[] = [];
  for (const a of points) if (a <= alphaMax && (out.length === 0 || a !== out[out.length - 1])) out.push(a);
  return out;
}
