// The research views: loss with plateau and escape, overlap heatmaps, ODE vs simulation, conserved
// quantity, specialization and spectral pruning. Each draws only what its run has.
import { detectPlateau, firstCrossings, specializationOrder } from "@pupil/analysis";
import type { Snapshot } from "@pupil/plugin";
import { useMemo, useState } from "react";
import { LineChart, type LineSeries } from "../charts/LineChart.js";
import type { RunInfo } from "../worker/engine-adapter.js";
import { GHOST_COLOR, SOURCE_COLORS, seriesColor } from "./colors.js";
import { conservedDrift } from "./conserved.js";
import { DivergingLegend, Heatmap } from "./Heatmap.js";
import { bestMatchOrder, normalise, permuteRows, permuteSymmetric } from "./overlaps.js";
import {
  errorSeries,
  lossSeries,
  overlapDeviation,
  overlapSeries,
  scalarMetricSeries,
  vectorMetricSeries,
} from "./series.js";

export interface Pin {
  label: string;
  series: { source: string; x: number[]; y: number[] }[];
}

const SOURCE_LABEL: Record<string, string> = { ode: "ODE", sim: "simulation", train: "test" };

export function LossPanel({
  bySource,
  info,
  pins,
  scale,
  plateauEg,
}: {
  bySource: Record<string, Snapshot[]>;
  info?: RunInfo;
  pins: Pin[];
  scale: "loglog" | "linlog";
  /** The plateau level from plateauPoint at the run's start (the worker computes it), if there is one. */
  plateauEg?: number;
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
  // The same analysis as summary.json: the simulation when there is one, with plateauPoint's level.
  const analysed = bySource.sim ?? bySource.ode;
  const plateau = useMemo(() => {
    if (!analysed || analysed.length < 5) return undefined;
    try {
      return detectPlateau(analysed, plateauEg !== undefined ? { plateauEg } : {});
    } catch {
      return undefined;
    }
  }, [analysed, plateauEg]);
  const lastT = analysed?.[analysed.length - 1]?.t ?? 0;
  const bands =
    plateau?.entryAlpha !== undefined
      ? [
          {
            from: plateau.entryAlpha,
            to: plateau.exitAlpha ?? lastT,
            color: "rgba(237,201,72,0.25)",
            label: `plateau (eg ≈ ${plateau.plateauEg.toPrecision(3)}${plateauEg !== undefined ? ", plateauPoint" : ", estimated"})`,
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
          { label: "|eg_sim − eg_ODE|", color: "#f28e2b", ...deviationOf(ode, sim) },
        ]}
      />
    </div>
  );
}

function deviationOf(ode: Snapshot[], sim: Snapshot[]) {
  const a = errorSeries(ode);
  const at = new Map(a.x.map((x, i) => [x, a.y[i]]));
  const b = errorSeries(sim);
  const x: number[] = [];
  const y: number[] = [];
  b.x.forEach((t, i) => {
    const v = at.get(t);
    if (v !== undefined) {
      x.push(t);
      y.push(Math.abs(b.y[i] - v));
    }
  });
  return { x, y };
}

/** Quadratic networks: the conserved quantities of the ODE (Π(M) and the gradient-flow invariant X). */
export function ConservedPanel({ bySource, info }: { bySource: Record<string, Snapshot[]>; info?: RunInfo }) {
  const resolved = info?.resolved;
  if (!resolved || resolved.kind === "train") return null;
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
      {note && <div className="analysis-line">{note}</div>}
    </div>
  );
}

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
