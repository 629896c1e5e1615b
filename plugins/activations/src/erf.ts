// g(z) = erf(z/√2), the Saad–Solla soft committee machine, with all integrals of MATH.md §3.

import type { Covariance } from "@pupil/plugin";
import { defineActivation } from "@pupil/plugin";
import { cov } from "./gaussian.js";
import { erf as erfScalar } from "./special.js";

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const TWO_OVER_PI = 2 / Math.PI;
const FOUR_OVER_PI2 = 4 / (Math.PI * Math.PI);

/** asin clamped to its domain against rounding (a singular C can put the argument at ±1 + ε). */
function asin(x: number): number {
  return Math.asin(Math.min(1, Math.max(-1, x)));
}

/** I2(a,b) = (2/π) asin(C_ab / √((1+C_aa)(1+C_bb))). */
function I2(C: Covariance, a: number, b: number): number {
  return TWO_OVER_PI * asin(cov(C, a, b) / Math.sqrt((1 + cov(C, a, a)) * (1 + cov(C, b, b))));
}

/** J2(a,b) = (2/π) / √((1+C_aa)(1+C_bb) − C_ab²). */
function J2(C: Covariance, a: number, b: number): number {
  const cab = cov(C, a, b);
  return TWO_OVER_PI / Math.sqrt((1 + cov(C, a, a)) * (1 + cov(C, b, b)) - cab * cab);
}

/** I3(i,b,c) = (2/π)(1/√Λ3)(C_bc(1+C_ii) − C_ib C_ic)/(1+C_ii), Λ3 = (1+C_ii)(1+C_cc) − C_ic². */
function I3(C: Covariance, i: number, b: number, c: number): number {
  const onePlusCii = 1 + cov(C, i, i);
  const cic = cov(C, i, c);
  const lambda3 = onePlusCii * (1 + cov(C, c, c)) - cic * cic;
  return (TWO_OVER_PI * (cov(C, b, c) * onePlusCii - cov(C, i, b) * cic)) / (Math.sqrt(lambda3) * onePlusCii);
}

/** I4(i,k,a,b) = (4/π²)(1/√Λ4) asin(Λ0/√(Λ1 Λ2)), the Λ's of MATH.md §3. */
function I4(C: Covariance, i: number, k: number, a: number, b: number): number {
  const onePlusCii = 1 + cov(C, i, i);
  const onePlusCkk = 1 + cov(C, k, k);
  const cik = cov(C, i, k);
  const cia = cov(C, i, a);
  const cib = cov(C, i, b);
  const cka = cov(C, k, a);
  const ckb = cov(C, k, b);
  const lambda4 = onePlusCii * onePlusCkk - cik * cik;
  const lambda0 =
    lambda4 * cov(C, a, b) -
    cka * ckb * onePlusCii -
    cia * cib * onePlusCkk +
    cik * cia * ckb +
    cik * cib * cka;
  const lambda1 =
    lambda4 * (1 + cov(C, a, a)) - cka * cka * onePlusCii - cia * cia * onePlusCkk + 2 * cik * cia * cka;
  const lambda2 =
    lambda4 * (1 + cov(C, b, b)) - ckb * ckb * onePlusCii - cib * cib * onePlusCkk + 2 * cik * cib * ckb;
  return (FOUR_OVER_PI2 * asin(lambda0 / Math.sqrt(lambda1 * lambda2))) / Math.sqrt(lambda4);
}

/** g(z) = erf(z/√2), g'(z) = √(2/π) e^{-z²/2}. All four Gaussian integrals in closed form. */
export const erf = defineActivation({
  id: "erf",
  title: "erf(z/√2)",
  doc: "g(z) = erf(z/√2), the soft committee machine of Saad & Solla. All four Gaussian integrals in closed form.",
  f: (z: number) => erfScalar(z * Math.SQRT1_2),
  df: (z: number) => SQRT_2_OVER_PI * Math.exp(-0.5 * z * z),
  tf: (tf, x) => tf.tidy(() => tf.erf(tf.mul(x, Math.SQRT1_2))),
  parity: "odd",
  family: "erf",
  integrals: { I2, J2, I3, I4 },
});
