// Test-only: committee specs and overlaps for the analysis tests.

import type { CommitteeSpec, Overlaps } from "@pupil/dynamics";
import type { ActivationPlugin } from "@pupil/plugin";
import { createRng } from "@pupil/tensors";

export function spec(
  activation: ActivationPlugin,
  p: number,
  pStar: number,
  overrides: Partial<CommitteeSpec> = {},
): CommitteeSpec {
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
    noiseTerm: false,
    ...overrides,
  };
}

export const eye = (n: number, q = 1): number[][] =>
  Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? q : 0)));

/** Q = qI, T = I, M with i.i.d. N(0, scale²) entries. */
export function smallStart(p: number, pStar: number, q: number, scale: number, seed: number): Overlaps {
  const rng = createRng(seed);
  const M = Array.from({ length: p }, () => Array.from({ length: pStar }, () => scale * rng.normal()));
  return { Q: eye(p, q), M, T: eye(pStar) };
}
