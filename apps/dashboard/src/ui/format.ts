// Number and text helpers shared by the panels, the plain printer and the report.

export function num(x: number | undefined, digits = 3): string {
  if (x === undefined || Number.isNaN(x)) return "–";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "-∞";
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e4 || a < 1e-2)) return x.toExponential(digits - 1);
  return x.toPrecision(digits);
}

export function duration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return "–";
  if (seconds < 60) return `${Math.round(seconds)}s`;
  if (seconds < 3600)
    return `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, "0")}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, "0")}m`;
}

const BLOCKS = "▁▂▃▄▅▆▇█";

/**
 * A sparkline of eg over α: `width` columns spanning the α range (log-spaced when `logAlpha`), each the
 * last eg in its column, heights on a log eg scale. Columns with no point repeat the previous one.
 */
export function sparkline(
  points: readonly { alpha: number; eg: number }[],
  width: number,
  logAlpha: boolean,
): string {
  const pts = points.filter((p) => p.eg > 0 && Number.isFinite(p.eg) && (!logAlpha || p.alpha > 0));
  if (pts.length === 0) return "";
  const xs = pts.map((p) => (logAlpha ? Math.log10(p.alpha) : p.alpha));
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const ys = pts.map((p) => Math.log10(p.eg));
  const y0 = Math.min(...ys);
  const y1 = Math.max(...ys);
  const cols: (number | undefined)[] = new Array(width).fill(undefined);
  pts.forEach((_, i) => {
    const c = x1 > x0 ? Math.min(width - 1, Math.floor(((xs[i] - x0) / (x1 - x0)) * (width - 1) + 0.5)) : 0;
    cols[c] = ys[i];
  });
  let last: number | undefined;
  let out = "";
  const filledTo = x1 > x0 ? width : 1;
  for (let c = 0; c < filledTo; c++) {
    const y = cols[c] ?? last;
    last = y;
    if (y === undefined) {
      out += " ";
      continue;
    }
    const level = y1 > y0 ? Math.round(((y - y0) / (y1 - y0)) * (BLOCKS.length - 1)) : BLOCKS.length - 1;
    out += BLOCKS[level];
  }
  return out;
}

/** Students ordered by their best teacher (argmax_r |M_jr|), then by that overlap, largest first. */
export function studentOrder(M: readonly (readonly number[])[]): number[] {
  const best = M.map((row, j) => {
    let r = 0;
    for (let k = 1; k < row.length; k++) if (Math.abs(row[k]) > Math.abs(row[r])) r = k;
    return { j, r, v: Math.abs(row[r] ?? 0) };
  });
  best.sort((a, b) => a.r - b.r || b.v - a.v || a.j - b.j);
  return best.map((b) => b.j);
}
