// acme/square: g(z) = z², written from scratch by an outside author. It declares the capability
// `family: "quadratic"`, so hosts give it the dedicated closed-form ODE route, exactly as the built-in.
import { type Covariance, defineActivation } from "@pupil/plugin";

const c = (C: Covariance, i: number, j: number) => C.data[i * C.n + j];

/** Isserlis' theorem: Gaussian moments of z² and its derivative 2z. */
export const square = defineActivation({
  id: "acme/square",
  title: "Square",
  doc: "g(z) = z². Declares the quadratic family; closed-form integrals by Isserlis' theorem.",
  f: (z: number) => z * z,
  df: (z: number) => 2 * z,
  tf: (tf, x) => tf.mul(x, x),
  parity: "even",
  family: "quadratic",
  integrals: {
    I2: (C, a, b) => c(C, a, a) * c(C, b, b) + 2 * c(C, a, b) ** 2,
    J2: (C, a, b) => 4 * c(C, a, b),
    I3: (C, i, b, k) => 2 * (c(C, i, b) * c(C, k, k) + 2 * c(C, i, k) * c(C, b, k)),
    I4: (C, i, k, a, b) =>
      4 *
      (c(C, i, k) * (c(C, a, a) * c(C, b, b) + 2 * c(C, a, b) ** 2) +
        2 * c(C, i, a) * (c(C, k, a) * c(C, b, b) + 2 * c(C, k, b) * c(C, a, b)) +
        2 * c(C, i, b) * (c(C, k, b) * c(C, a, a) + 2 * c(C, k, a) * c(C, a, b))),
  },
});
