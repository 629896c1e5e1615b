// Polynomial activations: every Gaussian integral is a Gaussian moment (Isserlis' theorem).

import type { Covariance } from "@pupil/plugin";
import { defineActivation } from "@pupil/plugin";
import { cov } from "./gaussian.js";

/** g(z) = z: the linear network. I2 = C_ab, J2 = 1, I3 = C_bc, I4 = C_ab. */
export const linear = defineActivation({
  id: "linear",
  title: "Linear",
  doc: "g(z) = z. All four Gaussian integrals in closed form.",
  f: (z: number) => z,
  df: () => 1,
  tf: (tf, x) => tf.clone(x),
  parity: "odd",
  integrals: {
    I2: (C: Covariance, a: number, b: number) => cov(C, a, b),
    J2: () => 1,
    I3: (C: Covariance, _i: number, b: number, c: number) => cov(C, b, c),
    I4: (C: Covariance, _i: number, _k: number, a: number, b: number) => cov(C, a, b),
  },
});

/**
 * g(z) = z², g'(z) = 2z (the Bocchi et al. quadratic network). Isserlis, summing over pairings:
 *   I2 = E[u_a² u_b²] = C_aa C_bb + 2 C_ab²,   J2 = E[4 u_a u_b] = 4 C_ab,
 *   I3 = E[2 u_i u_b u_c²] = 2 (C_ib C_cc + 2 C_ic C_bc),
 *   I4 = E[4 u_i u_k u_a² u_b²] = 4 [C_ik (C_aa C_bb + 2 C_ab²) + 2 C_ia (C_ka C_bb + 2 C_kb C_ab)
 *                                    + 2 C_ib (C_kb C_aa + 2 C_ka C_ab)]   (the 15 pairings: u_i with u_k,
 *   with either u_a, or with either u_b, then the 4th moment of the rest).
 */
export const quadratic = defineActivation({
  id: "quadratic",
  title: "Quadratic",
  doc: "g(z) = z². All four Gaussian integrals in closed form (Gaussian moments).",
  f: (z: number) => z * z,
  df: (z: number) => 2 * z,
  tf: (tf, x) => tf.square(x),
  parity: "even",
  family: "quadratic",
  integrals: {
    I2(C: Covariance, a: number, b: number) {
      const cab = cov(C, a, b);
      return cov(C, a, a) * cov(C, b, b) + 2 * cab * cab;
    },
    J2: (C: Covariance, a: number, b: number) => 4 * cov(C, a, b),
    I3: (C: Covariance, i: number, b: number, c: number) =>
      2 * (cov(C, i, b) * cov(C, c, c) + 2 * cov(C, i, c) * cov(C, b, c)),
    I4(C: Covariance, i: number, k: number, a: number, b: number) {
      const caa = cov(C, a, a);
      const cbb = cov(C, b, b);
      const cab = cov(C, a, b);
      const cka = cov(C, k, a);
      const ckb = cov(C, k, b);
      return (
        4 *
        (cov(C, i, k) * (caa * cbb + 2 * cab * cab) +
          2 * cov(C, i, a) * (cka * cbb + 2 * ckb * cab) +
          2 * cov(C, i, b) * (ckb * caa + 2 * cka * cab))
      );
    },
  },
});
