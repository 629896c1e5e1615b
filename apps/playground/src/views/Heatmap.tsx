// A matrix as a canvas of cells on the diverging scale (centred on 0), with a hover readout of the live
// value and the permutation of its rows when they are reordered.
import { useEffect, useRef, useState } from "react";
import { diverging } from "./colors.js";

export interface HeatmapProps {
  id: string;
  title: string;
  /** Values to colour (already normalised to [−1, 1] unless raw with a scale). */
  values: number[][];
  /** Values to read out on hover (the raw overlaps). */
  raw: number[][];
  /** Divide by this before colouring (1 for correlations; max |raw| for the raw view). */
  scale: number;
  rowLabels: string[];
  colLabels: string[];
  formula: string;
  cell?: number;
}

export function Heatmap({
  id,
  title,
  values,
  raw,
  scale,
  rowLabels,
  colLabels,
  formula,
  cell = 26,
}: HeatmapProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<{ r: number; c: number } | undefined>();
  const rows = values.length;
  const cols = values[0]?.length ?? 0;

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext("2d");
    if (!el || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    el.width = cols * cell * dpr;
    el.height = rows * cell * dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++) {
        ctx.fillStyle = diverging(values[r][c] / (scale || 1));
        ctx.fillRect(c * cell, r * cell, cell - 1, cell - 1);
      }
    if (hover) {
      ctx.strokeStyle = "#222";
      ctx.lineWidth = 2;
      ctx.strokeRect(hover.c * cell + 1, hover.r * cell + 1, cell - 3, cell - 3);
    }
  }, [values, rows, cols, cell, scale, hover]);

  const onMove = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const c = Math.floor((e.clientX - box.left) / cell);
    const r = Math.floor((e.clientY - box.top) / cell);
    setHover(r >= 0 && r < rows && c >= 0 && c < cols ? { r, c } : undefined);
  };
  const live = hover ? raw[hover.r]?.[hover.c] : undefined;

  return (
    <figure className="heatmap" data-testid={`heatmap-${id}`}>
      <figcaption>
        <b>{title}</b> <span className="formula">{formula}</span>
      </figcaption>
      <div className="heatmap-grid">
        <div className="row-labels" style={{ lineHeight: `${cell}px` }}>
          {rowLabels.map((l) => (
            <div key={l}>{l}</div>
          ))}
        </div>
        <div>
          <div className="col-labels">
            {colLabels.map((l) => (
              <span key={l} style={{ width: cell }}>
                {l}
              </span>
            ))}
          </div>
          <canvas
            ref={canvas}
            style={{ width: cols * cell, height: rows * cell }}
            onMouseMove={onMove}
            onMouseLeave={() => setHover(undefined)}
            data-testid={`heatmap-${id}-canvas`}
          />
        </div>
      </div>
      <div className="readout" data-testid={`heatmap-${id}-readout`}>
        {hover && live !== undefined
          ? `${title}[${rowLabels[hover.r]}, ${colLabels[hover.c]}] = ${live.toPrecision(4)} (shown ${(values[hover.r][hover.c]).toFixed(3)})`
          : "hover a cell for its live value"}
      </div>
    </figure>
  );
}

/** The colour bar of the diverging scale, labelled at its ends and centre. */
export function DivergingLegend({ label, max = 1 }: { label: string; max?: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = canvas.current?.getContext("2d");
    if (!ctx) return;
    for (let x = 0; x < 160; x++) {
      ctx.fillStyle = diverging((x / 159) * 2 - 1);
      ctx.fillRect(x, 0, 1, 12);
    }
  }, []);
  const fmt = (v: number) =>
    Math.abs(v) >= 100 || (v !== 0 && Math.abs(v) < 0.01) ? v.toExponential(1) : String(+v.toPrecision(3));
  return (
    <div className="legend-bar" data-testid="legend-diverging">
      <canvas ref={canvas} width={160} height={12} />
      <div className="legend-ticks">
        <span>{fmt(-max)}</span>
        <span>0</span>
        <span>{fmt(max)}</span>
      </div>
      <div className="legend-label">{label}</div>
    </div>
  );
}
