// Scalar special functions the activations need and Math lacks.

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const ONE_OVER_SQRT_PI = 1 / Math.sqrt(Math.PI);
/** Below this |x| the power series is used, above it the continued fraction for erfc. */
const SERIES_LIMIT = 2.5;

/**
 * The error function, to a few ulp. For |x| < 2.5 the positive-term series
 * erf x = (2/√π) e^{-x²} Σ_n 2ⁿ x^{2n+1} / (2n+1)!!  (no cancellation), otherwise 1 − erfc x with
 * erfc x = e^{-x²} / (√π (x + ½/(x + 1/(x + (3/2)/(x + …)))))  (Abramowitz–Stegun 7.1.14, modified Lentz).
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const ax = Math.abs(x);
  // erfc(6) ≈ 2e-17 is below half an ulp of 1.
  const value = ax >= 6 ? 1 : ax < SERIES_LIMIT ? erfSeries(ax) : 1 - erfcContinuedFraction(ax);
  return x < 0 ? -value : value;
}

function erfSeries(x: number): number {
  const twoX2 = 2 * x * x;
  let term = x;
  let sum = x;
  for (let n = 0; term > sum * 1e-17; n++) {
    term *= twoX2 / (2 * n + 3);
    sum += term;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x * x) * sum;
}

/** erfc for x ≥ 2.5: the continued fraction f = x + a₁/(x + a₂/(x + …)), a_n = n/2, by modified Lentz. */
function erfcContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = f;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    if (d === 0) d = tiny;
    c = x + a / c;
    if (c === 0) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (ONE_OVER_SQRT_PI * Math.exp(-x * x)) / f;
}

/** The logistic function 1/(1 + e^{-z}), without overflow for large |z|. */
export function logistic(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}
