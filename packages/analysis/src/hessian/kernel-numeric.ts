// A pair kernel for activations without closed-form derivatives: K(C_aa, C_bb, C_ab) = I2 from the
// activation's integrals (its declared closed form, or Gauss–Hermite quadrature), differentiated by central
// differences in the three covariance entries. 19 kernel values a pair instead of finite differences of the
// whole loss over p·r coordinates. Every stencil point must be a positive definite 2×2 covariance; where one
// is not (a student aligned with a teacher or another student), `pair` reports it and the caller falls back.
import type { ActivationPlugin } from "@pupil/plugin";
import { resolveIntegrals } from "@pupil/plugin";
import type { KernelDerivatives, PairKernel } from "./kernel.js";

export interface NumericPairKernel extends PairKernel {
  /** False when some covariance met since the last reset was too close to singular for the stencil. */
  ok: boolean;
}

/** Relative step of the central differences: truncation ~h², rounding ~ε/h² of the kernel's scale. */
const STEP = 1e-4;

export function numericPairKernel(activation: ActivationPlugin): NumericPairKernel {
  const I2 = resolveIntegrals(activation).I2;
  const C2 = new Float64Array(4);
  const cov2 = { n: 2, data: C2 };
  const C1 = new Float64Array(1);
  const cov1 = { n: 1, data: C1 };
  const value = (x: number, y: number, z: number): number => {
    C2[0] = x;
    C2[1] = z;
    C2[2] = z;
    C2[3] = y;
    return I2(cov2, 0, 1);
  };
  const self = (x: number): number => {
    C1[0] = x;
    return I2(cov1, 0, 0);
  };
  const kernel: NumericPairKernel = {
    name: "numeric",
    ok: true,
    value,
    pair(x, y, z, out: KernelDerivatives) {
      const h = STEP * Math.max(x, y);
      // The farthest stencil point (x − h)(y − h) − (|z| + h)² must stay > 0 with room to spare.
      if (!(x - h > 0 && y - h > 0 && (x - h) * (y - h) - (Math.abs(z) + h) ** 2 > 10 * h * (x + y))) {
        kernel.ok = false;
        out.value = Number.NaN;
        return;
      }
      const f0 = value(x, y, z);
      const f = (dx: number, dy: number, dz: number) => value(x + dx * h, y + dy * h, z + dz * h);
      const xp = f(1, 0, 0);
      const xm = f(-1, 0, 0);
      const yp = f(0, 1, 0);
      const ym = f(0, -1, 0);
      const zp = f(0, 0, 1);
      const zm = f(0, 0, -1);
      const mixed = (a: [number, number, number], b: [number, number, number]) => {
        const pp = f(a[0] + b[0], a[1] + b[1], a[2] + b[2]);
        const pm = f(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
        const mp = f(-a[0] + b[0], -a[1] + b[1], -a[2] + b[2]);
        const mm = f(-a[0] - b[0], -a[1] - b[1], -a[2] - b[2]);
        return (pp - pm - mp + mm) / (4 * h * h);
      };
      out.value = f0;
      out.g1 = (xp - xm) / (2 * h);
      out.g2 = (yp - ym) / (2 * h);
      out.g3 = (zp - zm) / (2 * h);
      out.h11 = (xp - 2 * f0 + xm) / (h * h);
      out.h22 = (yp - 2 * f0 + ym) / (h * h);
      out.h33 = (zp - 2 * f0 + zm) / (h * h);
      out.h12 = mixed([1, 0, 0], [0, 1, 0]);
      out.h13 = mixed([1, 0, 0], [0, 0, 1]);
      out.h23 = mixed([0, 1, 0], [0, 0, 1]);
    },
    diagonal(x) {
      const h = STEP * x;
      if (!(x - h > 0)) {
        kernel.ok = false;
        return [Number.NaN, Number.NaN, Number.NaN];
      }
      const f0 = self(x);
      const fp = self(x + h);
      const fm = self(x - h);
      return [f0, (fp - fm) / (2 * h), (fp - 2 * f0 + fm) / (h * h)];
    },
  };
  return kernel;
}
