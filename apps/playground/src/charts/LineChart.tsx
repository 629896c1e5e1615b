// Every line chart of the playground: named, coloured series (decimated to the chart's width), log or linear
// axes, shaded bands (the plateau), vertical markers (escape α, k = p*), horizontal thresholds, and uPlot's
// live legend as the hover readout of (x, value). Charts register themselves for PNG/SVG export.
import { createContext, useContext, useMemo, useRef } from "react";
import type uPlot from "uplot";
import { align, decimate, forLogAxis, type Series } from "./reduce.js";
import { UPlotChart } from "./UPlotChart.js";

export interface LineSeries extends Series {
  label: string;
  color: string;
  dash?: number[];
  width?: number;
  /** Draw each point (series of a few points, e.g. one per epoch). */
  points?: boolean;
}

export interface LineChartProps {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  series: LineSeries[];
  logX?: boolean;
  logY?: boolean;
  bands?: { from: number; to: number; color: string; label: string }[];
  /** Areas filled between two series, named by label (a mean ± std band). */
  fills?: { upper: string; lower: string; color: string }[];
  markers?: { x: number; label: string; color: string }[];
  thresholds?: { y: number; label: string; color: string }[];
  height?: number;
  yRange?: [number, number];
}

/** The charts on screen, by id, for export (PNG from the canvas, SVG from the data). One per app. */
export type ChartShelf = Map<string, { chart?: uPlot; props: LineChartProps }>;
export const ChartShelfContext = createContext<ChartShelf>(new Map());

const DECIMATE_BUCKETS = 600;

export function LineChart(props: LineChartProps) {
  const { id, title, xLabel, yLabel, series, logX = false, logY = false, height = 220 } = props;
  const latest = useRef(props);
  latest.current = props;
  const shelf = useContext(ChartShelfContext);
  shelf.set(id, { chart: shelf.get(id)?.chart, props });

  const data = useMemo(() => {
    const reduced = series.map((s) => {
      const keep = s.x.map((_x, i) => i).filter((i) => (!logX || s.x[i] > 0) && Number.isFinite(s.y[i]));
      return decimate({ x: keep.map((i) => s.x[i]), y: keep.map((i) => s.y[i]) }, DECIMATE_BUCKETS, logX);
    });
    const [xs, ...ys] = align(reduced.length > 0 ? reduced : [{ x: [], y: [] }]);
    return [xs, ...(logY ? ys.map(forLogAxis) : ys)] as uPlot.AlignedData;
  }, [series, logX, logY]);

  const optionsKey = JSON.stringify([
    series.map((s) => [s.label, s.color, s.dash, s.points]),
    logX,
    logY,
    xLabel,
    yLabel,
    props.yRange,
    props.fills,
  ]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key lists what the options depend on
  const options = useMemo((): Omit<uPlot.Options, "width" | "height"> => {
    const yRange = props.yRange;
    return {
      title: undefined,
      legend: { live: true },
      cursor: {
        drag: { x: true, y: false },
        // Series sampled at slightly different x (the simulation's α is steps/N): read each at its nearest point.
        dataIdx: (u, seriesIdx, closest) => {
          const ys = u.data[seriesIdx];
          if (ys[closest] != null) return closest;
          for (let d = 1; d <= 3; d++) {
            if (ys[closest - d] != null) return closest - d;
            if (ys[closest + d] != null) return closest + d;
          }
          return closest;
        },
      },
      scales: {
        x: { time: false, distr: logX ? 3 : 1 },
        y: { distr: logY ? 3 : 1, ...(yRange ? { range: yRange } : {}) },
      },
      axes: [
        { label: xLabel, stroke: "#333", grid: { stroke: "#eee" }, values: (_u, splits) => splits.map(tick) },
        {
          label: yLabel,
          stroke: "#333",
          grid: { stroke: "#eee" },
          size: 60,
          values: (_u, splits) => splits.map(tick),
        },
      ],
      series: [
        { label: xLabel, value: (_u, v) => (v == null ? "–" : fmt(v)) },
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: s.width ?? 1.6,
          dash: s.dash,
          spanGaps: true,
          points: { show: s.points ?? false, size: 7 },
          value: (_u: uPlot, v: number | null) => (v == null ? "–" : fmt(v)),
        })),
      ],
      bands: (props.fills ?? []).flatMap((f) => {
        const upper = series.findIndex((s) => s.label === f.upper);
        const lower = series.findIndex((s) => s.label === f.lower);
        return upper < 0 || lower < 0 ? [] : [{ series: [upper + 1, lower + 1], fill: f.color }];
      }) as uPlot.Band[],
      hooks: {
        drawClear: [(u) => drawBands(u, latest.current)],
        draw: [(u) => drawMarks(u, latest.current)],
      },
    };
  }, [optionsKey]);

  return (
    <section className="panel chart-panel" data-testid={`chart-${id}`}>
      <h3>{title}</h3>
      <UPlotChart
        options={options}
        optionsKey={optionsKey}
        data={data}
        height={height}
        testId={`chart-${id}-plot`}
        onChart={(chart) => shelf.set(id, { chart, props: latest.current })}
      />
      <ChartLegendExtras {...props} />
    </section>
  );
}

