// Fixtures for metric checks: weights of a small two-layer committee and the Snapshot those weights give.
// The snapshot's overlaps are computed from sampleWeights() (same options), and its population loss is the
// quadratic-network population loss (Bocchi et al.) (a = 1/p, b = 1/p*), so a metric sees mutually consistent numbers.
import { createRng } from "@pupil/tensors";
import type { Snapshot } from "../snapshot.js";
import type { DenseWeights, WeightsView } from "../types.js";

export interface SampleOptions {
  /** Student width p. Default 3. */
  readonly p?: number;
  /** Teacher width p*. Default 2. */
  readonly pStar?: number;
  /** Input size N. Default 64. */
  readonly inputDim?: number;
  readonly seed?: number | string;
}

function resolve(options: SampleOptions) {
  const p = options.p ?? 3;
  const pStar = options.pStar ?? 2;
  const inputDim = options.inputDim ?? 64;
  for (const [name, v] of [
    ["p", p],
    ["pStar", pStar],
    ["inputDim", inputDim],
  ] as const) {
    if (!Number.isInteger(v) || v < 1)
      throw new Error(`sample fixtures: "${name}" must be a positive integer; got ${v}`);
  }
  return { p, pStar, inputDim, seed: options.seed ?? "pupil-sample" };
}

function committee(rows: number, inputDim: number, rng: ReturnType<typeof createRng>): DenseWeights[] {
  const first = new Float64Array(rows * inputDim);
  rng.fillNormal(first);
  return [
    { rows, cols: inputDim, data: first },
    { rows: 1, cols: rows, data: new Float64Array(rows).fill(1 / rows) },
  ];
}

/** Student (p×N then 1×p) and teacher (p*×N then 1×p*) layers, W x convention, N(0,1) first layers. */
export function sampleWeights(options: SampleOptions = {}): WeightsView {
  const { p, pStar, inputDim, seed } = resolve(options);
  const rng = createRng(seed);
  return { student: committee(p, inputDim, rng.fork(1)), teacher: committee(pStar, inputDim, rng.fork(2)) };
}

function overlap(A: DenseWeights, B: DenseWeights): number[][] {
  const n = A.cols;
  return Array.from({ length: A.rows }, (_, i) =>
    Array.from({ length: B.rows }, (_, j) => {
      let s = 0;
      for (let t = 0; t < n; t++) s += A.data[i * n + t] * B.data[j * n + t];
      return s / n;
    }),
  );
}

/** A Snapshot of a quadratic committee at the weights of sampleWeights(options). */
export function sampleSnapshot(options: SampleOptions = {}): Snapshot {
  const { p, pStar } = resolve(options);
  const w = sampleWeights(options);
  const teacher = w.teacher!;
  const Q = overlap(w.student[0], w.student[0]);
  const M = overlap(w.student[0], teacher[0]);
  const T = overlap(teacher[0], teacher[0]);
  const a = 1 / p;
  const b = 1 / pStar;
  // eg = ½(Σ a Q_jj − Σ b T_rr)² + Σ a² Q_jk² − 2 Σ a b M_jr² + Σ b² T_rs²   (Isserlis)
  let trace = 0;
  let quad = 0;
  for (let j = 0; j < p; j++) {
    trace += a * Q[j][j];
    for (let k = 0; k < p; k++) quad += a * a * Q[j][k] ** 2;
    for (let r = 0; r < pStar; r++) quad -= 2 * a * b * M[j][r] ** 2;
  }
  for (let r = 0; r < pStar; r++) {
    trace -= b * T[r][r];
    for (let s = 0; s < pStar; s++) quad += b * b * T[r][s] ** 2;
  }
  const gen = 0.5 * trace * trace + quad;
  return {
    step: 640,
    t: 10,
    timeUnit: "alpha",
    source: "sim",
    loss: { gen },
    overlaps: { Q, M, T },
    metrics: { eg: gen },
    ...(typeof options.seed === "number" ? { seed: options.seed } : {}),
  };
}
