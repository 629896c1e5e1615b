// The ODE state vector: y = [Q (p×p, full, symmetric), M (p×p*), v (p, only when the second layer trains)].
import type { Overlaps } from "../common/index.js";

export interface StateLayout {
  readonly p: number;
  readonly pStar: number;
  /** The student second layer is part of the state. */
  readonly trained: boolean;
  /** Offsets of M and v in y, and the length of y. */
  readonly mOffset: number;
  readonly vOffset: number;
  readonly dim: number;
}

export function stateLayout(p: number, pStar: number, trained: boolean): StateLayout {
  const mOffset = p * p;
  const vOffset = mOffset + p * pStar;
  return { p, pStar, trained, mOffset, vOffset, dim: vOffset + (trained ? p : 0) };
}

/** Overlaps (and v, falling back to `a` when the overlaps carry none) into a state vector. */
export function packState(
  layout: StateLayout,
  o: Overlaps,
  a: ArrayLike<number>,
  out?: Float64Array,
): Float64Array {
  const { p, pStar, mOffset, vOffset } = layout;
  const y = out ?? new Float64Array(layout.dim);
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < p; k++) y[j * p + k] = o.Q[j][k];
    for (let r = 0; r < pStar; r++) y[mOffset + j * pStar + r] = o.M[j][r];
  }
  if (layout.trained) for (let j = 0; j < p; j++) y[vOffset + j] = o.v ? o.v[j] : a[j];
  return y;
}

/** A state vector back into Overlaps (fresh arrays), with the constant T. */
export function unpackState(layout: StateLayout, y: ArrayLike<number>, T: ArrayLike<number>): Overlaps {
  const { p, pStar, mOffset, vOffset } = layout;
  const Q: number[][] = [];
  const M: number[][] = [];
  const Tm: number[][] = [];
  for (let j = 0; j < p; j++) {
    const q: number[] = [];
    for (let k = 0; k < p; k++) q.push(y[j * p + k]);
    Q.push(q);
    const m: number[] = [];
    for (let r = 0; r < pStar; r++) m.push(y[mOffset + j * pStar + r]);
    M.push(m);
  }
  for (let r = 0; r < pStar; r++) {
    const t: number[] = [];
    for (let s = 0; s < pStar; s++) t.push(T[r * pStar + s]);
    Tm.push(t);
  }
  const out: Overlaps = { Q, M, T: Tm };
  if (layout.trained) {
    const v: number[] = [];
    for (let j = 0; j < p; j++) v.push(y[vOffset + j]);
    out.v = v;
  }
  return out;
}
