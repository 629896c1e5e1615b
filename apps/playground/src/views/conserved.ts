// The conserved quantities of a quadratic-network run, snapshot by snapshot: the same definitions as
// @pupil/analysis' conservedAlong (Π(M) and the gradient-flow invariant X), but each snapshot's matrices are
// computed once and cached, so a live chart does not redo the whole run's SVDs on every redraw.
import { type FlowInvariantOptions, gradientFlowInvariant, polarOf } from "@pupil/analysis";
import type { Snapshot } from "@pupil/plugin";

interface PerSnapshot {
  pi: number[][];
  X?: number[][];
}

const cache = new WeakMap<Snapshot, Map<string, PerSnapshot>>();

const frobeniusDiff = (A: number[][], B: number[][]) => {
  let s = 0;
  for (let i = 0; i < A.length; i++) for (let j = 0; j < A[i].length; j++) s += (A[i][j] - B[i][j]) ** 2;
  return Math.sqrt(s);
};

function matrices(s: Snapshot, options: FlowInvariantOptions | undefined): PerSnapshot {
  const key = options ? `${options.eta},${options.a},${options.b}` : "";
  let byOptions = cache.get(s);
  if (!byOptions) {
    byOptions = new Map();
    cache.set(s, byOptions);
  }
  let m = byOptions.get(key);
  if (!m) {
    const o = s.overlaps as NonNullable<Snapshot["overlaps"]>;
    m = { pi: polarOf(o.M), ...(options ? { X: gradientFlowInvariant(o, s.t, options) } : {}) };
    byOptions.set(key, m);
  }
  return m;
}

export interface ConservedDrift {
  alpha: number[];
  polarDrift: number[];
  invariantDrift?: number[];
}

/** ‖Π(M_α) − Π(M_0)‖_F and (with options) ‖X_α − X_0‖_F / ‖X_0‖_F along the snapshots that carry overlaps. */
export function conservedDrift(snaps: readonly Snapshot[], options?: FlowInvariantOptions): ConservedDrift {
  const withOverlaps = snaps.filter((s) => s.overlaps);
  if (withOverlaps.length === 0) return { alpha: [], polarDrift: [] };
  const first = matrices(withOverlaps[0], options);
  const zero = first.X?.map((r) => r.map(() => 0));
  const norm0 = first.X && zero ? frobeniusDiff(first.X, zero) : 1;
  const out: ConservedDrift = { alpha: [], polarDrift: [], ...(options ? { invariantDrift: [] } : {}) };
  for (const s of withOverlaps) {
    const m = matrices(s, options);
    out.alpha.push(s.t);
    out.polarDrift.push(frobeniusDiff(m.pi, first.pi));
    if (m.X && first.X) out.invariantDrift?.push(frobeniusDiff(m.X, first.X) / norm0);
  }
  return out;
}
