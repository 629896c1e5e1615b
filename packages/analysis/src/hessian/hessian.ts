// Hessian of the population loss w.r.t. the normalised student weights ŵ_j = w_j/√N (docs/math.md §2), as
// N → ∞: a block on span(students, teachers) and a block for directions orthogonal to all of them.
import { type CommitteeSpec, type Overlaps, populationLoss, sameActivation } from "@pupil/dynamics";
import {
  denseOperator,
  groupEigenvalues,
  lanczosExtremes,
  type SymmetricOperator,
  symmetricEigenvalues,
} from "@pupil/tensors";
import { type RealisedWeights, realiseOverlaps } from "./basis.js";
import { declaredPairKernel, type PairKernel } from "./kernel.js";
import { kernelHessian, type StructuredHessian, structuredKernelHessian } from "./kernel-hessian.js";
import { numericPairKernel } from "./kernel-numeric.js";

export interface HessianBlocks {
  /** r = rank Ω. */
  rank: number;
  /** (p·r)×(p·r) Hessian on the span, index j·r + α (student j, span coordinate α). */
  inSpan: number[][];
  /** p×p block for any unit direction orthogonal to the span; it repeats N − r times. */
  perpendicular: number[][];
  /** The vectors the span coordinates refer to. */
  basis: RealisedWeights;
}

export type HessianSpec = Pick<CommitteeSpec, "activation" | "teacherActivation" | "a" | "b">;

/**
 * Quadratic networks, analytic. With S = Σ a_j x_j x_jᵀ − Σ b_r y_r y_rᵀ and t = Tr S = Tr D:
 *   H_jk = δ_jk (2a_j t I + 4a_j S) + 4a_j a_k (Q_jk I + x_j x_kᵀ + x_k x_jᵀ),
 * and on orthogonal directions H⊥_jk = 2a_j t δ_jk + 4a_j a_k Q_jk.
 */
export function quadraticHessian(spec: HessianSpec, o: Overlaps, basis = realiseOverlaps(o)): HessianBlocks {
  const p = o.Q.length;
  const a = o.v ?? Array.from(spec.a);
  const b = Array.from(spec.b);
  const r = basis.rank;
  const S = Array.from({ length: r }, () => new Array<number>(r).fill(0));
  const add = (x: number[], w: number) => {
    for (let i = 0; i < r; i++) for (let k = 0; k < r; k++) S[i][k] += w * x[i] * x[k];
  };
  for (let j = 0; j < p; j++) add(basis.students[j], a[j]);
  for (let s = 0; s < b.length; s++) add(basis.teachers[s], -b[s]);
  let t = 0;
  for (let i = 0; i < r; i++) t += S[i][i];
  const H = Array.from({ length: p * r }, () => new Array<number>(p * r).fill(0));
  for (let j = 0; j < p; j++) {
    const xj = basis.students[j];
    for (let k = 0; k < p; k++) {
      const xk = basis.students[k];
      const c = 4 * a[j] * a[k];
      for (let al = 0; al < r; al++) {
        for (let be = 0; be < r; be++) {
          let h = c * (xj[al] * xk[be] + xk[al] * xj[be]);
          if (al === be) h += c * o.Q[j][k];
          if (j === k) h += 4 * a[j] * S[al][be] + (al === be ? 2 * a[j] * t : 0);
          H[j * r + al][k * r + be] = h;
        }
      }
    }
  }
  const perpendicular = Array.from({ length: p }, (_, j) =>
    Array.from({ length: p }, (_, k) => 4 * a[j] * a[k] * o.Q[j][k] + (j === k ? 2 * a[j] * t : 0)),
  );
  return { rank: r, inSpan: H, perpendicular, basis };
}

/**
 * Any activations: central finite differences of populationLoss as a function of explicit student vectors
 * in R^(r+1) (the realising basis plus one orthogonal direction). The orthogonal coordinate gives H⊥.
 * `step` is the finite-difference step (default 1e-4 relative to the weights' scale).
 */
