// The 4-D Gaussian orthant probability (no closed form exists) by a smooth 1-D integral.

const PI2 = Math.PI * Math.PI;

/** The six pairs (k,l) of four coordinates in the order of `orthant4`'s argument, and the other two (m,n). */
const PAIRS: readonly (readonly [number, number, number, number])[] = [
  [0, 1, 2, 3],
  [0, 2, 1, 3],
  [0, 3, 1, 2],
  [1, 2, 0, 3],
  [1, 3, 0, 2],
  [2, 3, 0, 1],
];
/** The correlation matrix R and a factor F (R = F Fᵀ, both 4×4 row-major). */
const R4 = new Float64Array(16);
const F4 = new Float64Array(16);

/**
 * The 4-D orthant probability P(u > 0), u ~ N(0, R), from the six correlations [ρ01, ρ02, ρ03, ρ12, ρ13, ρ23]
 * of a PSD correlation matrix (singular allowed, ρ = ±1 too). Along R(t) = (1 − t) I + t R, Plackett's identity
 * ∂P/∂ρ_kl = φ₂(0,0; ρ_kl) · P(u_m > 0, u_n > 0 | u_k = u_l = 0), with the 2-D orthant 1/4 + asin(ρ_mn|kl)/2π,
 * integrates to
 *   P = 1/16 + Σ_kl asin(ρ_kl)/8π + Σ_kl (ρ_kl/4π²) ∫₀¹ asin(ρ_mn|kl(t)) / √(1 − t²ρ_kl²) dt,
 * ρ_mn|kl(t) the partial correlation under R(t), which is positive definite for t < 1. The substitution
 * t = 1 − s² makes the integrand smooth at t = 1 even when R is singular; adaptive Gauss–Kronrod does the rest.
 */
export function orthant4(rho: ArrayLike<number>): number {
  R4.fill(0);
  for (let a = 0; a < 4; a++) R4[a * 4 + a] = 1;
  let closed = 1 / 16;
  PAIRS.forEach(([k, l], p) => {
    R4[k * 4 + l] = rho[p];
    R4[l * 4 + k] = rho[p];
    closed += Math.asin(rho[p]) / (8 * Math.PI);
  });
  factor(R4, F4);
  return closed + adaptiveKronrod(partialTerm, 0, 1, 1e-11) / (4 * PI2);
}

/**
 * F with F Fᵀ = A for a PSD 4×4 A: Cholesky with diagonal pivoting, pivots that rounding made ≤ 0 set to 0
 * (the remaining Schur complement is then rounding noise).
 */
function factor(A: Float64Array, F: Float64Array): void {
  const S = Float64Array.from(A);
  F.fill(0);
  const done = [false, false, false, false];
  for (let col = 0; col < 4; col++) {
    let p = -1;
    for (let j = 0; j < 4; j++) if (!done[j] && (p < 0 || S[j * 4 + j] > S[p * 4 + p])) p = j;
    const pivot = S[p * 4 + p];
    if (!(pivot > 8 * Number.EPSILON)) return;
    done[p] = true;
    const root = Math.sqrt(pivot);
    for (let j = 0; j < 4; j++) F[j * 4 + col] = done[j] && j !== p ? 0 : S[j * 4 + p] / root;
    for (let x = 0; x < 4; x++) {
      for (let y = 0; y < 4; y++) S[x * 4 + y] -= F[x * 4 + col] * F[y * 4 + col];
    }
  }
}

/**
 * Rows g_j = (√(1−t) e_j, √t F_j) of a factor of R(t) = G Gᵀ; conditioning on u_k = u_l = 0 is projecting
 * out span(g_k, g_l), and doing it on the vectors (Gram–Schmidt) rather than on R(t) (a Schur complement) keeps
 * the partial correlations accurate where they come from nearly cancelling terms (R singular, t near 1).
 */
const G = new Float64Array(32);
const q1 = new Float64Array(8);
const q2 = new Float64Array(8);
const rm = new Float64Array(8);
const rn = new Float64Array(8);

function dot8(x: Float64Array, xo: number, y: Float64Array, yo: number): number {
  let s = 0;
  for (let j = 0; j < 8; j++) s += x[xo + j] * y[yo + j];
  return s;
}

/** out = g − Σ (g·q) q over q1 (and q2 when given), twice (Gram–Schmidt with reorthogonalisation). */
function residual(j: number, out: Float64Array, withQ2: boolean): void {
  for (let c = 0; c < 8; c++) out[c] = G[j * 8 + c];
  for (let pass = 0; pass < 2; pass++) {
    const a = dot8(out, 0, q1, 0);
    for (let c = 0; c < 8; c++) out[c] -= a * q1[c];
    if (withQ2) {
      const b = dot8(out, 0, q2, 0);
      for (let c = 0; c < 8; c++) out[c] -= b * q2[c];
    }
  }
}

