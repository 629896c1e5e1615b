// Q, M and T as heatmaps on the diverging scale, students reordered to their best teacher match.
import type { Snapshot } from "@pupil/plugin";
import { useState } from "react";
import type { RunInfo } from "../worker/engine.js";
import { DivergingLegend, Heatmap } from "./Heatmap.js";
import { SOURCE_LABEL } from "./labels.js";
import { bestMatchOrder, normalise, permuteRows, permuteSymmetric } from "./overlaps.js";

export function HeatmapPanel({ bySource, info }: { bySource: Record<string, Snapshot[]>; info?: RunInfo }) {
  const sources = Object.keys(bySource).filter((s) => bySource[s].some((x) => x.overlaps));
  const [chosen, setChosen] = useState<string | undefined>();
  const [normalised, setNormalised] = useState(true);
  const [scrub, setScrub] = useState<number | undefined>();
  const source = chosen && sources.includes(chosen) ? chosen : sources.includes("sim") ? "sim" : sources[0];
  if (!source) return null;
  const snaps = bySource[source].filter((s) => s.overlaps);
  const index = scrub === undefined ? snaps.length - 1 : Math.min(scrub, snaps.length - 1);
  const snap = snaps[index];
  const o = snap.overlaps;
  if (!o) return null;
  const n = normalise(o.Q, o.M, o.T);
  const order = bestMatchOrder(n.M);
  const shown = normalised ? n : o;
  const maxAbs = normalised ? 1 : Math.max(1e-12, ...[o.Q, o.M, o.T].flat(2).map(Math.abs));
  const students = order.map((j) => `s${j}`);
  const teachers = o.T.map((_, r) => `t${r}`);
  return (
    <section className="panel" data-testid="panel-heatmaps">
      <h3>Overlaps Q, M, T</h3>
      <div className="panel-tools">
        {sources.length > 1 && (
          <select value={source} onChange={(e) => setChosen(e.target.value)} data-testid="heatmap-source">
            {sources.map((s) => (
              <option key={s} value={s}>
                {SOURCE_LABEL[s] ?? s}
              </option>
            ))}
          </select>
        )}
        <label>
          <input
            type="checkbox"
            checked={normalised}
            onChange={(e) => setNormalised(e.target.checked)}
            data-testid="heatmap-normalised"
          />{" "}
          normalised
        </label>
        <label className="scrubber">
          {info?.timeUnit === "epoch" ? "epoch" : "α"} = {snap.t.toPrecision(4)}
          <input
            type="range"
            min={0}
            max={Math.max(0, snaps.length - 1)}
            value={index}
            onChange={(e) =>
              setScrub(Number(e.target.value) >= snaps.length - 1 ? undefined : Number(e.target.value))
            }
            data-testid="heatmap-scrubber"
          />
          {scrub === undefined ? "live" : "scrubbed"}
        </label>
      </div>
      <div className="heatmaps">
        <Heatmap
          id="Q"
          title="Q"
          formula="Q_jk = w_j·w_k / N"
          values={permuteSymmetric(shown.Q, order)}
          raw={permuteSymmetric(o.Q, order)}
          scale={maxAbs}
          rowLabels={students}
          colLabels={students}
        />
        <Heatmap
          id="M"
          title="M"
          formula="M_jr = w_j·w*_r / N"
          values={permuteRows(shown.M, order)}
          raw={permuteRows(o.M, order)}
          scale={maxAbs}
          rowLabels={students}
          colLabels={teachers}
        />
        <Heatmap
          id="T"
          title="T"
          formula="T_rs = w*_r·w*_s / N"
          values={shown.T}
          raw={o.T}
          scale={maxAbs}
          rowLabels={teachers}
          colLabels={teachers}
        />
      </div>
      <div className="analysis-line" data-testid="heatmap-permutation">
        students reordered to their best teacher match: rows = {students.join(", ")}
      </div>
      <DivergingLegend
        label={normalised ? "correlation (Q_jk/√(Q_jj Q_kk), …), centred on 0" : "raw overlap, centred on 0"}
        max={maxAbs}
      />
    </section>
  );
}
