// Error function to full double precision (JavaScript has no Math.erf).
// |x| < 2: the all-positive series erf(x) = (2/√π) e^{-x²} Σ_n 2^n x^{2n+1} / (2n+1)!!  (no cancellation);
// x ≥ 2: the continued fraction erfc(x) = e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))).

const INV_SQRT_PI = 0.5641895835477563; // 1/√π
const SERIES_LIMIT = 2;

function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return 2 * INV_SQRT_PI * Math.exp(-x2) * sum;
}

/** erfc(x) for x ≥ 2 by backward evaluation of the Laplace continued fraction (converged to eps at x = 2). */
function erfcContinuedFraction(x: number): number {
  let t = x;
  for (let n = 120; n >= 1; n--) t = x + n / 2 / t;
  return (INV_SQRT_PI * Math.exp(-x * x)) / t;
}

/** erf(x) = (2/√π) ∫₀ˣ e^{-t²} dt. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const ax = Math.abs(x);
  const value = ax < SERIES_LIMIT ? erfSeries(ax) : 1 - erfcContinuedFraction(ax);
  return x < 0 ? -value : value;
}

/** erfc(x) = 1 − erf(x), accurate in relative terms in the upper tail. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x >= SERIES_LIMIT) return erfcContinuedFraction(x);
  if (x > -SERIES_LIMIT) return 1 - erf(x);
  return 2 - erfcContinuedFraction(-x);
}

/** Standard normal CDF Φ(x). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}
