// Train runs: each teacher node's best student correlation and the order in which nodes specialise.
import { firstCrossings, specializationOrder } from "@pupil/analysis";
import type { Snapshot } from "@pupil/plugin";
import { LineChart } from "../charts/LineChart.js";
import { seriesColor } from "./colors.js";
import { vectorMetricSeries } from "./series.js";

/** Train runs with the specialization-best metric: ρ*_j per teacher node, the 0.95 threshold, the order. */
export function SpecializationPanel({ bySource }: { bySource: Record<string, Snapshot[]> }) {
  const snaps = bySource.train;
  if (!snaps?.some((s) => Array.isArray(s.metrics["specialization-best"]))) return null;
  const per = vectorMetricSeries(snaps, "specialization-best");
  const points = snaps
    .filter((s) => Array.isArray(s.metrics["specialization-best"]))
    .map((s) => ({ t: s.t, best: s.metrics["specialization-best"] as number[] }));
  const order = specializationOrder(points, 0.95);
  const first = firstCrossings(points, 0.95);
  return (
    <div data-testid="panel-specialization">
      <LineChart
        id="specialization"
        title="Specialization: each teacher node's best student correlation ρ*_j"
        xLabel="epoch"
        yLabel="ρ*_j"
        yRange={[0, 1]}
        series={per.map((s, j) => ({ label: `teacher node ${j}`, color: seriesColor(j, per.length), ...s }))}
        thresholds={[{ y: 0.95, label: "specialised: ρ* > 0.95", color: "#333" }]}
        markers={order.map((j) => ({
          x: first[j] as number,
          label: `node ${j} specialises`,
          color: seriesColor(j, per.length),
        }))}
      />
      <div className="analysis-line" data-testid="specialization-order">
        order of specialisation:{" "}
        {order.length > 0
          ? order.map((j) => `node ${j} (epoch ${first[j]})`).join(" → ")
          : "no node above 0.95 yet"}
      </div>
    </div>
  );
}
