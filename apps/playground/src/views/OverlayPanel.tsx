// Paired runs: one overlap entry from the ODE and the simulation, the N slider, and their deviation.
import type { Snapshot } from "@pupil/plugin";
import { useState } from "react";
import { LineChart } from "../charts/LineChart.js";
import type { RunInfo } from "../worker/engine.js";
import { SOURCE_COLORS } from "./colors.js";
import { egDeviation, overlapDeviation, overlapSeries } from "./series.js";

export function OverlayPanel({
  bySource,
  info,
  onN,
}: {
  bySource: Record<string, Snapshot[]>;
  info?: RunInfo;
  onN?: (N: number) => void;
}) {
  const [entry, setEntry] = useState("M.0.0");
  const ode = bySource.ode;
  const sim = bySource.sim;
  if (!ode || !sim || !info) return null;
  const [m, i, j] = entry.split(".");
  const entries: string[] = [];
  for (let a = 0; a < info.p; a++) for (let r = 0; r < info.pStar; r++) entries.push(`M.${a}.${r}`);
  for (let a = 0; a < info.p; a++) entries.push(`Q.${a}.${a}`);
  const pick = (snaps: Snapshot[]) => overlapSeries(snaps, m as "Q" | "M", Number(i), Number(j));
  const Ns = [...new Set([100, 200, 500, 1000, 2000, 5000, 10000, info.N])].sort((a, b) => a - b);
  return (
    <div className="panel-group" data-testid="panel-overlay">
      <div className="panel-tools">
        <label>
          entry{" "}
          <select value={entry} onChange={(e) => setEntry(e.target.value)} data-testid="overlay-entry">
            {entries.map((e) => (
              <option key={e} value={e}>
                {e.replace(/^(\w)\.(\d+)\.(\d+)$/, "$1[$2,$3]")}
              </option>
            ))}
          </select>
        </label>
        {onN && (
          <label>
            N = {info.N}{" "}
            <input
              type="range"
              min={0}
              max={Ns.length - 1}
              value={Math.max(0, Ns.indexOf(info.N))}
              onChange={(e) => onN(Ns[Number(e.target.value)])}
              data-testid="overlay-N"
            />
          </label>
        )}
      </div>
      <LineChart
        id="overlay"
        title={`ODE vs simulation (N = ${info.N}) from the same start: ${entry.replace(/^(\w)\.(\d+)\.(\d+)$/, "$1[$2,$3]")}`}
        xLabel="α"
        yLabel="overlap"
        logX
        series={[
          { label: "ODE", color: SOURCE_COLORS.ode, ...pick(ode) },
          { label: `simulation N=${info.N}`, color: SOURCE_COLORS.sim, dash: [5, 3], ...pick(sim) },
        ]}
      />
      <LineChart
        id="deviation"
        title="Deviation of the simulation from the ODE"
        xLabel="α"
        yLabel="deviation"
        logX
        logY
        series={[
          { label: "‖(Q,M)_sim − (Q,M)_ODE‖_F", color: "#4e79a7", ...overlapDeviation(ode, sim) },
          { label: "|eg_sim − eg_ODE|", color: "#f28e2b", ...egDeviation(ode, sim) },
        ]}
      />
    </div>
  );
}
