// When each teacher node becomes specialised: the first time t at which its best match ρ*_j(t) exceeds τ
// (Tian 2020 uses τ = 0.95), the order in which nodes cross, and the recovery rate over seeds.

export interface BestMatchPoint {
  /** Time of the measurement (epoch or step). */
  readonly t: number;
  /** ρ*_j for every teacher node j. */
  readonly best: readonly number[];
}

function checkThreshold(threshold: number): void {
  if (typeof threshold !== "number" || !(threshold >= -1 && threshold <= 1)) {
    throw new Error(`threshold must be a number in [-1, 1], got ${String(threshold)}`);
  }
}

/** firstCrossing[j] = first t with ρ*_j > τ, or null if node j never crosses. */
export function firstCrossings(series: readonly BestMatchPoint[], threshold = 0.95): (number | null)[] {
  checkThreshold(threshold);
  if (series.length === 0) throw new Error("series must be non-empty");
  const m = series[0].best.length;
  const out: (number | null)[] = new Array(m).fill(null);
  let lastT = -Infinity;
  for (const point of series) {
    if (point.best.length !== m) throw new Error(`series: every point must have ${m} teacher nodes`);
    if (!(point.t >= lastT)) throw new Error("series must be in non-decreasing t");
    lastT = point.t;
    point.best.forEach((r, j) => {
      if (out[j] === null && r > threshold) out[j] = point.t;
    });
  }
  return out;
}

/** Teacher node indices in the order they first cross (ties by index); nodes that never cross are left out. */
export function specializationOrder(series: readonly BestMatchPoint[], threshold = 0.95): number[] {
  const first = firstCrossings(series, threshold);
  return first
    .map((t, j) => ({ t, j }))
    .filter((e): e is { t: number; j: number } => e.t !== null)
    .sort((a, b) => a.t - b.t || a.j - b.j)
    .map((e) => e.j);
}

/** recovery[j] = fraction of seeds whose final ρ*_j exceeds τ. `finalBest[s][j]` is seed s's ρ*_j. */
export function recoveryRate(finalBest: readonly (readonly number[])[], threshold = 0.95): number[] {
  checkThreshold(threshold);
  if (finalBest.length === 0) throw new Error("finalBest must hold at least one seed");
  const m = finalBest[0].length;
  return Array.from(
    { length: m },
    (_, j) => finalBest.filter((row) => row[j] > threshold).length / finalBest.length,
  );
}

/**
 * Kendall's τ_b-free agreement of an order with 0, 1, 2, …: the fraction of crossing-node pairs (i < j by index)
 * that crossed in index order (i no later than j). 1 = exact fan-out order. Null if fewer than two crossed.
 */
export function orderAgreement(firstCrossing: readonly (number | null)[]): number | null {
  let agree = 0;
  let pairs = 0;
  for (let i = 0; i < firstCrossing.length; i++) {
    for (let j = i + 1; j < firstCrossing.length; j++) {
      const a = firstCrossing[i];
      const b = firstCrossing[j];
      if (a === null || b === null) continue;
      pairs += 1;
      if (a <= b) agree += 1;
    }
  }
  return pairs === 0 ? null : agree / pairs;
}
