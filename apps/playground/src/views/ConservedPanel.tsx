// Quadratic networks: drift of the conserved quantities from the start.
import type { Snapshot } from "@pupil/plugin";
import { LineChart, type LineSeries } from "../charts/LineChart.js";
import type { RunInfo } from "../worker/engine.js";
import { SOURCE_COLORS } from "./colors.js";
import { conservationCase } from "./conservation-case.js";
import { conservedDrift } from "./conserved.js";
import { SOURCE_LABEL } from "./labels.js";

/** Quadratic networks: the conserved quantities of the ODE (Π(M) and the gradient-flow invariant X). */
export function ConservedPanel({ bySource, info }: { bySource: Record<string, Snapshot[]>; info?: RunInfo }) {
  const resolved = info?.resolved;
  if (!resolved || resolved.kind === "train" || resolved.kind === "distill") return null;
  const act = resolved.model.activation;
  if ((typeof act === "string" ? act : act.id) !== "quadratic") return null;
  const second = (v: unknown, width: number) =>
    v === "1/p"
      ? 1 / width
      : v === "1/sqrt(p)"
        ? 1 / Math.sqrt(width)
        : v === "1"
          ? 1
          : Array.isArray(v) && v.every((x) => x === v[0])
            ? (v[0] as number)
            : undefined;
  const a = second(resolved.model.secondLayer.student, resolved.model.p);
  const b = second(resolved.model.secondLayer.teacher, resolved.model.pStar);
  const eta = resolved.lrScaling === "eta*p" ? resolved.lr * resolved.model.p : resolved.lr;
  const series: LineSeries[] = [];
  let note = "";
  const first = (bySource.ode ?? bySource.sim)?.find((x) => x.overlaps);
  let verdict = "";
  if (first) {
    const c = conservationCase(first, { a, b, aTrained: resolved.secondLayerLr !== undefined });
    verdict = c.polarConserved
      ? "Π(M): expected to be conserved here (T ∝ I, Q0 commutes with M0M0ᵀ, fixed equal second layers): the ODE's drift is integrator error; the simulation's is finite-N SGD noise."
      : `Π(M): not expected to be conserved here — ${c.broken.join("; ")}. Its drift is the dynamics, not integrator error (docs/math.md §2: conserved only with T ∝ I and Q0 commuting with M0M0ᵀ, e.g. Q0 = qI).`;
    if (a !== undefined && b !== undefined)
      verdict += resolved.noiseTerm
        ? " X is conserved by gradient flow only; this run keeps the η² term (noiseTerm), so X drifts too."
        : " X: gradient flow (noiseTerm off), conserved when T = I.";
  }
  for (const [source, snaps] of Object.entries(bySource)) {
    if (snaps.length < 2) continue;
    try {
      const c = conservedDrift(snaps, a !== undefined && b !== undefined ? { eta, a, b } : undefined);
      series.push({
        label: `‖Π(M) − Π(M₀)‖ ${SOURCE_LABEL[source]}`,
        color: SOURCE_COLORS[source],
        x: c.alpha,
        y: c.polarDrift,
      });
      if (c.invariantDrift)
        series.push({
          label: `‖X − X₀‖/‖X₀‖ ${SOURCE_LABEL[source]}`,
          color: source === "ode" ? "#76b7b2" : "#ff9da7",
          dash: [5, 3],
          x: c.alpha,
          y: c.invariantDrift,
        });
    } catch (error) {
      note = (error as Error).message;
    }
  }
  return (
    <div data-testid="panel-conserved">
      <LineChart
        id="conserved"
        title="Conserved quantities (quadratic network): drift from the start"
        xLabel="α"
        yLabel="drift"
        logX
        logY
        series={series}
      />
      {verdict && (
        <div className="analysis-line" data-testid="conserved-case">
          {verdict}
        </div>
      )}
      {note && <div className="analysis-line">{note}</div>}
    </div>
  );
}
