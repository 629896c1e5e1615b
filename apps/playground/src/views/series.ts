// From snapshots to chart series.
import type { Snapshot } from "@pupil/plugin";
import type { Series } from "../charts/reduce.js";

export function lossSeries(snaps: readonly Snapshot[], which: "gen" | "train" | "test" = "gen"): Series {
  const out: Series = { x: [], y: [] };
  for (const s of snaps) {
    const v = s.loss[which];
    if (typeof v === "number") {
      out.x.push(s.t);
      out.y.push(v);
    }
  }
  return out;
}

/** The population error if the run has one, else the test error (train runs). */
export function errorSeries(snaps: readonly Snapshot[]): Series {
  const gen = lossSeries(snaps, "gen");
  return gen.x.length > 0 ? gen : lossSeries(snaps, "test");
}

export function overlapSeries(
  snaps: readonly Snapshot[],
  matrix: "Q" | "M" | "T",
  i: number,
  j: number,
): Series {
  const out: Series = { x: [], y: [] };
  for (const s of snaps) {
    const v = s.overlaps?.[matrix]?.[i]?.[j];
    if (typeof v === "number") {
      out.x.push(s.t);
      out.y.push(v);
    }
  }
  return out;
}

/** ‖(Q, M)_sim − (Q, M)_ode‖_F at the α both sources recorded. */
export function overlapDeviation(ode: readonly Snapshot[], sim: readonly Snapshot[]): Series {
  const at = new Map(ode.map((s) => [s.t, s]));
  const out: Series = { x: [], y: [] };
  for (const s of sim) {
    const o = at.get(s.t);
    if (!o?.overlaps || !s.overlaps) continue;
    let sum = 0;
    for (const key of ["Q", "M"] as const) {
      const A = s.overlaps[key];
      const B = o.overlaps[key];
      for (let i = 0; i < A.length; i++)
        for (let j = 0; j < A[i].length; j++) sum += (A[i][j] - B[i][j]) ** 2;
    }
    out.x.push(s.t);
    out.y.push(Math.sqrt(sum));
  }
  return out;
}

/** A vector metric (one value per node) over time, as one series per component. */
export function vectorMetricSeries(snaps: readonly Snapshot[], id: string): Series[] {
  const out: Series[] = [];
  for (const s of snaps) {
    const v = s.metrics[id];
    if (!Array.isArray(v)) continue;
    (v as number[]).forEach((value, j) => {
      out[j] ??= { x: [], y: [] };
      if (typeof value === "number") {
        out[j].x.push(s.t);
        out[j].y.push(value);
      }
    });
  }
  return out;
}

export function scalarMetricSeries(snaps: readonly Snapshot[], id: string): Series {
  const out: Series = { x: [], y: [] };
  for (const s of snaps) {
    const v = s.metrics[id];
    if (typeof v === "number") {
      out.x.push(s.t);
      out.y.push(v);
    }
  }
  return out;
}
