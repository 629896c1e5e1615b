// The loss chart: eg (or test/train error), pinned runs as ghosts, the plateau shaded and the escape α marked.
import type { Snapshot } from "@pupil/plugin";
import { LineChart, type LineSeries } from "../charts/LineChart.js";
import type { AnalysisEvent, RunInfo } from "../worker/engine.js";
import { GHOST_COLOR, SOURCE_COLORS } from "./colors.js";
import type { Pin } from "./labels.js";
import { SOURCE_LABEL } from "./labels.js";
import { errorSeries, lossSeries } from "./series.js";

export function LossPanel({
  bySource,
  info,
  pins,
  scale,
  analysis,
}: {
  bySource: Record<string, Snapshot[]>;
  info?: RunInfo;
  pins: Pin[];
  scale: "loglog" | "linlog";
  /** The engine's live analysis events per source (@pupil/analysis' plateau tracker, as summary.json). */
  analysis: Record<string, AnalysisEvent[]>;
}) {
  const timeLabel = info?.timeUnit === "epoch" ? "epoch" : "α";
  const series: LineSeries[] = [];
  for (const [source, snaps] of Object.entries(bySource)) {
    series.push({
      label: source === "train" ? "test error" : `eg ${SOURCE_LABEL[source] ?? source}`,
      color: SOURCE_COLORS[source] ?? "#333",
      ...errorSeries(snaps),
    });
    if (source === "train")
      series.push({ label: "train loss", color: "#edc948", ...lossSeries(snaps, "train") });
  }
  pins.forEach((pin, k) => {
    for (const s of pin.series)
      series.push({
        label: `pinned ${k + 1}: ${pin.label} (${SOURCE_LABEL[s.source] ?? s.source})`,
        color: GHOST_COLOR,
        x: s.x,
        y: s.y,
        dash: [4, 3],
        width: 1.2,
      });
  });
  // The engine's live events for the source summary.json analyses: the simulation when there is one.
  const analysedSource = bySource.sim ? "sim" : "ode";
  const analysed = bySource[analysedSource];
  const plateau = plateauOf(analysis[analysedSource] ?? []);
  const lastT = analysed?.[analysed.length - 1]?.t ?? 0;
  const bands =
    plateau?.entryAlpha !== undefined
      ? [
          {
            from: plateau.entryAlpha,
            to: plateau.exitAlpha ?? lastT,
            color: "rgba(237,201,72,0.25)",
            label: `plateau (eg ≈ ${plateau.plateauEg.toPrecision(3)}, plateauPoint)`,
          },
        ]
      : [];
  const markers =
    plateau?.exitAlpha !== undefined
      ? [{ x: plateau.exitAlpha, label: `escape α = ${plateau.exitAlpha.toPrecision(4)}`, color: "#b07aa1" }]
      : [];
  return (
    <div>
      <LineChart
        id="loss"
        title={info?.timeUnit === "epoch" ? "Test and train error" : "Generalisation error eg"}
        xLabel={timeLabel}
        yLabel="error"
        series={series}
        logX={scale === "loglog" && info?.timeUnit !== "epoch"}
        logY
        bands={bands}
        markers={markers}
        height={260}
      />
      <div className="analysis-line" data-testid="plateau-readout" hidden={info?.timeUnit === "epoch"}>
        {plateau
          ? `plateau: eg ≈ ${plateau.plateauEg.toPrecision(4)}, entered at α = ${plateau.entryAlpha?.toPrecision(4) ?? "–"}, escape α = ${plateau.exitAlpha?.toPrecision(4) ?? "not yet"}`
          : "plateau: none detected yet"}
      </div>
    </div>
  );
}

/** Entry, exit and escape from the engine's plateau events (the tracker emits each at most once). */
function plateauOf(events: readonly AnalysisEvent[]) {
  let entered: Extract<AnalysisEvent, { type: "plateau-entered" }> | undefined;
  let exitAlpha: number | undefined;
  for (const e of events) {
    if (e.type === "plateau-entered") entered = e;
    else if (e.type === "plateau-left") exitAlpha = e.t;
  }
  return entered ? { plateauEg: entered.plateauEg, entryAlpha: entered.t, exitAlpha } : undefined;
}
