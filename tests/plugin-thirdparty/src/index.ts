// @acme/pupil-plugin-extra: activations written the way any outside author would, against the public
// @pupil/plugin contract only. swish and softplus give no closed-form integrals, so hosts integrate them
// numerically; acme/square declares the quadratic family and gets the closed-form route.

import type { PluginPack } from "@pupil/plugin";
import { defineActivation } from "@pupil/plugin";
import { version } from "../package.json";
import { square } from "./square.js";

export { square };

/** σ(z) = 1/(1 + e^{-z}) without overflow. */
function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** swish(z) = z σ(z); swish'(z) = σ(z)(1 + z(1 − σ(z))). */
export const swish = defineActivation({
  id: "acme/swish",
  title: "Swish",
  doc: "g(z) = z·sigmoid(z) (Ramachandran et al.). No closed-form integrals.",
  f: (z: number) => z * sigmoid(z),
  df(z: number) {
    const s = sigmoid(z);
    return s * (1 + z * (1 - s));
  },
  tf: (tf, x) => tf.tidy(() => tf.mul(x, tf.sigmoid(x))),
  parity: "none",
});

/** softplus(z) = ln(1 + e^z) = max(z, 0) + ln(1 + e^{-|z|}); softplus' = σ. */
export const softplus = defineActivation({
  id: "acme/softplus",
  title: "Softplus",
  doc: "g(z) = ln(1 + e^z). No closed-form integrals.",
  f: (z: number) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))),
  df: sigmoid,
  tf: (tf, x) => tf.softplus(x),
  parity: "none",
});

const pack: PluginPack = {
  meta: { name: "@acme/pupil-plugin-extra", version },
  plugins: [swish, softplus, square],
  // A pack may ship named configs; hosts list them with the pack's name (`pupil presets`).
  presets: [
    {
      name: "acme-square-escape",
      title: "acme/square p=4, p*=2: the quadratic plateau and escape with a third-party activation (ODE)",
      config: {
        name: "acme-square-escape",
        kind: "ode",
        seed: 1,
        lr: 0.2,
        alphaMax: 50,
        model: { activation: "acme/square", p: 4, pStar: 2 },
      },
    },
  ],
};
export default pack;
