// Spectral students: active nodes, node ranking by importance, prune to k, the pruning ramp.
import type { Snapshot } from "@pupil/plugin";
import { useState } from "react";
import { LineChart } from "../charts/LineChart.js";
import type { RunInfo } from "../worker/engine.js";
import { scalarMetricSeries } from "./series.js";

/** Spectral students: active nodes over time, node ranking by importance, test error against nodes kept. */
export function PruningPanel({ bySource, info }: { bySource: Record<string, Snapshot[]>; info?: RunInfo }) {
  const snaps = bySource.train;
  const [k, setK] = useState<number | undefined>();
  if (!snaps || info?.resolved.kind !== "train" || !info.resolved.train.student.spectral) return null;
  const final = snaps.find((s) => Array.isArray(s.metrics["pruning-ramp"]));
  const ramp = ((final?.metrics["pruning-ramp"] as number[][] | undefined) ?? []).map(
    ([cutoff, kept, loss]) => ({ cutoff, kept, loss }),
  );
  const pStar = info.resolved.train.teacher.widths[0];
  const importance = [...snaps].reverse().find((s) => Array.isArray(s.metrics["spectral-importance"]))
    ?.metrics["spectral-importance"] as number[] | undefined;
  const ranked = importance ? importance.map((v, i) => ({ i, v })).sort((a, b) => b.v - a.v) : [];
  const nodes = importance?.length ?? info.resolved.train.student.widths[0];
  const chosen = Math.min(nodes, k ?? pStar);
  // The ramp point that keeps the most nodes without exceeding k (the ramp prunes by importance cutoffs).
  const point = ramp.filter((r) => r.kept <= chosen).sort((a, b) => b.kept - a.kept || a.loss - b.loss)[0];
  const byKept = [...ramp].sort((a, b) => a.kept - b.kept);
  return (
    <div data-testid="panel-pruning">
      <LineChart
        id="active-nodes"
        title="Spectral student: active nodes"
        xLabel="epoch"
        yLabel="nodes"
        series={[{ label: "active nodes", color: "#59a14f", ...scalarMetricSeries(snaps, "active-nodes") }]}
      />
      <section className="panel">
        <h3>Spectral pruning</h3>
        <label className="panel-tools">
          prune to k ={" "}
          <input
            type="range"
            min={1}
            max={nodes}
            value={chosen}
            onChange={(e) => setK(Number(e.target.value))}
            data-testid="prune-k"
          />
          <output data-testid="prune-readout">
            k = {chosen} of {nodes} nodes
            {point
              ? `: test MSE ${point.loss.toPrecision(4)} with ${point.kept} kept (cutoff ${point.cutoff})`
              : ramp.length > 0
                ? ": below the ramp's smallest network"
                : ""}
          </output>
        </label>
        {ranked.length > 0 && (
          <div className="ranking" data-testid="node-ranking">
            <div className="analysis-line">
              nodes ranked by eigenvalue importance, largest first:{" "}
              <span style={{ color: "#4e79a7" }}>■</span> kept at k = {chosen},{" "}
              <span style={{ color: "#bab0ac" }}>■</span> pruned, dashed line at k = p* = {pStar}
            </div>
            <svg width={ranked.length * 7 + 4} height={84} role="img" aria-label="node importance">
              {ranked.map((r, n) => {
                const h = (74 * r.v) / (ranked[0].v || 1);
                return (
                  <rect
                    key={r.i}
                    x={n * 7}
                    y={80 - h}
                    width={6}
                    height={h}
                    fill={n < chosen ? "#4e79a7" : "#bab0ac"}
                  />
                );
              })}
              <line
                x1={pStar * 7 - 0.5}
                x2={pStar * 7 - 0.5}
                y1={0}
                y2={84}
                stroke="#333"
                strokeDasharray="4 3"
              />
            </svg>
          </div>
        )}
      </section>
      {ramp.length > 0 ? (
        <LineChart
          id="pruning"
          title="Pruning ramp: test error against nodes kept"
          xLabel="nodes kept k"
          yLabel="test MSE"
          logY
          series={[
            {
              label: "test MSE after pruning to k",
              color: "#e15759",
              x: byKept.map((r) => r.kept),
              y: byKept.map((r) => r.loss),
            },
          ]}
          markers={[
            { x: pStar, label: `k = p* = ${pStar}`, color: "#333" },
            { x: chosen, label: `prune to k = ${chosen}`, color: "#4e79a7" },
          ]}
        />
      ) : (
        <div className="analysis-line">
          The pruning ramp (test error against k) is computed when training ends (epoch{" "}
          {info.resolved.train.epochs}).
        </div>
      )}
    </div>
  );
}
