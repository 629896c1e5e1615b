// Smooth activations with no closed-form Gaussian integrals: hosts integrate them numerically.
import { defineActivation } from "@pupil/plugin";
import { logistic } from "./special.js";

/** g(z) = tanh z, g' = 1 − tanh² z. No closed forms. */
export const tanh = defineActivation({
  id: "tanh",
  title: "tanh",
  doc: "g(z) = tanh(z). No closed-form integrals: numerical Gaussian quadrature.",
  f: (z: number) => Math.tanh(z),
  df(z: number) {
    const t = Math.tanh(z);
    return 1 - t * t;
  },
  tf: (tf, x) => tf.tanh(x),
  parity: "odd",
});

/** g(z) = 1/(1 + e^{-z}), g' = g(1 − g). No closed forms. */
export const sigmoid = defineActivation({
  id: "sigmoid",
  title: "Sigmoid",
  doc: "g(z) = 1/(1 + e^{-z}). No closed-form integrals: numerical Gaussian quadrature.",
  f: logistic,
  df(z: number) {
    const s = logistic(z);
    return s * (1 - s);
  },
  tf: (tf, x) => tf.sigmoid(x),
  parity: "none",
});