function normalise(x: Float64Array): number {
  const norm = Math.sqrt(dot8(x, 0, x, 0));
  for (let c = 0; c < 8; c++) x[c] /= norm;
  return norm;
}

/** The integrand in s: 2s Σ_kl ρ_kl asin(ρ_mn|kl(t)) / √(1 − t²ρ_kl²), t = 1 − s². */
function partialTerm(s: number): number {
  const u = s * s; // 1 − t, exactly as small as it is
  const t = 1 - u;
  const ru = Math.sqrt(u);
  const rt = Math.sqrt(t);
  G.fill(0);
  for (let j = 0; j < 4; j++) {
    G[j * 8 + j] = ru;
    for (let c = 0; c < 4; c++) G[j * 8 + 4 + c] = rt * F4[j * 4 + c];
  }
  let sum = 0;
  for (const [k, l, m, n] of PAIRS) {
    const R = R4[k * 4 + l];
    if (R === 0) continue;
    const absR = Math.abs(R);
    // 1 − t²ρ² as (1 − t|ρ|)(1 + t|ρ|), 1 − t|ρ| = (1 − |ρ|) + u|ρ| without cancellation.
    const oneMinus = 1 - absR + u * absR;
    const det = oneMinus * (2 - oneMinus);
    for (let c = 0; c < 8; c++) q1[c] = G[k * 8 + c];
    normalise(q1);
    residual(l, q2, false);
    normalise(q2);
    residual(m, rm, true);
    residual(n, rn, true);
    const scale = Math.sqrt(dot8(rm, 0, rm, 0) * dot8(rn, 0, rn, 0));
    let partial = scale > 0 ? dot8(rm, 0, rn, 0) / scale : 0;
    partial = Math.min(1, Math.max(-1, partial));
    sum += (R * Math.asin(partial)) / Math.sqrt(det);
  }
  return 2 * s * sum;
}

// Gauss–Kronrod 7–15 (QUADPACK qk15): Kronrod nodes from the end inwards, the odd ones are the Gauss nodes.
const XK = [
  0.9914553711208126, 0.9491079123427585, 0.8648644233597691, 0.7415311855993945, 0.5860872354676911,
  0.4058451513773972, 0.20778495500789848, 0,
];
const WK = [
  0.022935322010529224, 0.06309209262997856, 0.10479001032225019, 0.14065325971552592, 0.1690047266392679,
  0.19035057806478542, 0.20443294007529889, 0.20948214108472782,
];
const WG = [0.1294849661688697, 0.27970539148927664, 0.3818300505051189, 0.4179591836734694];

/** Gauss–Kronrod 15 on [a, b]: the integral and |K15 − G7|, its (pessimistic) error estimate. */
function kronrod15(f: (x: number) => number, a: number, b: number, out: Float64Array, at: number): void {
  const half = (b - a) / 2;
  const mid = a + half;
  const fc = f(mid);
  let kronrod = WK[7] * fc;
  let gauss = WG[3] * fc;
  for (let j = 0; j < 7; j++) {
    const pair = f(mid - half * XK[j]) + f(mid + half * XK[j]);
    kronrod += WK[j] * pair;
    if (j % 2 === 1) gauss += WG[(j - 1) / 2] * pair;
  }
  out[at] = a;
  out[at + 1] = b;
  out[at + 2] = kronrod * half;
  out[at + 3] = Math.abs(kronrod - gauss) * half;
}

const MAX_PIECES = 400;
/** Intervals of the adaptive rule: [lo, hi, integral, error] each. */
const pieces = new Float64Array(4 * MAX_PIECES);

/**
 * ∫_lo^hi f, globally adaptive Gauss–Kronrod 15 (QUADPACK's qag strategy): bisect the piece with the largest
 * error estimate until the estimates sum to ≤ tol. A global (not per-length) criterion lets rounding noise in
 * tiny pieces near a singular endpoint stay where it is harmless.
 */
export function adaptiveKronrod(f: (x: number) => number, lo: number, hi: number, tol: number): number {
  kronrod15(f, lo, hi, pieces, 0);
  let count = 1;
  for (;;) {
    let total = 0;
    let error = 0;
    let worst = 0;
    for (let p = 0; p < count; p++) {
      total += pieces[4 * p + 2];
      error += pieces[4 * p + 3];
      if (pieces[4 * p + 3] > pieces[4 * worst + 3]) worst = p;
    }
    if (error <= tol || count === MAX_PIECES) return total;
    const a = pieces[4 * worst];
    const b = pieces[4 * worst + 1];
    const mid = (a + b) / 2;
    kronrod15(f, a, mid, pieces, 4 * worst);
    kronrod15(f, mid, b, pieces, 4 * count);
    count++;
  }
}
