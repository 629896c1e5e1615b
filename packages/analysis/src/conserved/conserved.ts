// Conserved quantities of the quadratic-network ODE (docs/math.md §2) and the implicit bias they imply.
import type { Overlaps } from "@pupil/dynamics";
import type { Snapshot } from "@pupil/plugin";
import { commutator, frobenius, inverse, matMul, polarFactor, scale, sub, transpose } from "@pupil/tensors";

/** Π(M) = M (MᵀM)^-½ (p ≥ p*, M of full column rank); for p* = 1 the unit vector along M. */
export function polarOf(M: number[][]): number[][] {
  if (M.length < (M[0]?.length ?? 0))
    throw new Error(`M: the polar factor needs p ≥ p* (got ${M.length}×${M[0].length})`);
  return polarFactor(M);
}

/** ‖[Q, MMᵀ]‖_F: zero when Q commutes with MMᵀ (Π(M) is then conserved with T ∝ I). */
export function commutatorNorm(o: Overlaps): number {
  return frobenius(commutator(o.Q, matMul(o.M, transpose(o.M))));
}

export interface FlowInvariantOptions {
  /** The effective learning rate η (effectiveLr(spec)). */
  eta: number;
  /** The common student second-layer weight a and teacher weight b. */
  a: number;
  b: number;
}

/**
 * exp(−8ηabα)·Mᵀ(Q − MMᵀ)⁻¹M (p*×p*): conserved by the gradient-flow ODE for any Q0 when T = I and the
 * second layers are constant and equal within each layer. Needs Q − MMᵀ invertible (p > p* in general).
 */
export function gradientFlowInvariant(o: Overlaps, alpha: number, options: FlowInvariantOptions): number[][] {
  const K = sub(o.Q, matMul(o.M, transpose(o.M)));
  const X = matMul(transpose(o.M), matMul(inverse(K), o.M));
  return scale(X, Math.exp(-8 * options.eta * options.a * options.b * alpha));
}

export interface ConservedSeries {
  alpha: number[];
  /** ‖Π(M_α) − Π(M_0)‖_F. */
  polarDrift: number[];
  /** ‖[Q, MMᵀ]‖_F along the run. */
  commutator: number[];
  /** ‖X_α − X_0‖_F / ‖X_0‖_F for the gradient-flow invariant X (only when options are given). */
  invariantDrift?: number[];
  maxPolarDrift: number;
  maxInvariantDrift?: number;
}

/** Π(M), ‖[Q, MMᵀ]‖ and (with options) the gradient-flow invariant along a run's snapshots, with drifts. */
export function conservedAlong(
  snapshots: Iterable<Snapshot>,
  options?: FlowInvariantOptions,
): ConservedSeries {
  const alpha: number[] = [];
  const polarDrift: number[] = [];
  const comm: number[] = [];
  const invariantDrift: number[] = [];
  let pi0: number[][] | undefined;
  let x0: number[][] | undefined;
  for (const s of snapshots) {
    const o = s.overlaps;
    if (!o) continue;
    const pi = polarOf(o.M);
    pi0 ??= pi;
    alpha.push(s.t);
    polarDrift.push(frobenius(sub(pi, pi0)));
    comm.push(commutatorNorm(o));
    if (options) {
      const x = gradientFlowInvariant(o, s.t, options);
      x0 ??= x;
      invariantDrift.push(frobenius(sub(x, x0)) / frobenius(x0));
    }
  }
  if (alpha.length === 0) throw new Error("snapshots: none carries overlaps");
  const out: ConservedSeries = {
    alpha,
    polarDrift,
    commutator: comm,
    maxPolarDrift: Math.max(...polarDrift),
  };
  if (options) {
    out.invariantDrift = invariantDrift;
    out.maxInvariantDrift = Math.max(...invariantDrift);
  }
  return out;
}

export interface ImplicitBias {
  /** √(b/a)·Π(M0): the zero-loss point closest to the start (√(p/p*)·Π(M0) for a = 1/p, b = 1/p*). */
  predicted: number[][];
  /** ‖M_end − predicted‖_F and that over ‖predicted‖_F. */
  distance: number;
  relativeDistance: number;
}

/**
 * The implicit bias of docs/math.md §2: Π(M) is conserved, so the run should end at √(b/a)·Π(M0). `a`, `b` the
 * common second-layer weights; default a = 1/p, b = 1/p*.
 */
export function implicitBias(
  M0: number[][],
  Mend: number[][],
  options: { a?: number; b?: number } = {},
): ImplicitBias {
  const p = M0.length;
  const pStar = M0[0]?.length ?? 0;
  if (Mend.length !== p || Mend[0]?.length !== pStar) throw new Error(`Mend: expected ${p}×${pStar} like M0`);
  const a = options.a ?? 1 / p;
  const b = options.b ?? 1 / pStar;
  if (!(a > 0) || !(b > 0))
    throw new Error(`a, b: expected second-layer weights > 0, got a = ${a}, b = ${b}`);
  const predicted = scale(polarOf(M0), Math.sqrt(b / a));
  const distance = frobenius(sub(Mend, predicted));
  return { predicted, distance, relativeDistance: distance / frobenius(predicted) };
}
