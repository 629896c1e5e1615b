// Hessian of the population loss w.r.t. the normalised student weights ŵ_j = w_j/√N (MATH.md §2), as
// N → ∞: a block on span(students, teachers) and a block for directions orthogonal to all of them.
import { type CommitteeSpec, isQuadratic, type Overlaps, populationLoss } from "@pupil/dynamics";
import { groupEigenvalues, symEig } from "@pupil/tensors";
import { type RealisedWeights, realiseOverlaps } from "./basis.js";

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

type HessianSpec = Pick<CommitteeSpec, "activation" | "teacherActivation" | "a" | "b">;

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
  /** A count for the span block; "N − r" (or "m·(N − r)") for the orthogonal block. */
  multiplicity: number | string;
  perpendicular: boolean;
}

export interface HessianSpectrum {
  rank: number;
  /** Eigenvalues on the span, ascending (each once). */
  inSpan: number[];
  /** Eigenvalues of the orthogonal block, ascending; each has multiplicity N − rank. */
  perpendicular: number[];
  /** Both, grouped (tolerance `tol`), with multiplicities. */
  eigenvalues: HessianEigenvalue[];
  method: "analytic" | "finite-differences";
}

export interface HessianOptions {
  /** "auto": analytic for quadratic networks, finite differences otherwise. */
  method?: "auto" | "analytic" | "finite-differences";
  /** Grouping tolerance for multiplicities. Default 1e-8 (1e-5 with finite differences). */
  tol?: number;
  step?: number;
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
  const quadratic = isQuadratic(spec.activation) && isQuadratic(spec.teacherActivation);
  if (method === "analytic" && !quadratic)
    throw new Error("method: the analytic Hessian exists for quadratic networks only");
  const analytic = method === "analytic" || (method === "auto" && quadratic);
  const blocks = analytic
    ? quadraticHessian(spec, o)
    : finiteDifferenceHessian(spec, o, { step: options.step });
  const tol = options.tol ?? (analytic ? 1e-8 : 1e-5);
  const inSpan = symEig(blocks.inSpan).values;
  const perpendicular = symEig(blocks.perpendicular).values;
  const r = blocks.rank;
  const eigenvalues: HessianEigenvalue[] = [
    ...groupEigenvalues(inSpan, tol).map((g) => ({
      value: g.value,
      multiplicity: g.multiplicity,
      perpendicular: false,
    })),
    ...groupEigenvalues(perpendicular, tol).map((g) => ({
      value: g.value,
      multiplicity: g.multiplicity === 1 ? `N − ${r}` : `${g.multiplicity}·(N − ${r})`,
      perpendicular: true,
    })),
  ].sort((x, y) => x.value - y.value);
  return {
    rank: r,
    inSpan,
    perpendicular,
    eigenvalues,
    method: analytic ? "analytic" : "finite-differences",
  };
}
