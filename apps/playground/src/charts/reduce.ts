// Chart data reducers: from snapshot series to what uPlot draws. Pure functions, unit-tested.

export interface Series {
  x: number[];
  y: number[];
}

/**
 * Min/max decimation for a line on `buckets` pixel columns: per column keep the first and last point and
 * the minimum and maximum (in x order), so every spike and the line's ends survive. Columns are equal in
 * log x when `logX` (points at x ≤ 0 keep their own column). Series shorter than 4·buckets pass through.
 */
export function decimate(series: Series, buckets: number, logX = false): Series {
  const n = series.x.length;
  if (n <= 4 * buckets || buckets < 1) return series;
  const { x, y } = series;
  const map = (v: number) => (logX ? (v > 0 ? Math.log(v) : Number.NEGATIVE_INFINITY) : v);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of x) {
    const m = map(v);
    if (Number.isFinite(m)) {
      lo = Math.min(lo, m);
      hi = Math.max(hi, m);
    }
  }
  const width = hi > lo ? (hi - lo) / buckets : 1;
  const column = (v: number) => {
    const m = map(v);
    return Number.isFinite(m) ? Math.min(buckets - 1, Math.floor((m - lo) / width)) : -1;
  };
  const keep: number[] = [];
  let start = 0;
  while (start < n) {
    const c = column(x[start]);
    let end = start;
    let iMin = start;
    let iMax = start;
    while (end + 1 < n && column(x[end + 1]) === c) {
      end += 1;
      if (!(y[end] >= y[iMin])) iMin = end;
      if (!(y[end] <= y[iMax])) iMax = end;
    }
    const picks = [start, iMin, iMax, end].sort((a, b) => a - b);
    for (const i of picks) if (keep[keep.length - 1] !== i) keep.push(i);
    start = end + 1;
  }
  return { x: keep.map((i) => x[i]), y: keep.map((i) => y[i]) };
}

/**
 * Several series on one x axis, as uPlot wants them: the sorted union of the x values and, per series, its y
 * at each x or null where it has no point.
 */
export function align(series: readonly Series[]): [number[], ...(number | null)[][]] {
  const xs = [...new Set(series.flatMap((s) => s.x))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const ys = series.map((s) => {
    const col: (number | null)[] = new Array(xs.length).fill(null);
    s.x.forEach((x, i) => {
      const v = s.y[i];
      col[index.get(x) as number] = Number.isFinite(v) ? v : null;
    });
    return col;
  });
  return [xs, ...ys];
}

/** Values that a log axis cannot show (≤ 0) become null; so do non-finite ones. */
export function forLogAxis(values: readonly (number | null)[]): (number | null)[] {
  return values.map((v) => (v !== null && Number.isFinite(v) && v > 0 ? v : null));
}