export function finiteDifferenceHessian(
  spec: HessianSpec,
  o: Overlaps,
  options: { step?: number; basis?: RealisedWeights } = {},
): HessianBlocks {
  const basis = options.basis ?? realiseOverlaps(o);
  const p = o.Q.length;
  const pStar = o.T.length;
  const r = basis.rank;
  const d = r + 1;
  const X = basis.students.map((x) => [...x, 0]);
  const Y = basis.teachers.map((y) => [...y, 0]);
  let scale = 1;
  for (const x of X) scale = Math.max(scale, Math.hypot(...x));
  const h = (options.step ?? 1e-4) * scale;
  const T = o.T;
  const loss = (): number => {
    const Q = X.map((xj) => X.map((xk) => xj.reduce((s, v, i) => s + v * xk[i], 0)));
    const M = X.map((xj) => Y.map((ys) => xj.reduce((s, v, i) => s + v * ys[i], 0)));
    const over: Overlaps = { Q, M, T };
    if (o.v) over.v = o.v;
    return populationLoss(spec, over);
  };
  const dim = p * d;
  const coord = (c: number): [number, number] => [Math.floor(c / d), c % d];
  const shift = (c: number, by: number) => {
    const [j, i] = coord(c);
    X[j][i] += by;
  };
  const f0 = loss();
  const full = Array.from({ length: dim }, () => new Array<number>(dim).fill(0));
  for (let c1 = 0; c1 < dim; c1++) {
    shift(c1, h);
    const fp = loss();
    shift(c1, -2 * h);
    const fm = loss();
    shift(c1, h);
    full[c1][c1] = (fp - 2 * f0 + fm) / (h * h);
    for (let c2 = c1 + 1; c2 < dim; c2++) {
      shift(c1, h);
      shift(c2, h);
      const fpp = loss();
      shift(c2, -2 * h);
      const fpm = loss();
      shift(c1, -2 * h);
      const fmm = loss();
      shift(c2, 2 * h);
      const fmp = loss();
      shift(c1, h);
      shift(c2, -h);
      const v = (fpp - fpm - fmp + fmm) / (4 * h * h);
      full[c1][c2] = v;
      full[c2][c1] = v;
    }
  }
  void pStar;
  const inSpan = Array.from({ length: p * r }, (_, u) => {
    const [j, al] = [Math.floor(u / r), u % r];
    return Array.from({ length: p * r }, (_, w) => full[j * d + al][Math.floor(w / r) * d + (w % r)]);
  });
  const perpendicular = Array.from({ length: p }, (_, j) =>
    Array.from({ length: p }, (_, k) => full[j * d + r][k * d + r]),
  );
  return { rank: r, inSpan, perpendicular, basis };
}

export interface HessianEigenvalue {
  value: number;
  /**
   * A count for the span block; "N − r" (or "m·(N − r)") for the orthogonal block; "≥ 1" for a span value
   * found by Lanczos (which does not resolve multiplicities).
   */
  multiplicity: number | string;
  perpendicular: boolean;
}

export interface HessianSpectrum {
  rank: number;
  /** Eigenvalues on the span, ascending (each once); only the extremes when `partial`. */
  inSpan: number[];
  /** Eigenvalues of the orthogonal block, ascending; each has multiplicity N − rank. */
  perpendicular: number[];
  /** Both, grouped (tolerance `tol`), with multiplicities. */
  eigenvalues: HessianEigenvalue[];
  /**
   * "analytic": closed-form kernel derivatives; "kernel-differences": the same chain rule with the kernel's
   * derivatives by central differences of the activation's I2; "finite-differences": of the population loss.
   */
  method: "analytic" | "kernel-differences" | "finite-differences";
  /** The closed-form kernel used by the analytic route ("arcsine" for erf, "square", "linear"). */
  kernel?: string;
  /** How the span block was diagonalised: all eigenvalues ("dense") or the extremes ("lanczos"). */
  solver: "dense" | "lanczos";
  /** True when `inSpan` holds only the `extremes` lowest and highest span eigenvalues (Lanczos). */
  partial: boolean;
}

export interface HessianOptions {
  /**
   * "auto": analytic when both activations declare an I2 with a known closed-form kernel (declaredPairKernel);
   * otherwise "kernel-differences" when student and teacher share the activation and every pair covariance
   * is safely positive definite; else finite differences of the loss.
   */
  method?: "auto" | "analytic" | "finite-differences";
  /** Grouping tolerance for multiplicities. Default 1e-8 (1e-5 with finite differences). */
  tol?: number;
  step?: number;
  /** Span blocks up to this side get every eigenvalue (dense); larger ones the extremes by Lanczos. Default 400. */
  denseLimit?: number;
  /** How many lowest and highest span eigenvalues Lanczos must converge. Default 3. */
  extremes?: number;
  /** Called between stages ("hessian", "eigenvalues") so a caller can show progress. */
  onStage?: (stage: string) => void;
}

/** The closed-form pair kernel shared by student and teacher activations, if both declare one. */
export function analyticKernel(
  spec: Pick<CommitteeSpec, "activation" | "teacherActivation">,
): PairKernel | undefined {
  const student = declaredPairKernel(spec.activation);
  if (!student) return undefined;
  if (spec.teacherActivation === spec.activation) return student;
  return declaredPairKernel(spec.teacherActivation) === student ? student : undefined;
}

const toRows = (data: Float64Array, n: number): number[][] =>
  Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * n, (i + 1) * n)));

const toFlat = (rows: number[][]): Float64Array => {
  const n = rows.length;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) out[i * n + k] = rows[i][k];
  return out;
};

