import { integrateOde } from "@pupil/dynamics";
import type { Snapshot } from "@pupil/plugin";
import { quadratic } from "@pupil/plugin-activations";
import { describe, expect, it } from "vitest";
import { smallStart, spec } from "../plateau/test-spec.test-util.js";
import { conservedAlong, implicitBias, polarOf } from "./conserved.js";

async function run(
  s: ReturnType<typeof spec>,
  init: Parameters<typeof integrateOde>[0]["init"],
  alphaMax: number,
) {
  const snaps: Snapshot[] = [];
  for await (const x of integrateOde({
    spec: s,
    init,
    alphaMax,
    integrator: { method: "rk45", rtol: 1e-10, atol: 1e-12 },
    record: { perDecade: 20, from: 0.1 },
  })) {
    snaps.push(x);
  }
  return snaps;
}

describe("conserved quantities of the quadratic ODE (docs/math.md §2)", () => {
  it("Π(M) is conserved by the full SGD ODE (η² term on) with T ∝ I and Q0 = qI; not with a generic Q0", async () => {
    const p = 3;
    const pStar = 2;
    // η = 0.1: with a = 1/p the η² term blows Q up beyond η ≈ 0.2 (dQ/dα ∝ −8η + 48η² for p = 1 at Q = 1).
    const s = spec(quadratic, p, pStar, { noiseTerm: true, lr: 0.1 });
    const init = smallStart(p, pStar, 0.8, 0.3, 5);
    init.T = [
      [2, 0],
      [0, 2],
    ];
    const snaps = await run(s, init, 1500);
    const series = conservedAlong(snaps);
    expect(series.maxPolarDrift).toBeLessThan(1e-8);
    expect(Math.max(...series.commutator)).toBeLessThan(1e-8);
    // The run really moved: M changed by O(1).
    const M0 = snaps[0].overlaps?.M.flat() ?? [];
    const M1 = snaps[snaps.length - 1].overlaps?.M.flat() ?? [];
    expect(Math.hypot(...M0.map((m, i) => m - M1[i]))).toBeGreaterThan(0.3);

    // Control: Q0 that does not commute with M0 M0ᵀ breaks it.
    const skew = {
      ...init,
      Q: [
        [0.8, 0.3, 0],
        [0.3, 1.1, 0.1],
        [0, 0.1, 0.6],
      ],
    };
    const broken = conservedAlong(await run(s, skew, 1500));
    expect(broken.maxPolarDrift).toBeGreaterThan(1e-3);
  });

  // Up to α = 10 (eg ~ 0.03): later Q − MMᵀ → 0 at the solution and its inverse amplifies rounding.
  it("exp(−8ηabα)·Mᵀ(Q − MMᵀ)⁻¹M is conserved by gradient flow for any Q0 (T = I)", async () => {
    const p = 3;
    const pStar = 2;
    const eta = 0.5;
    const init = smallStart(p, pStar, 1, 0.2, 9);
    init.Q = [
      [1.2, 0.3, -0.1],
      [0.3, 0.9, 0.2],
      [-0.1, 0.2, 1.4],
    ];
    const options = { eta, a: 1 / p, b: 1 / pStar };
    const flowRun = await run(spec(quadratic, p, pStar, { lr: eta }), init, 10);
    expect(flowRun[flowRun.length - 1].loss.gen).toBeLessThan(0.05 * (flowRun[0].loss.gen ?? 0));
    const flow = conservedAlong(flowRun, options);
    expect(flow.maxInvariantDrift).toBeLessThan(1e-8);
    // Control: the η² term breaks it.
    const sgd = conservedAlong(await run(spec(quadratic, p, pStar, { lr: 0.1, noiseTerm: true }), init, 10), {
      ...options,
      eta: 0.1,
    });
    expect(sgd.maxInvariantDrift).toBeGreaterThan(1e-4);
  });

  it("the run ends at √(p/p*)·Π(M0), the zero-loss point closest to the start (implicit bias)", async () => {
    for (const [p, pStar] of [
      [2, 2],
      [3, 3],
    ]) {
      const init = smallStart(p, pStar, 0.7, 0.3, p);
      const snaps = await run(spec(quadratic, p, pStar, { noiseTerm: true, lr: 0.1 }), init, 3000);
      const last = snaps[snaps.length - 1];
      expect(last.loss.gen).toBeLessThan(1e-14);
      const bias = implicitBias(init.M, last.overlaps?.M ?? []);
      expect(bias.relativeDistance).toBeLessThan(1e-6);
      const pi = polarOf(init.M);
      expect(bias.predicted[0][0]).toBeCloseTo(Math.sqrt(p / pStar) * pi[0][0], 14);
    }
  });

  it("over-parameterised (p > p*): the extra directions decay only algebraically, and M still closes in on the prediction", async () => {
    const init = smallStart(2, 1, 0.7, 0.3, 2);
    const snaps = await run(spec(quadratic, 2, 1, { noiseTerm: true, lr: 0.1 }), init, 5000);
    const at = (alpha: number) => snaps.find((s) => Math.abs(s.t - alpha) < 1e-9 * alpha) as Snapshot;
    const early = implicitBias(init.M, at(1000).overlaps?.M ?? []).relativeDistance;
    const late = implicitBias(init.M, at(5000).overlaps?.M ?? []).relativeDistance;
    expect(late).toBeLessThan(early / 3);
    expect(late).toBeLessThan(1e-3);
  });
});
