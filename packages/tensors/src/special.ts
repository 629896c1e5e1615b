// Error function to full double precision (JavaScript has no Math.erf), loop-free: W. J. Cody's rational
// Chebyshev approximations (Math. Comp. 23, 1969; the CALERF routine of SPECFUN), with the coefficients of
// CALERF evaluated in Horner form:
//   |x| ≤ 0.46875:      erf x = x·R₁(x²)
//   0.46875 < |x| ≤ 4:  erfc x = e^{-x²}·R₂(|x|)
//   |x| > 4:            erfc x = (e^{-x²}/|x|)·(1/√π + R₃(1/x²)/x²)
// erfc's e^{-x²} is formed as e^{-s²}·e^{-(x-s)(x+s)} with s = x rounded down to 1/16, so that x² is never
// rounded (it would cost up to x²·2^-53 relative error in the tail); erf needs only one exponential.

const A0 = 3.1611237438705655;
const A1 = 113.86415415105016;
const A2 = 377.485237685302;
const A3 = 3209.3775891384694;
const A4 = 0.18577770618460315;
const B0 = 23.601290952344122;
const B1 = 244.02463793444417;
const B2 = 1282.6165260773723;
const B3 = 2844.236833439171;

const C0 = 0.5641884969886701;
const C1 = 8.883149794388377;
const C2 = 66.11919063714163;
const C3 = 298.6351381974001;
const C4 = 881.952221241769;
const C5 = 1712.0476126340707;
const C6 = 2051.0783778260716;
const C7 = 1230.3393547979972;
const C8 = 2.1531153547440383e-8;
const D0 = 15.744926110709835;
const D1 = 117.6939508913125;
const D2 = 537.1811018620099;
const D3 = 1621.3895745666903;
const D4 = 3290.7992357334597;
const D5 = 4362.619090143247;
const D6 = 3439.3676741437216;
const D7 = 1230.3393548037495;

const P0 = 0.30532663496123236;
const P1 = 0.36034489994980445;
const P2 = 0.12578172611122926;
const P3 = 0.016083785148742275;
const P4 = 0.0006587491615298378;
const P5 = 0.016315387137302097;
const Q0 = 2.568520192289822;
const Q1 = 1.8729528499234673;
const Q2 = 0.5279051029514285;
const Q3 = 0.06051834131244132;
const Q4 = 0.0023352049762686918;

const INV_SQRT_PI = 0.5641895835477563; // 1/√π
const SMALL = 0.46875;
/** Beyond this erfc underflows to 0 (erfc(26.55) < 2^-1074). */
const ERFC_ZERO = 26.543;
/** Beyond this erf rounds to ±1 (erfc(6) ≈ 2e-17, below half an ulp of 1). */
const ERF_ONE = 6;

/** erf x / x for |x| ≤ 0.46875 (y = x²). */
function smallRatio(y: number): number {
  const num = (((A4 * y + A0) * y + A1) * y + A2) * y + A3;
  const den = (((y + B0) * y + B1) * y + B2) * y + B3;
  return num / den;
}

/** erfc(y)·e^{y²} for 0.46875 < y ≤ 4. */
function midRatio(y: number): number {
  const num = (((((((C8 * y + C0) * y + C1) * y + C2) * y + C3) * y + C4) * y + C5) * y + C6) * y + C7;
  const den = (((((((y + D0) * y + D1) * y + D2) * y + D3) * y + D4) * y + D5) * y + D6) * y + D7;
  return num / den;
}

/** erfc(y)·y·e^{y²} for y > 4. */
function tailRatio(y: number): number {
  const z = 1 / (y * y);
  const num = ((((P5 * z + P0) * z + P1) * z + P2) * z + P3) * z + P4;
  const den = ((((z + Q0) * z + Q1) * z + Q2) * z + Q3) * z + Q4;
  return INV_SQRT_PI - (z * num) / den;
}

/** e^{-y²} without rounding y² (y ≥ 0). */
function expMinusSquare(y: number): number {
  const s = Math.trunc(y * 16) / 16;
  return Math.exp(-s * s) * Math.exp(-(y - s) * (y + s));
}

/** erfc(y) for y > 0.46875. */
function erfcPositive(y: number): number {
  if (y >= ERFC_ZERO) return 0;
  if (y <= 4) return expMinusSquare(y) * midRatio(y);
  return (expMinusSquare(y) * tailRatio(y)) / y;
}

/** erf(x) = (2/√π) ∫₀ˣ e^{-t²} dt, to about an ulp. */
export function erf(x: number): number {
  const y = Math.abs(x);
  if (y <= SMALL) return x * smallRatio(x * x);
  if (y >= ERF_ONE) return x > 0 ? 1 : x < 0 ? -1 : x; // NaN stays NaN (no comparison holds)
  // erfc < 0.51 here, and a rounded y² perturbs it by y²·2^-53 relative, under an ulp of erf: one exponential.
  const tail = y <= 4 ? Math.exp(-y * y) * midRatio(y) : (Math.exp(-y * y) * tailRatio(y)) / y;
  const value = 0.5 - tail + 0.5;
  return x < 0 ? -value : value;
}

/** erfc(x) = 1 − erf(x), accurate in relative terms in the upper tail. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const y = Math.abs(x);
  if (y <= SMALL) return 1 - x * smallRatio(x * x);
  const upper = erfcPositive(y);
  return x > 0 ? upper : 2 - upper;
}

/** Standard normal CDF Φ(x). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}
