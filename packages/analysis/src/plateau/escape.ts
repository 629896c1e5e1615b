// Plateau entry/exit and escape times of a run, from its snapshots (ODE and simulation alike).
import type { Snapshot } from "@pupil/plugin";

/** The (α, eg) pairs of the snapshots that carry a population loss, in order. */
function lossCurve(snapshots: Iterable<Snapshot>): { t: number[]; eg: number[] } {
  const t: number[] = [];
  const eg: number[] = [];
  for (const s of snapshots) {
    const g = s.loss.gen;
    if (typeof g === "number" && Number.isFinite(g)) {
      t.push(s.t);
      eg.push(g);
    }
  }
  return { t, eg };
}

/**
 * The first α at which eg falls below plateauEg/2, linearly interpolated IN α between the last snapshot
 * above the threshold and the first one below. The run's first snapshot already below → its α. Never
 * below → undefined (the run has not escaped).
 */
export function escapeAlpha(snapshots: Iterable<Snapshot>, plateauEg: number): number | undefined {
  if (!(plateauEg > 0)) throw new Error(`plateauEg: expected a plateau level > 0, got ${plateauEg}`);
  const { t, eg } = lossCurve(snapshots);
  return crossing(t, eg, plateauEg / 2, 0);
}

function crossing(t: number[], eg: number[], threshold: number, from: number): number | undefined {
  for (let i = from; i < t.length; i++) {
    if (eg[i] < threshold) {
      if (i === from) return t[i];
      const f = (eg[i - 1] - threshold) / (eg[i - 1] - eg[i]);
      return t[i - 1] + f * (t[i] - t[i - 1]);
    }
  }
  return undefined;
}

export interface PlateauInterval {
  /** The plateau level used (given, or estimated from the run). */
  plateauEg: number;
  /** First α with |eg − plateauEg| ≤ relTol·plateauEg (undefined: never on the plateau). */
  entryAlpha: number | undefined;
  /** escapeAlpha: first α after entry with eg < plateauEg/2 (undefined: still on it). */
  exitAlpha: number | undefined;
}

export interface DetectPlateauOptions {
  /** The plateau level, e.g. plateauPoint(...).eg. Without it, it is estimated (see detectPlateau). */
  plateauEg?: number;
  /** Relative band around the level that counts as "on the plateau". Default 0.05. */
  relTol?: number;
}

/**
 * Entry and exit α of a run on its plateau. Pass the level from plateauPoint when you have it; otherwise it
 * is estimated as eg at the flattest point of the curve in log α (smallest |Δ ln eg / Δ ln α| over
 * consecutive snapshots at α > 0), among points still above twice the run's final eg — a heuristic that
 * needs a visible plateau and a run long enough to leave it. Returns undefined when no level can be found.
 */
export function detectPlateau(
  snapshots: Iterable<Snapshot>,
  options: DetectPlateauOptions = {},
): PlateauInterval | undefined {
  const relTol = options.relTol ?? 0.05;
  if (!(relTol > 0)) throw new Error(`relTol: expected > 0, got ${relTol}`);
  const { t, eg } = lossCurve(snapshots);
  let level = options.plateauEg;
  if (level === undefined) {
    const final = eg[eg.length - 1];
    let best = Number.POSITIVE_INFINITY;
    for (let i = 1; i + 1 < t.length; i++) {
      if (!(t[i - 1] > 0) || !(eg[i] > 2 * final) || !(eg[i - 1] > 0) || !(eg[i + 1] > 0)) continue;
      const slope = Math.abs(Math.log(eg[i + 1] / eg[i - 1]) / Math.log(t[i + 1] / t[i - 1]));
      if (slope < best) {
        best = slope;
        level = eg[i];
      }
    }
    if (level === undefined) return undefined;
  } else if (!(level > 0)) {
    throw new Error(`plateauEg: expected a plateau level > 0, got ${level}`);
  }
  let entry: number | undefined;
  let entryIndex = -1;
  for (let i = 0; i < t.length; i++) {
    if (Math.abs(eg[i] - level) <= relTol * level) {
      entry = t[i];
      entryIndex = i;
      break;
    }
  }
  const exit = entryIndex < 0 ? undefined : crossing(t, eg, level / 2, entryIndex);
  return { plateauEg: level, entryAlpha: entry, exitAlpha: exit };
}

export interface EscapeStatistics {
  /** Runs given, and how many escaped (undefined/null/NaN entries did not). */
  runs: number;
  escaped: number;
  mean: number;
  /** Sample standard deviation (n − 1). */
  std: number;
  median: number;
  min: number;
  max: number;
  /** Linear-interpolation quantiles (type 7) of the escaped runs. */
  quantiles: { q05: number; q25: number; q75: number; q95: number };
}

function quantile(sorted: number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Statistics of escape α over seeds; runs that never escaped are counted but left out of the moments. */
export function escapeStatistics(alphas: readonly (number | undefined | null)[]): EscapeStatistics {
  const done = alphas
    .filter((a): a is number => typeof a === "number" && Number.isFinite(a))
    .sort((a, b) => a - b);
  const n = done.length;
  if (n === 0) throw new Error("alphas: no run escaped (need at least one finite escape α)");
  const mean = done.reduce((s, a) => s + a, 0) / n;
  const std = n > 1 ? Math.sqrt(done.reduce((s, a) => s + (a - mean) ** 2, 0) / (n - 1)) : 0;
  return {
    runs: alphas.length,
    escaped: n,
    mean,
    std,
    median: quantile(done, 0.5),
    min: done[0],
    max: done[n - 1],
    quantiles: {
      q05: quantile(done, 0.05),
      q25: quantile(done, 0.25),
      q75: quantile(done, 0.75),
      q95: quantile(done, 0.95),
    },
  };
}
