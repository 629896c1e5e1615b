// A chart as a standalone SVG document, drawn from the same series as the on-screen chart (vector output
// for papers and slides; PNG export takes the canvas instead).
import type { LineChartProps } from "./LineChart.js";

const W = 720;
const PLOT_H = 420;
const PAD = { left: 70, right: 20, top: 40, bottom: 50 };
const LEGEND_ROW = 18;

/** Tick positions in transformed units: decades on a log axis (or 1-2-5 steps), round steps on a linear one. */
function ticks(lo: number, hi: number, log: boolean): number[] {
  if (log) {
    const out: number[] = [];
    for (let d = Math.ceil(lo - 1e-9); d <= Math.floor(hi + 1e-9); d++) out.push(d);
    if (out.length >= 2) return out;
    for (let d = Math.floor(lo); d <= Math.ceil(hi); d++)
      for (const m of [1, 2, 5]) {
        const t = d + Math.log10(m);
        if (t >= lo - 1e-9 && t <= hi + 1e-9) out.push(t);
      }
    return [...new Set(out)].sort((a, b) => a - b);
  }
  const raw = (hi - lo) / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9 * step; t += step) out.push(+t.toPrecision(12));
  return out;
}

const esc = (s: string) => s.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function chartSvg(props: LineChartProps): string {
  const { series, logX = false, logY = false } = props;
  const tx = (v: number) => (logX ? Math.log10(v) : v);
  const ty = (v: number) => (logY ? Math.log10(v) : v);
  const ok = (x: number, y: number) =>
    Number.isFinite(x) && Number.isFinite(y) && (!logX || x > 0) && (!logY || y > 0);
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const s of series)
    s.x.forEach((x, i) => {
      if (!ok(x, s.y[i])) return;
      x0 = Math.min(x0, tx(x));
      x1 = Math.max(x1, tx(x));
      y0 = Math.min(y0, ty(s.y[i]));
      y1 = Math.max(y1, ty(s.y[i]));
    });
  if (!Number.isFinite(x0)) [x0, x1, y0, y1] = [0, 1, 0, 1];
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) y1 = y0 + 1;
  const margin = (y1 - y0) * 0.04;
  y0 -= margin;
  y1 += margin;
  // The legend goes below the plot, never on the data: one row per three series.
  const extras = [...(props.bands ?? []), ...(props.markers ?? [])];
  const legendRows = Math.ceil((series.length + extras.length) / 3);
  const H = PLOT_H + legendRows * LEGEND_ROW + 8;
  const px = (v: number) => PAD.left + ((tx(v) - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const bottom = PLOT_H - PAD.bottom;
  const py = (v: number) => bottom - ((ty(v) - y0) / (y1 - y0)) * (bottom - PAD.top);
  const tX = (t: number) => PAD.left + ((t - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const tY = (t: number) => bottom - ((t - y0) / (y1 - y0)) * (bottom - PAD.top);
  const tick = (t: number, log: boolean) => {
    const v = log ? 10 ** t : t;
    return Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-2)
      ? v.toExponential(0)
      : String(+v.toPrecision(3));
  };
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${esc(props.title)}</text>`,
  ];
  for (const b of props.bands ?? []) {
    if (logX && !(b.from > 0)) continue;
    const a = px(b.from);
    const c = px(b.to);
    parts.push(
      `<rect x="${a}" y="${PAD.top}" width="${Math.max(0, c - a)}" height="${bottom - PAD.top}" fill="${b.color}"/>`,
    );
  }
  for (const t of ticks(x0, x1, logX)) {
    parts.push(`<text x="${tX(t)}" y="${bottom + 16}" text-anchor="middle">${tick(t, logX)}</text>`);
    parts.push(`<line x1="${tX(t)}" x2="${tX(t)}" y1="${PAD.top}" y2="${bottom}" stroke="#eee"/>`);
  }
  for (const t of ticks(y0, y1, logY)) {
    parts.push(`<text x="${PAD.left - 6}" y="${tY(t) + 4}" text-anchor="end">${tick(t, logY)}</text>`);
    parts.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${tY(t)}" y2="${tY(t)}" stroke="#eee"/>`);
  }
  parts.push(
    `<rect x="${PAD.left}" y="${PAD.top}" width="${W - PAD.left - PAD.right}" height="${bottom - PAD.top}" fill="none" stroke="#333"/>`,
    `<text x="${W / 2}" y="${PLOT_H - 14}" text-anchor="middle">${esc(props.xLabel)}${logX ? " (log)" : ""}</text>`,
    `<text transform="translate(16 ${(PAD.top + bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(props.yLabel)}${logY ? " (log)" : ""}</text>`,
  );
  for (const m of props.markers ?? []) {
    if (logX && !(m.x > 0)) continue;
    parts.push(
      `<line x1="${px(m.x)}" x2="${px(m.x)}" y1="${PAD.top}" y2="${bottom}" stroke="${m.color}" stroke-dasharray="6 4"/>`,
    );
  }
  series.forEach((s, k) => {
    const pts = s.x
      .map((x, i) => (ok(x, s.y[i]) ? `${px(x).toFixed(1)},${py(s.y[i]).toFixed(1)}` : ""))
      .filter(Boolean)
      .join(" ");
    const dash = s.dash ? ` stroke-dasharray="${s.dash.join(" ")}"` : "";
    parts.push(
      `<polyline fill="none" stroke="${s.color}" stroke-width="${s.width ?? 1.6}"${dash} points="${pts}"/>`,
    );
    const lx = PAD.left + (k % 3) * 215;
    const ly = PLOT_H + 6 + LEGEND_ROW * Math.floor(k / 3);
    parts.push(
      `<line x1="${lx}" x2="${lx + 20}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"${dash}/>`,
      `<text x="${lx + 25}" y="${ly}">${esc(s.label.length > 32 ? `${s.label.slice(0, 31)}…` : s.label)}</text>`,
    );
  });
  const legendAt = (k: number) => ({
    lx: PAD.left + (k % 3) * 215,
    ly: PLOT_H + 6 + LEGEND_ROW * Math.floor(k / 3),
  });
  extras.forEach((e, i) => {
    const { lx, ly } = legendAt(series.length + i);
    parts.push(
      "from" in e
        ? `<rect x="${lx}" y="${ly - 9}" width="20" height="10" fill="${e.color}"/>`
        : `<line x1="${lx + 10}" x2="${lx + 10}" y1="${ly - 11}" y2="${ly + 1}" stroke="${e.color}" stroke-dasharray="3 2"/>`,
      `<text x="${lx + 25}" y="${ly}">${esc(e.label.length > 32 ? `${e.label.slice(0, 31)}…` : e.label)}</text>`,
    );
  });
  parts.push("</svg>");
  return parts.join("\n");
}
