// ReLU and leaky ReLU. relu'(0) = 0 and leaky'(0) = slope, as in tfjs's gradients.

import type { ActivationPlugin, Covariance, ParamSpec } from "@pupil/plugin";
import { defineActivation } from "@pupil/plugin";
import { cov, reluI3, reluPair, stepMean, stepPair } from "./gaussian.js";
import { leakyI4 } from "./truncated.js";

/**
 * g(z) = max(0, z). Closed forms for I2 (arc-cosine kernel), J2 and I3; I4 = E[u_a u_b 1{u_i, u_k, u_a, u_b > 0}]
 * is a truncated second moment, reduced to orthant probabilities by Stein's lemma (truncated.ts).
 */
export const relu = defineActivation({
  id: "relu",
  title: "ReLU",
  doc: "g(z) = max(0, z). Closed-form I2 (arc-cosine kernel), J2, I3; I4 via orthant moments (Stein's lemma).",
  f: (z: number) => Math.max(z, 0),
  df: (z: number) => (z > 0 ? 1 : 0),
  tf: (tf, x) => tf.relu(x),
  parity: "none",
  integrals: {
    I2: (C: Covariance, a: number, b: number) => reluPair(cov(C, a, a), cov(C, b, b), cov(C, a, b)),
    J2: (C: Covariance, a: number, b: number) => stepPair(cov(C, a, a), cov(C, b, b), cov(C, a, b)),
    I3: reluI3,
    I4: (C: Covariance, i: number, k: number, a: number, b: number) => leakyI4(C, i, k, a, b, 0),
  },
});

const DEFAULT_SLOPE = 0.01;

const leakyParams: Readonly<Record<string, ParamSpec>> = {
  // 0 is relu, 1 the identity, -1 is |z|; the closed forms hold for any slope.
  slope: { type: "number", default: DEFAULT_SLOPE, min: -1, max: 1, doc: "g(z) = slope·z for z < 0" },
};

/**
 * g(z) = z for z > 0, s·z otherwise, i.e. g = s·z + (1 − s)·relu(z) and g' = s + (1 − s)θ(z).
 * Expanding the products and using Stein's lemma (E[u_a relu(u_b)] = C_ab E[θ(u_b)],
 * E[θ(u_i) u_b u_c] = C_bc E[θ(u_i)] since E[δ(u_i) u_c] = 0) reduces every integral to the ReLU ones:
 *   I2 = s² C_ab + s(1−s) C_ab (h_a + h_b) + (1−s)² I2_relu
 *   J2 = s² + s(1−s)(h_a + h_b) + (1−s)² J2_relu
 *   I3 = s² C_bc + s(1−s) C_bc (h_c + h_i) + (1−s)² I3_relu,   h_a = E[θ(u_a)] = ½ (0 if u_a ≡ 0).
 * I4 expands the same way into orthant moments E[u_a u_b θ(u_j)…] (leakyI4 in truncated.ts).
 */
function makeLeakyRelu(slope: number): ActivationPlugin {
  const s = slope;
  const t = 1 - s;
  const plugin = defineActivation({
    id: "leaky-relu",
    title: "Leaky ReLU",
    doc: "g(z) = z for z > 0, slope·z otherwise (slope default 0.01). Closed-form I2, J2, I3, I4 (reduced to relu's).",
    f: (z: number) => (z > 0 ? z : s * z),
    df: (z: number) => (z > 0 ? 1 : s),
    tf: (tf, x) => tf.leakyRelu(x, s),
    parity: s === 1 ? "odd" : s === -1 ? "even" : "none",
    params: leakyParams,
    values: { slope: s },
    configure: (values: Record<string, number>) => makeLeakyRelu(readSlope(values, s)),
    integrals: {
      I2(C: Covariance, a: number, b: number) {
        const caa = cov(C, a, a);
        const cbb = cov(C, b, b);
        const cab = cov(C, a, b);
        return s * s * cab + s * t * cab * (stepMean(caa) + stepMean(cbb)) + t * t * reluPair(caa, cbb, cab);
      },
      J2(C: Covariance, a: number, b: number) {
        const caa = cov(C, a, a);
        const cbb = cov(C, b, b);
        return s * s + s * t * (stepMean(caa) + stepMean(cbb)) + t * t * stepPair(caa, cbb, cov(C, a, b));
      },
      I3(C: Covariance, i: number, b: number, c: number) {
        const cbc = cov(C, b, c);
        const halves = stepMean(cov(C, c, c)) + stepMean(cov(C, i, i));
        return s * s * cbc + s * t * cbc * halves + t * t * reluI3(C, i, b, c);
      },
      I4: (C: Covariance, i: number, k: number, a: number, b: number) => leakyI4(C, i, k, a, b, s),
    },
  });
  return plugin;
}

function readSlope(values: Record<string, number>, current: number): number {
  if (values === null || typeof values !== "object") {
    throw new Error(`leaky-relu: configure(values) expects an object like { slope: 0.1 }, got ${values}`);
  }
  for (const key of Object.keys(values)) {
    if (!(key in leakyParams)) {
      throw new Error(`leaky-relu: unknown parameter '${key}'; known parameters: slope`);
    }
  }
  if (!("slope" in values)) return current;
  const slope = values.slope;
  const { min, max } = leakyParams.slope;
  if (typeof slope !== "number" || !(slope >= min! && slope <= max!)) {
    throw new Error(
      `leaky-relu: parameter 'slope' must be a number in [${min}, ${max}], got ${String(slope)}`,
    );
  }
  return slope;
}

/** Leaky ReLU with the default slope 0.01; `leakyRelu.configure({ slope })` gives other slopes. */
export const leakyRelu = makeLeakyRelu(DEFAULT_SLOPE);
