// Train runs: each teacher node's best student correlation and the order in which nodes specialise.
import type { Snapshot } from "@pupil/plugin";
import { LineChart } from "../charts/LineChart.js";
import type { AnalysisEvent } from "../worker/engine.js";
import { seriesColor } from "./colors.js";
import { vectorMetricSeries } from "./series.js";

/**
 * Train runs with the specialization-best metric: ρ*_j per teacher node, the declared threshold, and the
 * order of specialisation from the engine's live node-specialized events.
 */
export function SpecializationPanel({
  bySource,
  events,
}: {
  bySource: Record<string, Snapshot[]>;
  /** The train source's live analysis events. */
  events: readonly AnalysisEvent[];
}) {
  const snaps = bySource.train;
  if (!snaps?.some((s) => Array.isArray(s.metrics["specialization-best"]))) return null;
  const per = vectorMetricSeries(snaps, "specialization-best");
  const crossings = events.flatMap((e) => (e.type === "node-specialized" ? [e] : []));
  const threshold = crossings[0]?.threshold ?? 0.95;
  const order = crossings.map((e) => e.node);
  const first: Record<number, number> = Object.fromEntries(crossings.map((e) => [e.node, e.t]));
  return (
    <div data-testid="panel-specialization">
      <LineChart
        id="specialization"
        title="Specialization: each teacher node's best student correlation ρ*_j"
        xLabel="epoch"
        yLabel="ρ*_j"
        yRange={[0, 1]}
        series={per.map((s, j) => ({ label: `teacher node ${j}`, color: seriesColor(j, per.length), ...s }))}
        thresholds={[{ y: threshold, label: `specialised: ρ* > ${threshold}`, color: "#333" }]}
        markers={order.map((j) => ({
          x: first[j],
          label: `node ${j} specialises`,
          color: seriesColor(j, per.length),
        }))}
      />
      <div className="analysis-line" data-testid="specialization-order">
        order of specialisation:{" "}
        {order.length > 0
          ? order.map((j) => `node ${j} (epoch ${first[j]})`).join(" → ")
          : `no node above ${threshold} yet`}
      </div>
    </div>
  );
}
