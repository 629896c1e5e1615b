// The population (generalisation) error eg of a committee machine from its overlaps.
import { isQuadratic } from "./activations.js";
import { CommitteeIntegrals } from "./integrals.js";
import { buildOmega, type Overlaps } from "./overlaps.js";
import type { CommitteeSpec } from "./spec.js";

export type LossSpec = Pick<CommitteeSpec, "activation" | "teacherActivation" | "a" | "b">;

/**
 * eg = ½ E[(ŷ − y)²] over x ~ N(0, I) against the NOISE-FREE teacher (docs/math.md §1). With label noise σ the
 * expected loss on noisy labels is eg + σ²/2; pupil reports eg without that constant.
 * The student second layer is overlaps.v when present (trained), spec.a otherwise.
 * - both activations quadratic: eg = ½[(Tr CΩ)² + 2 Tr(CΩCΩ)], C = diag(a, −b) (docs/math.md §2);
 * - otherwise: eg = ½ cᵀ I2 c, c = (−a, b), I2 over (λ, ν) ~ N(0, Ω) (closed forms or quadrature).
 * Pass `integrals` (a CommitteeIntegrals for the same activations) to reuse it across calls.
 */
export function populationLoss(spec: LossSpec, overlaps: Overlaps, integrals?: CommitteeIntegrals): number {
  const p = overlaps.Q.length;
  const pStar = overlaps.T.length;
  const a = overlaps.v ?? spec.a;
  const b = spec.b;
  if (a.length !== p) throw new Error(`spec.a: expected ${p} student second-layer weights, got ${a.length}`);
  if (b.length !== pStar)
    throw new Error(`spec.b: expected ${pStar} teacher second-layer weights, got ${b.length}`);
  const omega = buildOmega(overlaps);
  const n = omega.n;
  const c = new Float64Array(n);
  for (let j = 0; j < p; j++) c[j] = a[j];
  for (let r = 0; r < pStar; r++) c[p + r] = -b[r];
  if (isQuadratic(spec.activation) && isQuadratic(spec.teacherActivation)) {
    // c here is the diagonal of C = diag(a, −b): d = ŷ − y = zᵀCz.
    return quadraticLoss(n, c, omega.data);
  }
  const I = integrals ?? new CommitteeIntegrals(spec.activation, spec.teacherActivation, p, pStar);
  let eg = 0;
  for (let x = 0; x < n; x++) {
    eg += 0.5 * c[x] * c[x] * I.I2(omega, x, x);
    for (let y = x + 1; y < n; y++) eg += c[x] * c[y] * I.I2(omega, x, y);
  }
  return eg;
}

/** ½[(Tr CΩ)² + 2 Tr(CΩCΩ)] for diagonal C = diag(c) and Ω n×n row-major. */
export function quadraticLoss(n: number, c: ArrayLike<number>, omega: ArrayLike<number>): number {
  let tr = 0;
  let tr2 = 0;
  for (let x = 0; x < n; x++) {
    tr += c[x] * omega[x * n + x];
    for (let y = 0; y < n; y++) {
      const o = omega[x * n + y];
      tr2 += c[x] * c[y] * o * o;
    }
  }
  return 0.5 * (tr * tr + 2 * tr2);
}
