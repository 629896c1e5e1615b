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

/**
 * The ODE and simulation snapshots of a paired run, matched in emission order (both sources advance to the
 * same α in turn; the simulation's α is its step count over N, so it may differ from the ODE's by < 1/N).
 */
export function pairedSnapshots(ode: readonly Snapshot[], sim: readonly Snapshot[]): [Snapshot, Snapshot][] {
  const out: [Snapshot, Snapshot][] = [];
  for (let i = 0; i < Math.min(ode.length, sim.length); i++) {
    if (Math.abs(ode[i].t - sim[i].t) <= 0.01 * (1 + ode[i].t)) out.push([ode[i], sim[i]]);
  }
  return out;
}

/** ‖(Q, M)_sim − (Q, M)_ODE‖_F against the ODE's α. */
export function overlapDeviation(ode: readonly Snapshot[], sim: readonly Snapshot[]): Series {
  const out: Series = { x: [], y: [] };
  for (const [o, s] of pairedSnapshots(ode, sim)) {
    if (!o.overlaps || !s.overlaps) continue;
    let sum = 0;
    for (const key of ["Q", "M"] as const) {
      const A = s.overlaps[key];
      const B = o.overlaps[key];
      for (let i = 0; i < A.length; i++)
        for (let j = 0; j < A[i].length; j++) sum += (A[i][j] - B[i][j]) ** 2;
    }
    out.x.push(o.t);
    out.y.push(Math.sqrt(sum));
  }
  return out;
}

/** |eg_sim − eg_ODE| against the ODE's α. */
export function egDeviation(ode: readonly Snapshot[], sim: readonly Snapshot[]): Series {
  const out: Series = { x: [], y: [] };
  for (const [o, s] of pairedSnapshots(ode, sim)) {
    if (typeof o.loss.gen !== "number" || typeof s.loss.gen !== "number") continue;
    out.x.push(o.t);
    out.y.push(Math.abs(s.loss.gen - o.loss.gen));
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
