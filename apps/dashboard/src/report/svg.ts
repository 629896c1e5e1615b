// Minimal SVG plots written as strings (no browser, no canvas): line plots on linear or log axes, heatmaps
// with printed values, and points with error bars.

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const f = (x: number) => (Math.round(x * 100) / 100).toString();
export const PALETTE = [
  "#1f77b4",
  "#d62728",
  "#2ca02c",
  "#9467bd",
  "#ff7f0e",
  "#8c564b",
  "#e377c2",
  "#17becf",
];

export interface Series {
  label: string;
  points: [number, number][];
  color?: string;
  dashed?: boolean;
  markers?: boolean;
  /** Error bars (± per point), same length as points. */
  errors?: number[];
}

/** As many distinct colours as series: the palette while it lasts, then hues spread evenly. */
export function seriesColors(n: number): string[] {
  if (n <= PALETTE.length) return PALETTE.slice(0, n);
  return Array.from({ length: n }, (_, k) => `hsl(${Math.round((360 * k) / n)}, 70%, ${k % 2 ? 35 : 48}%)`);
}

export interface PlotOptions {
  /** Horizontal reference lines (a metric's declared threshold), dashed and labelled. */
  thresholds?: { value: number; label?: string }[];
  title: string;
  xLabel: string;
  yLabel: string;
  logX?: boolean;
  logY?: boolean;
  width?: number;
  height?: number;
}

function tickLabel(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-2) {
    const e = Math.floor(Math.log10(a));
    const m = v / 10 ** e;
    return Math.abs(m - 1) < 1e-9 ? `1e${e}` : `${m.toFixed(1)}e${e}`;
  }
  return String(Number(v.toPrecision(3)));
}

function linearTicks(lo: number, hi: number): number[] {
  const span = hi - lo || Math.abs(hi) || 1;
  const step0 = 10 ** Math.floor(Math.log10(span / 5));
  const step = [1, 2, 5, 10].map((m) => m * step0).find((s) => span / s <= 6) ?? step0 * 10;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step)
    ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(lo); e <= Math.ceil(hi); e++) if (e >= lo - 1e-9 && e <= hi + 1e-9) ticks.push(e);
  if (ticks.length < 2) return linearTicks(lo, hi);
  return ticks;
}

