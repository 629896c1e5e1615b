// The analysis half of summary.json for ODE and online runs (issue 3's contract), from @pupil/analysis:
// the plateau (fixed point on the unspecialised subspace reached from the run's start) and its eg, entry
// and exit α, the escape α (eg below half the plateau level), the conserved quantities along the run
// (Π(M), ‖[Q, MMᵀ]‖) and the population-loss Hessian at the plateau and at the end.
import {
  conservedAlong,
  detectPlateau,
  escapeAlpha,
  type HessianSpectrum,
  hessianSpectrum,
  implicitBias,
  plateauPoint,
  polarOf,
} from "@pupil/analysis";
import type { Overlaps } from "@pupil/dynamics";
import type { Snapshot } from "@pupil/plugin";
import type { RunPlan } from "../kinds/committee/plan.js";

const attempt = <T>(f: () => T): T | { error: string } => {
  try {
    return f();
  } catch (error) {
    return { error: (error as Error).message };
  }
};

const isError = (x: unknown): x is { error: string } => typeof x === "object" && x !== null && "error" in x;

function spectrumSummary(s: HessianSpectrum) {
  const values = s.eigenvalues.map((e) => e.value);
  return {
    min: Math.min(...values),
    max: Math.max(...values),
    method: s.method,
    rank: s.rank,
    spectrum: s.eigenvalues,
  };
}

export function analyseSource(
  plan: RunPlan,
  snapshots: Snapshot[],
  _source: string,
): Record<string, unknown> {
  const withOverlaps = snapshots.filter((s) => s.overlaps);
  if (withOverlaps.length === 0) return {};
  const start = withOverlaps[0].overlaps as Overlaps;
  const end = withOverlaps[withOverlaps.length - 1].overlaps as Overlaps;
  const { spec } = plan;

  const plateau = attempt(() => plateauPoint(spec, start));
  const out: Record<string, unknown> = {};
  if (isError(plateau)) {
    out.plateau = plateau;
    out.escapeAlpha = null;
  } else {
    const interval = detectPlateau(snapshots, { plateauEg: plateau.eg });
    out.plateau = {
      eg: plateau.eg,
      residual: plateau.residual,
      entryAlpha: interval?.entryAlpha ?? null,
      exitAlpha: interval?.exitAlpha ?? null,
      Q: plateau.overlaps.Q,
      M: plateau.overlaps.M,
    };
    out.escapeAlpha = escapeAlpha(snapshots, plateau.eg) ?? null;
  }

  const conserved = attempt(() => conservedAlong(withOverlaps));
  if (isError(conserved)) out.conserved = conserved;
  else {
    const polar = attempt(() => ({ initial: polarOf(start.M), final: polarOf(end.M) }));
    out.conserved = {
      polar: isError(polar) ? polar : { ...polar, maxDrift: conserved.maxPolarDrift },
      commutator: {
        initial: conserved.commutator[0],
        final: conserved.commutator[conserved.commutator.length - 1],
        max: Math.max(...conserved.commutator),
      },
    };
    const a = spec.a;
    const b = spec.b;
    const equal = (v: Float64Array) => v.every((x) => x === v[0]);
    if (equal(a) && equal(b) && spec.p >= spec.pStar) {
      const bias = attempt(() => implicitBias(start.M, end.M, { a: a[0], b: b[0] }));
      (out.conserved as Record<string, unknown>).implicitBias = bias;
    }
  }

  const hessianAt = (o: Overlaps) => {
    const s = attempt(() => hessianSpectrum(spec, o));
    return isError(s) ? s : spectrumSummary(s);
  };
  out.hessian = {
    plateau: isError(plateau) ? plateau : hessianAt(plateau.overlaps),
    final: hessianAt(end),
  };
  return out;
}
