// The analysis half of a run's summary, from its snapshots: the plateau (fixed point on the unspecialised
// subspace reached from the run's start) with its eg, entry and exit α, the escape α, the conserved
// quantities along the run, and the population-loss Hessian at the plateau and at the end. Plain data in
// and out (apart from the spec's activations), so a worker can run it and post the result back.
import type { CommitteeSpec, Overlaps } from "@pupil/dynamics";
import type { Snapshot } from "@pupil/plugin";
import { conservedAlong, implicitBias, polarOf } from "../conserved/index.js";
import { type HessianOptions, type HessianSpectrum, hessianSpectrum } from "../hessian/index.js";
import { detectPlateau, escapeAlpha, type PlateauOptions, plateauPoint } from "../plateau/index.js";

/** The stages reported to onProgress, in order. */
export const ANALYSIS_STAGES = [
  "plateau",
  "conserved",
  "hessian at the plateau",
  "hessian at the end",
] as const;
export type AnalysisStage = (typeof ANALYSIS_STAGES)[number];

export interface AnalyseRunOptions {
  /** Called as each stage starts: its name, its index and the number of stages (for a progress line). */
  onProgress?: (stage: AnalysisStage, index: number, total: number) => void;
  plateau?: PlateauOptions;
  hessian?: Omit<HessianOptions, "onStage">;
}

const attempt = <T>(f: () => T): T | { error: string } => {
  try {
    return f();
  } catch (error) {
    return { error: (error as Error).message };
  }
};

const isError = (x: unknown): x is { error: string } => typeof x === "object" && x !== null && "error" in x;

function spectrumSummary(s: HessianSpectrum) {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const e of s.eigenvalues) {
    min = Math.min(min, e.value);
    max = Math.max(max, e.value);
  }
  return {
    min,
    max,
    method: s.method,
    solver: s.solver,
    partial: s.partial,
    rank: s.rank,
    spectrum: s.eigenvalues,
  };
}

/**
 * Everything the summary reports about one source's snapshots (those carrying overlaps); {} when none do.
 * Failures of a part (no plateau for this activation, Ω not realisable) become { error } in that part.
 */
export function analyseRun(
  spec: CommitteeSpec,
  snapshots: readonly Snapshot[],
  options: AnalyseRunOptions = {},
): Record<string, unknown> {
  const withOverlaps = snapshots.filter((s) => s.overlaps);
  if (withOverlaps.length === 0) return {};
  const start = withOverlaps[0].overlaps as Overlaps;
  const end = withOverlaps[withOverlaps.length - 1].overlaps as Overlaps;
  const progress = (stage: AnalysisStage) =>
    options.onProgress?.(stage, ANALYSIS_STAGES.indexOf(stage), ANALYSIS_STAGES.length);

  progress("plateau");
  const plateau = attempt(() => plateauPoint(spec, start, options.plateau));
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

  progress("conserved");
  const conserved = attempt(() => conservedAlong(withOverlaps));
  if (isError(conserved)) out.conserved = conserved;
  else {
    const polar = attempt(() => ({ initial: polarOf(start.M), final: polarOf(end.M) }));
    const commutator = conserved.commutator;
    let maxCommutator = Number.NEGATIVE_INFINITY;
    for (const c of commutator) maxCommutator = Math.max(maxCommutator, c);
    const section: Record<string, unknown> = {
      polar: isError(polar) ? polar : { ...polar, maxDrift: conserved.maxPolarDrift },
      commutator: { initial: commutator[0], final: commutator[commutator.length - 1], max: maxCommutator },
    };
    const equal = (v: Float64Array) => v.every((x) => x === v[0]);
    if (equal(spec.a) && equal(spec.b) && spec.p >= spec.pStar) {
      section.implicitBias = attempt(() => implicitBias(start.M, end.M, { a: spec.a[0], b: spec.b[0] }));
    }
    out.conserved = section;
  }

  const hessianAt = (o: Overlaps) => {
    const s = attempt(() => hessianSpectrum(spec, o, options.hessian));
    return isError(s) ? s : spectrumSummary(s);
  };
  progress("hessian at the plateau");
  const atPlateau = isError(plateau) ? plateau : hessianAt(plateau.overlaps);
  progress("hessian at the end");
  out.hessian = { plateau: atPlateau, final: hessianAt(end) };
  return out;
}
