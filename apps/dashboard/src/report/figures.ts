// The report's figures from run directories and sweeps (SVG strings; the command writes them).

import type { ResolvedConfig, RunSummary } from "@pupil/experiments";
import type { Snapshot } from "@pupil/plugin";
import { createRegistry } from "@pupil/plugin";
import metricsPack from "@pupil/plugin-metrics";
import type { SweepManifest } from "../sweep/plan.js";
import type { TableRow } from "../sweep/table.js";
import { studentOrder } from "../ui/format.js";
import { heatmaps, linePlot, type Series } from "./svg.js";

const SOURCE_LABEL: Record<string, string> = {
  sim: "simulation (finite N)",
  ode: "ODE (N → ∞)",
  train: "training",
};

/** Test and train MSE against epochs (training runs). */
export function trainLossFigure(config: ResolvedConfig, snapshots: Snapshot[]): string {
  const pick = (key: "test" | "train") =>
    snapshots
      .filter((s) => typeof s.loss[key] === "number")
      .map((s) => [s.t, s.loss[key] as number] as [number, number]);
  return linePlot(
    [
      { label: "test MSE", points: pick("test") },
      { label: "train MSE", points: pick("train"), dashed: true },
    ],
    { title: `${config.name}: loss`, xLabel: "epoch", yLabel: "MSE", logY: true },
  );
}

/**
 * What a metric declares about itself (label, threshold), from the built-in metrics pack; metrics from
 * other packs fall back to their id.
 */
const builtinMetrics = createRegistry().use(metricsPack).freeze();
export function metricDeclaration(id: string): {
  label: string;
  thresholds: { value: number; label?: string }[];
} {
  const plugin = builtinMetrics.has("metric", id) ? builtinMetrics.get("metric", id) : undefined;
  const threshold = plugin?.threshold;
  return {
    label: plugin?.label ?? plugin?.title ?? id,
    thresholds: threshold ? [{ value: threshold.value, label: threshold.label }] : [],
  };
}

/** A vector metric (one value per node, e.g. specialization-best ρ*_j) against epochs, one line per node. */
export function vectorMetricFigure(
  config: ResolvedConfig,
  snapshots: Snapshot[],
  metric: string,
): string | undefined {
  const { label, thresholds } = metricDeclaration(metric);
  const rows = snapshots.filter(
    (s) => Array.isArray(s.metrics[metric]) && !Array.isArray((s.metrics[metric] as unknown[])[0]),
  );
  if (rows.length === 0) return undefined;
  const n = (rows[0].metrics[metric] as number[]).length;
  const series: Series[] = Array.from({ length: n }, (_, j) => ({
    label: `node ${j}`,
    points: rows.map((s) => [s.t, (s.metrics[metric] as number[])[j]] as [number, number]),
  }));
  return linePlot(series, { title: `${config.name}: ${label}`, xLabel: "epoch", yLabel: label, thresholds });
}

/** A scalar metric (active nodes, eval MSE) against epochs. */
export function scalarMetricFigure(
  config: ResolvedConfig,
  snapshots: Snapshot[],
  metric: string,
): string | undefined {
  const pts = snapshots
    .filter((s) => typeof s.metrics[metric] === "number")
    .map((s) => [s.t, s.metrics[metric] as number] as [number, number]);
  if (pts.length === 0) return undefined;
  const { label, thresholds } = metricDeclaration(metric);
  return linePlot([{ label, points: pts, markers: true }], {
    title: `${config.name}: ${label}`,
    xLabel: "epoch",
    yLabel: label,
    thresholds,
  });
}

/** The pruning ramp of a spectral student: test MSE against the nodes kept (rows [cutoff, kept, loss]). */
export function pruningFigure(config: ResolvedConfig, ramp: number[][]): string {
  const pts = ramp.map((r) => [r[1], r[2]] as [number, number]).sort((a, b) => a[0] - b[0]);
  return linePlot([{ label: "test MSE after pruning", points: pts, markers: true }], {
    title: `${config.name}: pruning ramp`,
    xLabel: "nodes kept",
    yLabel: "test MSE",
    logY: true,
  });
}

