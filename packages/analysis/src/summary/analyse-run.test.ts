import { OdeIntegrator } from "@pupil/dynamics";
import type { Snapshot } from "@pupil/plugin";
import { erf, quadratic } from "@pupil/plugin-activations";
import { describe, expect, it } from "vitest";
import { conservedAlong } from "../conserved/index.js";
import { hessianSpectrum } from "../hessian/index.js";
import { plateauPoint } from "../plateau/index.js";
import { smallStart, spec } from "../plateau/test-spec.test-util.js";
import { ANALYSIS_STAGES, analyseRun } from "./analyse-run.js";

/** An ODE run's snapshots at the given α. */
function odeRun(
  s: ReturnType<typeof spec>,
  init: ReturnType<typeof smallStart>,
  alphas: number[],
): Snapshot[] {
  const ode = new OdeIntegrator({ spec: s, init, integrator: { method: "rk45", rtol: 1e-9, atol: 1e-12 } });
  return alphas.map((alpha) => {
    ode.advanceTo(alpha);
    return ode.snapshot();
  });
}

describe("analyseRun", () => {
  it("erf K = M = 2 through the plateau: each part equals its own function, stages in order", () => {
    const s = spec(erf, 2, 2, {
      a: Float64Array.from([1, 1]),
      b: Float64Array.from([1, 1]),
      noiseTerm: true,
    });
    const init = smallStart(2, 2, 0.2, 1e-2, 42);
    const alphas = Array.from({ length: 61 }, (_, i) => 10 * i);
    const snapshots = odeRun(s, init, alphas);
    const stages: string[] = [];
    const out = analyseRun(s, snapshots, {
      onProgress: (stage, i, n) => stages.push(`${i + 1}/${n} ${stage}`),
    });
    expect(stages).toEqual(ANALYSIS_STAGES.map((st, i) => `${i + 1}/${ANALYSIS_STAGES.length} ${st}`));

    const first = snapshots[0].overlaps as NonNullable<Snapshot["overlaps"]>;
    const last = snapshots[snapshots.length - 1].overlaps as NonNullable<Snapshot["overlaps"]>;
    const point = plateauPoint(s, first);
    const plateau = out.plateau as { eg: number; exitAlpha: number | null };
    expect(plateau.eg).toBe(point.eg);
    expect(Math.abs(plateau.eg - 0.0146)).toBeLessThan(1e-4);
    expect(out.escapeAlpha).toBe(plateau.exitAlpha);
    expect(typeof out.escapeAlpha).toBe("number");

    const hessian = out.hessian as Record<"plateau" | "final", { min: number; max: number; method: string }>;
    const atEnd = hessianSpectrum(s, last);
    expect(hessian.final.min).toBe(Math.min(atEnd.inSpan[0], atEnd.perpendicular[0]));
    expect(hessian.final.method).toBe("analytic");
    expect(hessian.plateau.min).toBeLessThan(0);

    const conserved = out.conserved as { commutator: { final: number } };
    const series = conservedAlong(snapshots);
    expect(conserved.commutator.final).toBe(series.commutator[series.commutator.length - 1]);
  });

  it("no snapshot with overlaps → {}; a failing part becomes { error }", () => {
    expect(analyseRun(spec(quadratic, 2, 1), [])).toEqual({});
    const s = spec(quadratic, 2, 1);
    const bad: Snapshot = {
      step: 0,
      t: 0,
      timeUnit: "alpha",
      source: "ode",
      loss: { gen: 1 },
      metrics: {},
      // Q = [[1, 2], [2, 1]] is not positive semi-definite: no weights realise it.
      overlaps: {
        Q: [
          [1, 2],
          [2, 1],
        ],
        M: [[0], [0]],
        T: [[1]],
      },
    };
    const out = analyseRun(s, [bad]);
    const hessian = out.hessian as { final: { error?: string } };
    expect(hessian.final.error).toMatch(/positive semi-definite/);
  });
});
