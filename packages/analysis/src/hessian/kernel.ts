// Pair kernels K(C_aa, C_bb, C_ab) = I2(a,b) = E[g(u_a) g(u_b)] with their first and second derivatives in
// closed form. eg = ½ Σ_ab c_a c_b I2(a,b) is a sum of such kernels, so the Hessian of the population loss
// follows from them by the chain rule (see kernel-hessian.ts). An activation gets one when the I2 it
// DECLARES (plugin.integrals.I2) is one of the kernels below, checked on probe covariances.
import type { ActivationPlugin } from "@pupil/plugin";

/** Value, gradient and Hessian of a kernel in (x, y, z) = (C_aa, C_bb, C_ab). */
export interface KernelDerivatives {
  value: number;
  /** ∂/∂C_aa, ∂/∂C_bb, ∂/∂C_ab */
  g1: number;
  g2: number;
  g3: number;
  /** second derivatives in the same variables */
  h11: number;
  h22: number;
  h33: number;
  h12: number;
  h13: number;
  h23: number;
}

export interface PairKernel {
  readonly name: string;
  /** I2(a,b), a ≠ b, as a function of (C_aa, C_bb, C_ab); fills `out`. */
  pair(caa: number, cbb: number, cab: number, out: KernelDerivatives): void;
  /** I2(a,a) as a function of C_aa: [value, first, second derivative]. */
  diagonal(caa: number): [number, number, number];
  /** The kernel's value alone (to recognise a declared I2). */
  value(caa: number, cbb: number, cab: number): number;
}

const TWO_OVER_PI = 2 / Math.PI;

/** g(z) = erf(z/√2): I2 = (2/π) asin(C_ab / √((1+C_aa)(1+C_bb))). */
export const arcsineKernel: PairKernel = {
  name: "arcsine",
  value(caa, cbb, cab) {
    return TWO_OVER_PI * Math.asin(cab / Math.sqrt((1 + caa) * (1 + cbb)));
  },
  pair(caa, cbb, cab, out) {
    const A = 1 + caa;
    const B = 1 + cbb;
    const r = 1 / Math.sqrt(A * B);
    const s = cab * r;
    const one = 1 - s * s;
    const f1 = 1 / Math.sqrt(one); // d asin/ds
    const f2 = s * f1 * f1 * f1; // d² asin/ds²
    // s and its derivatives in (x, y, z) = (C_aa, C_bb, C_ab).
    const sx = -s / (2 * A);
    const sy = -s / (2 * B);
    const sz = r;
    const sxx = (3 * s) / (4 * A * A);
    const syy = (3 * s) / (4 * B * B);
    const sxy = s / (4 * A * B);
    const sxz = -r / (2 * A);
    const syz = -r / (2 * B);
    out.value = TWO_OVER_PI * Math.asin(s);
    out.g1 = TWO_OVER_PI * f1 * sx;
    out.g2 = TWO_OVER_PI * f1 * sy;
    out.g3 = TWO_OVER_PI * f1 * sz;
    out.h11 = TWO_OVER_PI * (f2 * sx * sx + f1 * sxx);
    out.h22 = TWO_OVER_PI * (f2 * sy * sy + f1 * syy);
    out.h33 = TWO_OVER_PI * f2 * sz * sz;
    out.h12 = TWO_OVER_PI * (f2 * sx * sy + f1 * sxy);
    out.h13 = TWO_OVER_PI * (f2 * sx * sz + f1 * sxz);
    out.h23 = TWO_OVER_PI * (f2 * sy * sz + f1 * syz);
  },
  diagonal(c) {
    const A = 1 + c;
    const s = c / A;
    const s1 = 1 / (A * A);
    const s2 = -2 / (A * A * A);
    const f1 = 1 / Math.sqrt(1 - s * s);
    const f2 = s * f1 * f1 * f1;
    return [TWO_OVER_PI * Math.asin(s), TWO_OVER_PI * f1 * s1, TWO_OVER_PI * (f2 * s1 * s1 + f1 * s2)];
  },
};

/** g(z) = z²: I2 = E[u_a² u_b²] = C_aa C_bb + 2 C_ab² (Isserlis). */
export const squareKernel: PairKernel = {
  name: "square",
  value(caa, cbb, cab) {
    return caa * cbb + 2 * cab * cab;
  },
  pair(caa, cbb, cab, out) {
    out.value = caa * cbb + 2 * cab * cab;
    out.g1 = cbb;
    out.g2 = caa;
    out.g3 = 4 * cab;
    out.h11 = 0;
    out.h22 = 0;
    out.h33 = 4;
    out.h12 = 1;
    out.h13 = 0;
    out.h23 = 0;
  },
  diagonal(c) {
    return [3 * c * c, 6 * c, 6];
  },
};

/** g(z) = z: I2 = C_ab. */
export const linearKernel: PairKernel = {
  name: "linear",
  value(_caa, _cbb, cab) {
    return cab;
  },
  pair(_caa, _cbb, cab, out) {
    out.value = cab;
    out.g1 = 0;
    out.g2 = 0;
    out.g3 = 1;
    out.h11 = 0;
    out.h22 = 0;
    out.h33 = 0;
    out.h12 = 0;
    out.h13 = 0;
    out.h23 = 0;
  },
  diagonal(c) {
    return [c, 1, 0];
  },
};

export const PAIR_KERNELS: readonly PairKernel[] = [arcsineKernel, squareKernel, linearKernel];

/** Probe covariance (3×3, positive definite, unequal variances and correlations of both signs). */
const PROBE = { n: 3, data: [0.7, 0.3, -0.45, 0.3, 1.9, 0.8, -0.45, 0.8, 1.2] };
const PROBE_PAIRS: [number, number][] = [
  [0, 1],
  [0, 2],
  [1, 2],
  [1, 1],
  [2, 2],
];

/**
 * The closed-form kernel whose values equal the I2 this activation declares (its plugin.integrals.I2) at the
 * probe covariances to 1e-12 relative, or undefined: no declared I2, or one this module has no derivatives
 * for. The plugin's id plays no part.
 */
export function declaredPairKernel(activation: ActivationPlugin): PairKernel | undefined {
  const I2 = activation.integrals?.I2;
  if (typeof I2 !== "function") return undefined;
  const d = PROBE.data;
  for (const kernel of PAIR_KERNELS) {
    let match = true;
    for (const [a, b] of PROBE_PAIRS) {
      let declared: number;
      try {
        declared = I2.call(activation.integrals, PROBE, a, b);
      } catch {
        return undefined;
      }
      const expected = kernel.value(d[a * 3 + a], d[b * 3 + b], d[a * 3 + b]);
      if (!(Math.abs(declared - expected) <= 1e-12 * Math.max(1, Math.abs(expected)))) {
        match = false;
        break;
      }
    }
    if (match) return kernel;
  }
  return undefined;
}
