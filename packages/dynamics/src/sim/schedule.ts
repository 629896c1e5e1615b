// When an online run records: step counts for log-spaced α and for an explicit list of α values.

export interface RecordSpec {
  /** Log-spaced snapshots: this many per decade of α (α = 10^(k/perDecade), from one step up to alphaMax). */
  perDecade?: number;
  /** Snapshots at these α values (each rounded to the nearest whole step, so t = round(αN)/N). */
  at?: readonly number[];
}

/**
 * The sorted, distinct step counts at which to record, in (fromStep, round(alphaMax·N)], plus fromStep itself
 * when includeStart. Always includes the last step.
 */
export function recordSteps(
  N: number,
  alphaMax: number,
  record: RecordSpec,
  fromStep = 0,
  includeStart = true,
): number[] {
  const last = Math.round(alphaMax * N);
  const steps = new Set<number>();
  if (includeStart) steps.add(fromStep);
  steps.add(last);
  if (record.perDecade !== undefined) {
    const k0 = Math.ceil(record.perDecade * Math.log10(1 / N) - 1e-9);
    const k1 = Math.floor(record.perDecade * Math.log10(alphaMax) + 1e-9);
    for (let k = k0; k <= k1; k++) {
      const s = Math.round(10 ** (k / record.perDecade) * N);
      if (s >= 1) steps.add(s);
    }
  }
  for (const alpha of record.at ?? []) steps.add(Math.round(alpha * N));
  return [...steps]
    .filter((s) => s >= fromStep && s <= last && (includeStart || s > fromStep))
    .sort((x, y) => x - y);
}

/** Checks a record spec and alphaMax; errors name the field. Returns the effective alphaMax. */
export function checkRecord(record: RecordSpec | undefined, alphaMax: number | undefined): number {
  if (record !== undefined && (record === null || typeof record !== "object")) {
    throw new Error("record: expected { perDecade?, at? }");
  }
  const perDecade = record?.perDecade;
  if (perDecade !== undefined && (!Number.isInteger(perDecade) || perDecade < 1)) {
    throw new Error(`record.perDecade: expected an integer ≥ 1, got ${String(perDecade)}`);
  }
  const at = record?.at;
  if (at !== undefined) {
    if (!Array.isArray(at)) throw new Error("record.at: expected an array of α values ≥ 0");
    at.forEach((a, i) => {
      if (typeof a !== "number" || !Number.isFinite(a) || a < 0) {
        throw new Error(`record.at[${i}]: expected a finite α ≥ 0, got ${String(a)}`);
      }
    });
  }
  const max = alphaMax ?? (at && at.length > 0 ? Math.max(...at) : undefined);
  if (max === undefined) throw new Error("alphaMax: expected a finite α > 0 (or a non-empty record.at)");
  if (typeof max !== "number" || !Number.isFinite(max) || max <= 0) {
    throw new Error(`alphaMax: expected a finite α > 0, got ${String(max)}`);
  }
  return max;
}
