// Test-only: a CommitteeSpec with defaults (overridden field by field).
import type { ActivationPlugin } from "@pupil/plugin";
import type { CommitteeSpec } from "./spec.js";

export function makeSpec(
  activation: ActivationPlugin,
  overrides: Partial<CommitteeSpec> = {},
): CommitteeSpec {
  const p = overrides.p ?? 2;
  const pStar = overrides.pStar ?? 2;
  return {
    N: 1000,
    p,
    pStar,
    activation,
    teacherActivation: activation,
    a: new Float64Array(p).fill(1 / p),
    b: new Float64Array(pStar).fill(1 / pStar),
    lr: 0.5,
    lrScaling: "eta",
    labelNoise: 0,
    weightDecay: 0,
    batch: 1,
    noiseTerm: true,
    ...overrides,
  };
}