/** The Hessian blocks by the closed-form kernel route (number[][] form of kernelHessian). */
export function analyticHessian(spec: HessianSpec, o: Overlaps, basis?: RealisedWeights): HessianBlocks {
  const kernel = analyticKernel(spec);
  if (!kernel) {
    throw new Error(
      "method: no closed-form Hessian for these activations (neither declares an I2 with a known kernel)",
    );
  }
  const h = kernelHessian(spec, o, kernel, basis ?? realiseOverlaps(o));
  return {
    rank: h.rank,
    inSpan: toRows(h.inSpan, h.size),
    perpendicular: toRows(h.perpendicular, h.p),
    basis: h.basis,
  };
}

/** The Hessian spectrum at the point given by the overlaps, with multiplicities (N symbolic). */
export function hessianSpectrum(
  spec: HessianSpec,
  o: Overlaps,
  options: HessianOptions = {},
): HessianSpectrum {
  const method = options.method ?? "auto";
  if (method !== "auto" && method !== "analytic" && method !== "finite-differences") {
    throw new Error(
      `method: expected "auto", "analytic" or "finite-differences", got ${JSON.stringify(method)}`,
    );
  }
  const kernel = method === "finite-differences" ? undefined : analyticKernel(spec);
  if (method === "analytic" && !kernel) {
    throw new Error(
      "method: no closed-form Hessian for these activations (neither declares an I2 with a known kernel)",
    );
  }
  const denseLimit = options.denseLimit ?? 400;
  if (!(denseLimit >= 1)) throw new Error(`denseLimit: expected a number ≥ 1, got ${denseLimit}`);
  const extremes = options.extremes ?? 3;
  options.onStage?.("hessian");
  const dense = (size: number) => size <= denseLimit;
  let blocks: { rank: number; p: number; size: number; perpendicular: Float64Array };
  let matrix: () => Float64Array;
  let operator: () => SymmetricOperator;
  // Without a closed-form kernel, "auto" first tries the kernel route with derivatives by differences of
  // the activation's I2 (same student and teacher activation); near-singular pairs send it to the loss.
  let structured: StructuredHessian | undefined;
  let numeric = false;
  if (kernel) structured = structuredKernelHessian(spec, o, kernel);
  else if (method === "auto" && sameActivation(spec.activation, spec.teacherActivation)) {
    const differenced = numericPairKernel(spec.activation);
    const h = structuredKernelHessian(spec, o, differenced);
    if (differenced.ok) {
      structured = h;
      numeric = true;
    }
  }
  if (structured) {
    const h = structured;
    blocks = h;
    matrix = () => h.dense();
    operator = () => h.apply;
  } else {
    const fd = finiteDifferenceHessian(spec, o, { step: options.step });
    const flat = toFlat(fd.inSpan);
    blocks = {
      rank: fd.rank,
      p: fd.perpendicular.length,
      size: fd.inSpan.length,
      perpendicular: toFlat(fd.perpendicular),
    };
    matrix = () => flat;
    operator = () => denseOperator(flat, fd.inSpan.length);
  }
  const tol = options.tol ?? (kernel ? 1e-8 : 1e-5);
  const methodUsed: HessianSpectrum["method"] = kernel
    ? "analytic"
    : numeric
      ? "kernel-differences"
      : "finite-differences";
  options.onStage?.("eigenvalues");
  const isDense = dense(blocks.size);
  let inSpan: number[];
  if (isDense) inSpan = Array.from(symmetricEigenvalues(matrix(), blocks.size));
  else {
    // Ritz values converge like the residual squared over the gap: a 1e-8 residual bound is ample.
    const found = lanczosExtremes(operator(), blocks.size, { count: extremes, tol: 1e-8 });
    inSpan = [...new Set([...found.lowest, ...found.highest])].sort((x, y) => x - y);
  }
  const perpendicular = Array.from(symmetricEigenvalues(blocks.perpendicular, blocks.p));
  const r = blocks.rank;
  const eigenvalues: HessianEigenvalue[] = [
    ...groupEigenvalues(inSpan, tol).map((g) => ({
      value: g.value,
      multiplicity: isDense ? g.multiplicity : "≥ 1",
      perpendicular: false,
    })),
    ...groupEigenvalues(perpendicular, tol).map((g) => ({
      value: g.value,
      multiplicity: g.multiplicity === 1 ? `N − ${r}` : `${g.multiplicity}·(N − ${r})`,
      perpendicular: true,
    })),
  ].sort((x, y) => x.value - y.value);
  const out: HessianSpectrum = {
    rank: r,
    inSpan,
    perpendicular,
    eigenvalues,
    method: methodUsed,
    solver: isDense ? "dense" : "lanczos",
    partial: !isDense,
  };
  if (kernel) out.kernel = kernel.name;
  else if (numeric) out.kernel = "numeric";
  return out;
}