/** A line plot; points with x ≤ 0 (log x) or y ≤ 0 (log y) are left out. */
export function linePlot(series: Series[], options: PlotOptions): string {
  // The legend sits right of the plot area, never on the data.
  const longest = Math.max(0, ...series.map((s) => s.label.length));
  const legendW = series.length > 0 ? 46 + longest * 6.6 : 0;
  const W = (options.width ?? 640) + legendW;
  const H = Math.max(options.height ?? 420, 60 + series.length * 16);
  const m = { l: 70, r: 20 + legendW, t: 40, b: 50 };
  const colors = seriesColors(series.length);
  const tx = (x: number) => (options.logX ? Math.log10(x) : x);
  const ty = (y: number) => (options.logY ? Math.log10(y) : y);
  const ok = ([x, y]: [number, number]) =>
    Number.isFinite(x) && Number.isFinite(y) && (!options.logX || x > 0) && (!options.logY || y > 0);
  const clean = series.map((s) => ({
    ...s,
    pts: s.points.map((p, i) => ({ p, i })).filter(({ p }) => ok(p)),
  }));
  const all = clean.flatMap((s) => s.pts.map(({ p }) => p));
  let [x0, x1] = all.length
    ? [Math.min(...all.map((p) => tx(p[0]))), Math.max(...all.map((p) => tx(p[0])))]
    : [0, 1];
  let [y0, y1] = all.length
    ? [Math.min(...all.map((p) => ty(p[1]))), Math.max(...all.map((p) => ty(p[1])))]
    : [0, 1];
  for (const s of clean) {
    if (!s.errors) continue;
    for (const { p, i } of s.pts) {
      const lo = p[1] - s.errors[i];
      const hi = p[1] + s.errors[i];
      if (!options.logY || lo > 0) y0 = Math.min(y0, ty(lo));
      y1 = Math.max(y1, ty(hi));
    }
  }
  for (const line of options.thresholds ?? []) {
    if (!options.logY || line.value > 0) {
      y0 = Math.min(y0, ty(line.value));
      y1 = Math.max(y1, ty(line.value));
    }
  }
  if (x1 === x0) [x0, x1] = [x0 - 0.5, x1 + 0.5];
  if (y1 === y0) [y0, y1] = [y0 - 0.5, y1 + 0.5];
  // Markers and error bars at the ends of the x range stay inside the frame.
  if (clean.some((s) => s.markers || s.errors)) {
    const padX = (x1 - x0) * 0.05;
    x0 -= padX;
    x1 += padX;
  }
  const pad = (y1 - y0) * 0.05;
  y0 -= pad;
  y1 += pad;
  const sx = (x: number) => m.l + ((tx(x) - x0) / (x1 - x0)) * (W - m.l - m.r);
  const sy = (y: number) => H - m.b - ((ty(y) - y0) / (y1 - y0)) * (H - m.t - m.b);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${esc(options.title)}</text>`,
  ];
  const xt = options.logX ? logTicks(x0, x1) : linearTicks(x0, x1);
  const yt = options.logY ? logTicks(y0, y1) : linearTicks(y0, y1);
  for (const t of xt) {
    const v = options.logX ? 10 ** t : t;
    const X = sx(v);
    out.push(`<line x1="${f(X)}" y1="${m.t}" x2="${f(X)}" y2="${H - m.b}" stroke="#eee"/>`);
    out.push(`<text x="${f(X)}" y="${H - m.b + 16}" text-anchor="middle">${tickLabel(v)}</text>`);
  }
  for (const t of yt) {
    const v = options.logY ? 10 ** t : t;
    const Y = sy(v);
    if (Y < m.t - 1 || Y > H - m.b + 1) continue;
    out.push(`<line x1="${m.l}" y1="${f(Y)}" x2="${W - m.r}" y2="${f(Y)}" stroke="#eee"/>`);
    out.push(`<text x="${m.l - 6}" y="${f(Y + 4)}" text-anchor="end">${tickLabel(v)}</text>`);
  }
  out.push(
    `<rect x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}" fill="none" stroke="#333"/>`,
  );
  out.push(
    `<text x="${W / 2}" y="${H - 12}" text-anchor="middle">${esc(options.xLabel)}${options.logX ? " (log)" : ""}</text>`,
  );
  out.push(
    `<text x="16" y="${H / 2}" text-anchor="middle" transform="rotate(-90 16 ${H / 2})">${esc(options.yLabel)}${options.logY ? " (log)" : ""}</text>`,
  );
  for (const line of options.thresholds ?? []) {
    if (options.logY && !(line.value > 0)) continue;
    const Y = sy(line.value);
    out.push(
      `<line x1="${m.l}" y1="${f(Y)}" x2="${W - m.r}" y2="${f(Y)}" stroke="#555" stroke-dasharray="4 3" data-threshold="${line.value}"/>`,
    );
    out.push(
      `<text x="${W - m.r - 4}" y="${f(Y - 4)}" text-anchor="end" fill="#555">${esc(line.label ?? String(line.value))}</text>`,
    );
  }
  clean.forEach((s, k) => {
    const color = s.color ?? colors[k];
    const d = s.pts.map(({ p }, i) => `${i === 0 ? "M" : "L"}${f(sx(p[0]))},${f(sy(p[1]))}`).join(" ");
    if (d) {
      out.push(
        `<path d="${d}" fill="none" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ""} data-label="${esc(s.label)}"/>`,
      );
    }
    for (const { p, i } of s.pts) {
      if (s.markers) out.push(`<circle cx="${f(sx(p[0]))}" cy="${f(sy(p[1]))}" r="3.5" fill="${color}"/>`);
      if (s.errors) {
        const lo = options.logY ? Math.max(p[1] - s.errors[i], p[1] * 1e-3) : p[1] - s.errors[i];
        out.push(
          `<line x1="${f(sx(p[0]))}" y1="${f(sy(lo))}" x2="${f(sx(p[0]))}" y2="${f(sy(p[1] + s.errors[i]))}" stroke="${color}"/>`,
        );
      }
    }
  });
  // Legend to the right of the plot area.
  const bx = W - m.r + 10;
  const by = m.t;
  clean.forEach((s, k) => {
    const color = s.color ?? colors[k];
    const ly = by + 12 + k * 16;
    out.push(
      `<line x1="${bx}" y1="${ly - 4}" x2="${bx + 24}" y2="${ly - 4}" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ""}/>`,
    );
    out.push(`<text x="${bx + 30}" y="${ly}">${esc(s.label)}</text>`);
  });
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}

/** Diverging colour: blue below zero, white at zero, red above (|v| relative to `scale`). */
export function divergingColor(v: number, scale: number): string {
  const t = Math.min(1, Math.abs(v) / (scale || 1));
  const c = Math.round(255 - 200 * t);
  return v >= 0 ? `rgb(255,${c},${c})` : `rgb(${c},${c},255)`;
}

export interface HeatmapPanel {
  title: string;
  matrix: number[][];
  rowLabels: string[];
  colLabels: string[];
}

/** One or more heatmaps side by side, values printed in the cells. */
export function heatmaps(panels: HeatmapPanel[], title: string): string {
  const cell = 46;
  const widths = panels.map((p) => 40 + (p.matrix[0]?.length ?? 0) * cell);
  const W = widths.reduce((a, b) => a + b + 30, 30);
  const H = 70 + Math.max(...panels.map((p) => p.matrix.length)) * cell + 20;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${esc(title)}</text>`,
  ];
  let x0 = 30;
  panels.forEach((p, k) => {
    const scale = Math.max(1e-12, ...p.matrix.flat().map(Math.abs));
    out.push(
      `<text x="${x0 + widths[k] / 2}" y="42" text-anchor="middle" font-size="13">${esc(p.title)}</text>`,
    );
    p.colLabels.forEach((c, j) => {
      out.push(`<text x="${x0 + 40 + j * cell + cell / 2}" y="60" text-anchor="middle">${esc(c)}</text>`);
    });
    p.matrix.forEach((row, i) => {
      const y = 66 + i * cell;
      out.push(
        `<text x="${x0 + 34}" y="${y + cell / 2 + 4}" text-anchor="end">${esc(p.rowLabels[i])}</text>`,
      );
      row.forEach((v, j) => {
        const x = x0 + 40 + j * cell;
        out.push(
          `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${divergingColor(v, scale)}" stroke="#fff"/>`,
        );
        out.push(
          `<text x="${x + cell / 2}" y="${y + cell / 2 + 4}" text-anchor="middle">${v.toFixed(2)}</text>`,
        );
      });
    });
    x0 += widths[k] + 30;
  });
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}