/** Legend entries for the shaded bands and marker lines (uPlot's legend covers the series). */
function ChartLegendExtras({ bands = [], markers = [], thresholds = [] }: LineChartProps) {
  if (bands.length + markers.length + thresholds.length === 0) return null;
  return (
    <div className="legend-extras">
      {bands.map((b) => (
        <span key={`b${b.label}`}>
          <i className="swatch" style={{ background: b.color }} /> {b.label}
        </span>
      ))}
      {markers.map((m) => (
        <span key={`m${m.label}`}>
          <i className="swatch line" style={{ borderColor: m.color }} /> {m.label}
        </span>
      ))}
      {thresholds.map((t) => (
        <span key={`t${t.label}`}>
          <i className="swatch hline" style={{ borderColor: t.color }} /> {t.label}
        </span>
      ))}
    </div>
  );
}

/** Axis tick labels: short, and never "0" for a small positive value on a log axis. */
function tick(v: number | null): string {
  if (v == null) return "";
  if (v === 0) return "0";
  const a = Math.abs(v);
  return a >= 1e5 || a < 1e-3 ? v.toExponential(0) : String(+v.toPrecision(3));
}

export function fmt(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  return a >= 1e4 || a < 1e-3 ? v.toExponential(3) : String(+v.toPrecision(4));
}

function drawBands(u: uPlot, props: LineChartProps): void {
  const { ctx } = u;
  for (const b of props.bands ?? []) {
    const x0 = u.valToPos(Math.max(b.from, u.scales.x.min ?? b.from), "x", true);
    const x1 = u.valToPos(Math.min(b.to, u.scales.x.max ?? b.to), "x", true);
    if (!(x1 > x0)) continue;
    ctx.save();
    ctx.fillStyle = b.color;
    ctx.fillRect(x0, u.bbox.top, x1 - x0, u.bbox.height);
    ctx.restore();
  }
}

function drawMarks(u: uPlot, props: LineChartProps): void {
  const { ctx } = u;
  ctx.save();
  ctx.lineWidth = 1.5 * (window.devicePixelRatio || 1);
  ctx.setLineDash([6, 4]);
  for (const m of props.markers ?? []) {
    const x = u.valToPos(m.x, "x", true);
    if (!(x >= u.bbox.left && x <= u.bbox.left + u.bbox.width)) continue;
    ctx.strokeStyle = m.color;
    ctx.beginPath();
    ctx.moveTo(x, u.bbox.top);
    ctx.lineTo(x, u.bbox.top + u.bbox.height);
    ctx.stroke();
  }
  for (const t of props.thresholds ?? []) {
    const y = u.valToPos(t.y, "y", true);
    if (!(y >= u.bbox.top && y <= u.bbox.top + u.bbox.height)) continue;
    ctx.strokeStyle = t.color;
    ctx.beginPath();
    ctx.moveTo(u.bbox.left, y);
    ctx.lineTo(u.bbox.left + u.bbox.width, y);
    ctx.stroke();
  }
  ctx.restore();
}
