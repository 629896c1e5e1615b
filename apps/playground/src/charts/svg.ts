// A chart as a standalone SVG document, drawn from the same series as the on-screen chart (vector output
// for papers and slides; PNG export takes the canvas instead).
import type { LineChartProps } from "./LineChart.js";

const W = 720;
const H = 420;
const PAD = { left: 70, right: 20, top: 40, bottom: 50 };

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
  const px = (v: number) => PAD.left + ((tx(v) - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const py = (v: number) => H - PAD.bottom - ((ty(v) - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom);
  const tick = (t: number, log: boolean) => {
    const v = log ? 10 ** t : t;
    return Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-2)
      ? v.toExponential(1)
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
      `<rect x="${a}" y="${PAD.top}" width="${Math.max(0, c - a)}" height="${H - PAD.top - PAD.bottom}" fill="${b.color}"/>`,
    );
  }
  for (let i = 0; i <= 4; i++) {
    const fx = x0 + ((x1 - x0) * i) / 4;
    const fy = y0 + ((y1 - y0) * i) / 4;
    const X = PAD.left + ((W - PAD.left - PAD.right) * i) / 4;
    const Y = H - PAD.bottom - ((H - PAD.top - PAD.bottom) * i) / 4;
    parts.push(`<text x="${X}" y="${H - PAD.bottom + 16}" text-anchor="middle">${tick(fx, logX)}</text>`);
    parts.push(`<text x="${PAD.left - 6}" y="${Y + 4}" text-anchor="end">${tick(fy, logY)}</text>`);
    parts.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${Y}" y2="${Y}" stroke="#eee"/>`);
  }
  parts.push(
    `<rect x="${PAD.left}" y="${PAD.top}" width="${W - PAD.left - PAD.right}" height="${H - PAD.top - PAD.bottom}" fill="none" stroke="#333"/>`,
    `<text x="${W / 2}" y="${H - 12}" text-anchor="middle">${esc(props.xLabel)}${logX ? " (log)" : ""}</text>`,
    `<text transform="translate(16 ${H / 2}) rotate(-90)" text-anchor="middle">${esc(props.yLabel)}${logY ? " (log)" : ""}</text>`,
  );
  for (const m of props.markers ?? []) {
    if (logX && !(m.x > 0)) continue;
    parts.push(
      `<line x1="${px(m.x)}" x2="${px(m.x)}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="${m.color}" stroke-dasharray="6 4"/>`,
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
    const ly = PAD.top + 14 + 16 * k;
    parts.push(
      `<line x1="${W - PAD.right - 150}" x2="${W - PAD.right - 130}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"${dash}/>`,
      `<text x="${W - PAD.right - 125}" y="${ly}">${esc(s.label)}</text>`,
    );
  });
  parts.push("</svg>");
  return parts.join("\n");
}