/** eg vs α on log axes, every source of the run; the ODE dashed over the simulation. */
export function egFigure(config: ResolvedConfig, snapshots: Snapshot[]): string {
  const sources = [...new Set(snapshots.map((s) => String(s.source)))].sort((a, b) =>
    a === "ode" ? 1 : b === "ode" ? -1 : 0,
  );
  const series: Series[] = sources.map((src) => ({
    label: `${SOURCE_LABEL[src] ?? src}${src === "sim" ? `, N=${config.N}` : ""}`,
    points: snapshots
      .filter((s) => s.source === src && s.loss.gen !== undefined)
      .map((s) => [s.t, s.loss.gen!] as [number, number]),
    dashed: src === "ode",
    color: src === "ode" ? "#111111" : undefined,
  }));
  return linePlot(series, {
    title: `${config.name}: generalisation error`,
    xLabel: "α = steps/N",
    yLabel: "eg",
    logX: true,
    logY: true,
  });
}

/** The snapshot of `source` whose α is closest to `alpha`. */
export function nearest(snapshots: Snapshot[], source: string, alpha: number): Snapshot | undefined {
  let best: Snapshot | undefined;
  for (const s of snapshots) {
    if (s.source !== source || !s.overlaps) continue;
    if (!best || Math.abs(s.t - alpha) < Math.abs(best.t - alpha)) best = s;
  }
  return best;
}

/** M (students ordered by their best teacher) and Q heatmaps at one snapshot. */
export function overlapFigure(config: ResolvedConfig, snap: Snapshot): string {
  const { Q, M } = snap.overlaps!;
  const order = studentOrder(M);
  return heatmaps(
    [
      {
        title: "M (student–teacher)",
        matrix: order.map((j) => M[j]),
        rowLabels: order.map((j) => `s${j}`),
        colLabels: M[0].map((_, r) => `t${r}`),
      },
      {
        title: "Q (student–student)",
        matrix: order.map((j) => order.map((k) => Q[j][k])),
        rowLabels: order.map((j) => `s${j}`),
        colLabels: order.map((j) => `s${j}`),
      },
    ],
    `${config.name}: overlaps at α = ${Number(snap.t.toPrecision(4))} (${snap.source})`,
  );
}

/** A headline number (escape α, final eg) against the first numeric swept parameter, mean ± std over seeds. */
export function sweepFigure(
  manifest: SweepManifest,
  rows: TableRow[],
  metric: string,
  label: string,
  logY: boolean,
): string | undefined {
  const axis = manifest.grid.find((g) => g.values.every((v) => typeof v === "number"));
  if (!axis) return undefined;
  const others = manifest.grid.filter((g) => g !== axis).map((g) => g.key);
  const groups = new Map<string, TableRow[]>();
  for (const r of rows) {
    const key = others.map((k) => `${k}=${JSON.stringify(r.params[k])}`).join(", ") || label;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(r);
  }
  const series: Series[] = [...groups].map(([name, rs]) => {
    const pts = rs
      .filter((r) => r.stats[metric])
      .sort((a, b) => (a.params[axis.key] as number) - (b.params[axis.key] as number));
    return {
      label: name,
      points: pts.map((r) => [r.params[axis.key] as number, r.stats[metric]!.mean] as [number, number]),
      errors: pts.map((r) => r.stats[metric]!.std),
      markers: true,
    };
  });
  if (series.every((s) => s.points.length === 0)) return undefined;
  return linePlot(series, {
    title: `${manifest.name}: ${label} vs ${axis.key} (mean ± std over seeds)`,
    xLabel: axis.key,
    yLabel: label,
    logY,
  });
}

export function escapeOf(summary: RunSummary | undefined): number | undefined {
  return typeof summary?.escapeAlpha === "number" ? summary.escapeAlpha : undefined;
}
