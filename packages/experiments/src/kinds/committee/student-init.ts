// A finite-N student with EXACTLY the given overlaps Q and M against a given teacher W* (p*×N), so a
// simulation can start from a macroscopic M0 (a pointwise comparison with the ODE needs one: from M0 = 0 the escape time fluctuates with N).
//   W = M T⁻¹ W*  +  S^{1/2} U,   S = Q − M T⁻¹ Mᵀ,   U: p orthonormal rows (norm √N) orthogonal to W*.
// Then W Wᵀ/N = M T⁻¹ Mᵀ + S = Q and W W*ᵀ/N = M T⁻¹ T = M.
import { inverse, isPositiveSemiDefinite, type Rng, sqrtm } from "@pupil/tensors";
import { ConfigError } from "../../config/errors.js";

const dotRows = (A: Float64Array, i: number, B: Float64Array, k: number, N: number): number => {
  let s = 0;
  for (let x = 0; x < N; x++) s += A[i * N + x] * B[k * N + x];
  return s;
};

export function studentWithOverlaps(
  Q: number[][],
  M: number[][],
  teacher: Float64Array,
  N: number,
  rng: Rng,
): Float64Array {
  const p = Q.length;
  const pStar = M[0].length;
  if (N < p + pStar) {
    throw new ConfigError([
      {
        path: "N",
        value: N,
        expected: `N ≥ p + pStar = ${p + pStar} to build a student with init.Q and init.M`,
      },
    ]);
  }
  const T: number[][] = [];
  for (let r = 0; r < pStar; r++) {
    T.push([]);
    for (let s = 0; s < pStar; s++) T[r].push(dotRows(teacher, r, teacher, s, N) / N);
  }
  const Tinv = inverse(T);
  const A = M.map((row) => Tinv[0].map((_, s) => row.reduce((acc, m, r) => acc + m * Tinv[r][s], 0)));
  const S = Q.map((row, j) => row.map((q, k) => q - A[j].reduce((acc, a, r) => acc + a * M[k][r], 0)));
  if (!isPositiveSemiDefinite(S, 1e-10)) {
    throw new ConfigError([
      {
        path: "init",
        value: { Q, M },
        expected: "Q − M T⁻¹ Mᵀ positive semi-definite for this teacher (Ω must be a Gram matrix)",
      },
    ]);
  }
  // U: Gaussian rows, teacher directions projected out, then Gram–Schmidt among themselves (norm √N).
  const U = new Float64Array(p * N);
  rng.fillNormal(U);
  const teacherGramInv = inverse(T.map((row) => row.map((t) => t * N)));
  for (let j = 0; j < p; j++) {
    const c = new Float64Array(pStar);
    for (let r = 0; r < pStar; r++) c[r] = dotRows(U, j, teacher, r, N);
    for (let r = 0; r < pStar; r++) {
      let coef = 0;
      for (let s = 0; s < pStar; s++) coef += teacherGramInv[r][s] * c[s];
      for (let x = 0; x < N; x++) U[j * N + x] -= coef * teacher[r * N + x];
    }
    for (let k = 0; k < j; k++) {
      const coef = dotRows(U, j, U, k, N) / N;
      for (let x = 0; x < N; x++) U[j * N + x] -= coef * U[k * N + x];
    }
    const norm = Math.sqrt(dotRows(U, j, U, j, N) / N);
    for (let x = 0; x < N; x++) U[j * N + x] /= norm;
  }
  const root = sqrtm(S);
  const W = new Float64Array(p * N);
  for (let j = 0; j < p; j++) {
    for (let r = 0; r < pStar; r++) {
      const a = A[j][r];
      for (let x = 0; x < N; x++) W[j * N + x] += a * teacher[r * N + x];
    }
    for (let k = 0; k < p; k++) {
      const s = root[j][k];
      if (s === 0) continue;
      for (let x = 0; x < N; x++) W[j * N + x] += s * U[k * N + x];
    }
  }
  return W;
}
