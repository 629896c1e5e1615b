// Fixtures shared by the simulator's tests (not part of the package's API).
import type { ActivationPlugin, TeacherWeights } from "@pupil/plugin";
import { createRng } from "@pupil/tensors";
import type { CommitteeSpec } from "../common/index.js";
import { makeSpec as committeeSpec } from "../common/spec.test-util.js";

/** The shared spec fixture (common/spec.test-util.ts) at the simulator tests' default rate η = 0.1. */
export function makeSpec(
  activation: ActivationPlugin,
  over: Partial<CommitteeSpec> & { N: number; p: number; pStar: number },
): CommitteeSpec {
  return committeeSpec(activation, { lr: 0.1, ...over });
}

/** A Gaussian teacher p*×N from its own seed (independent of the simulator's streams). */
export function gaussianTeacher(pStar: number, N: number, seed = 12345): TeacherWeights {
  const data = createRng(seed).fillNormal(new Float64Array(pStar * N));
  return { layers: [{ rows: pStar, cols: N, data }] };
}

export function maxAbsDiff(A: number[][], B: number[][]): number {
  let m = 0;
  for (let i = 0; i < A.length; i++)
    for (let j = 0; j < A[i].length; j++) m = Math.max(m, Math.abs(A[i][j] - B[i][j]));
  return m;
}
