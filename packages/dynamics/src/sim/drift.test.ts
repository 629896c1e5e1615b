// The simulator's mean one-step change against the drift of docs/math.md §2 (quadratic network), computed here from
// the Isserlis identities at the current overlaps: N·E[ΔM] → dM/dα and N·E[ΔQ] → dQ/dα as N → ∞.
import { quadratic } from "@pupil/plugin-activations";
import { createRng } from "@pupil/tensors";
import { describe, expect, it } from "vitest";
import { buildOmega, overlapsOf } from "../common/index.js";
import { OnlineSimulator } from "./simulator.js";
import { makeSpec } from "./test-helpers.js";

function matmul(n: number, A: Float64Array, B: Float64Array): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) out[i * n + j] += A[i * n + k] * B[k * n + j];
  return out;
}

/** dM/dα and dQ/dα of docs/math.md §2 at Ω, with C = diag(a, −b). */
function quadraticDrift(
  p: number,
  pStar: number,
  a: Float64Array,
  b: Float64Array,
  omega: Float64Array,
  eta: number,
) {
  const n = p + pStar;
  const C = new Float64Array(n * n);
  for (let j = 0; j < p; j++) C[j * n + j] = a[j];
  for (let r = 0; r < pStar; r++) C[(p + r) * n + p + r] = -b[r];
  const CO = matmul(n, C, omega);
  const OCO = matmul(n, omega, CO);
  const OCOCO = matmul(n, OCO, CO);
  let tr = 0;
  let tr2 = 0;
  for (let i = 0; i < n; i++) tr += CO[i * n + i];
  const COCO = matmul(n, CO, CO);
  for (let i = 0; i < n; i++) tr2 += COCO[i * n + i];
  const Ed2 = tr * tr + 2 * tr2;
  const Edzz = (i: number, j: number) => tr * omega[i * n + j] + 2 * OCO[i * n + j];
  const Ed2zz = (i: number, j: number) =>
    Ed2 * omega[i * n + j] + 4 * tr * OCO[i * n + j] + 8 * OCOCO[i * n + j];
  const dM: number[][] = [];
  const dQ: number[][] = [];
  for (let j = 0; j < p; j++) {
    dM.push([]);
    dQ.push([]);
    for (let r = 0; r < pStar; r++) dM[j].push(-2 * eta * a[j] * Edzz(j, p + r));
    for (let k = 0; k < p; k++) {
      dQ[j].push(-2 * eta * (a[j] + a[k]) * Edzz(j, k) + 4 * eta * eta * a[j] * a[k] * Ed2zz(j, k));
    }
  }
  return { dM, dQ };
}

describe("mean one-step change = the docs/math.md §2 drift (quadratic)", () => {
  it("N·E[ΔM] and N·E[ΔQ] over many independent one-step samples agree within 5 standard errors", () => {
    const N = 200;
    const p = 3;
    const pStar = 2;
    const eta = 0.5;
    const spec = makeSpec(quadratic, { N, p, pStar, lr: eta });
    // A macroscopic start: student rows mix the teacher directions (M of order 0.3) with fresh noise.
    const rng = createRng("drift-start");
    const Wt = rng.fillNormal(new Float64Array(pStar * N));
    const W0 = rng.fillNormal(new Float64Array(p * N));
    for (let j = 0; j < p; j++)
      for (let i = 0; i < N; i++) W0[j * N + i] = 0.9 * W0[j * N + i] + 0.4 * Wt[(j % pStar) * N + i];
    const teacher = { layers: [{ rows: pStar, cols: N, data: Wt }] };
    const start = overlapsOf(W0, Wt, N, p, pStar);
    const drift = quadraticDrift(p, pStar, spec.a, spec.b, buildOmega(start).data, eta);

    const samples = 5000;
    const sumM = new Float64Array(p * pStar);
    const sumM2 = new Float64Array(p * pStar);
    const sumQ = new Float64Array(p * p);
    const sumQ2 = new Float64Array(p * p);
    for (let s = 0; s < samples; s++) {
      const sim = new OnlineSimulator(spec, { seed: s, teacher, init: W0, kernel: "js" });
      sim.step(1);
      // measured from the new weights, not from the simulator's incremental bookkeeping
      const after = overlapsOf(sim.weights.student[0].data, Wt, N, p, pStar);
      for (let j = 0; j < p; j++) {
        for (let r = 0; r < pStar; r++) {
          const v = N * (after.M[j][r] - start.M[j][r]);
          sumM[j * pStar + r] += v;
          sumM2[j * pStar + r] += v * v;
        }
        for (let k = 0; k < p; k++) {
          const v = N * (after.Q[j][k] - start.Q[j][k]);
          sumQ[j * p + k] += v;
          sumQ2[j * p + k] += v * v;
        }
      }
    }
    const check = (sum: Float64Array, sum2: Float64Array, idx: number, expected: number) => {
      const mean = sum[idx] / samples;
      const se = Math.sqrt((sum2[idx] / samples - mean * mean) / samples);
      // |x|²/N ≠ 1 and the finite-N correlations bias the η² term by O(1/N), far below 5 SE here
      expect(Math.abs(mean - expected)).toBeLessThan(5 * se);
      return Math.abs(expected) / se;
    };
    let signal = 0;
    for (let j = 0; j < p; j++) {
      for (let r = 0; r < pStar; r++)
        signal = Math.max(signal, check(sumM, sumM2, j * pStar + r, drift.dM[j][r]));
      for (let k = 0; k < p; k++) signal = Math.max(signal, check(sumQ, sumQ2, j * p + k, drift.dQ[j][k]));
    }
    // the drift is resolved: some entries are many standard errors away from zero
    expect(signal).toBeGreaterThan(6);
  });
});
