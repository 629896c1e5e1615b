// The erf ODE against finite-N online SGD (src/sim), both started from the simulator's exact overlaps.
import { erf } from "@pupil/plugin-activations";
import { createRng } from "@pupil/tensors";
import { describe, expect, it } from "vitest";
import { makeSpec } from "../common/spec.test-util.js";
import { initialOverlaps, OnlineSimulator } from "../sim/index.js";
import { OdeIntegrator } from "./integrator.js";

const alphas = [0.25, 0.5, 1, 2, 4];

/** max over α of |eg(sim) − eg(ODE)| for one seed, from a macroscopic start (M0 ≈ 0.25·T). */
function maxGap(N: number, seed: number): { gap: number; eg0: number; egEnd: number } {
  const p = 2;
  const pStar = 2;
  const spec = makeSpec(erf, {
    N,
    p,
    pStar,
    a: Float64Array.from([1, 1]),
    b: Float64Array.from([1, 1]),
    lr: 0.5,
  });
  const rng = createRng(`erf-start-${seed}`);
  const Wt = rng.fillNormal(new Float64Array(pStar * N));
  const W0 = rng.fillNormal(new Float64Array(p * N));
  for (let i = 0; i < p * N; i++) W0[i] = 0.5 * W0[i] + 0.25 * Wt[i];
  const teacher = { layers: [{ rows: pStar, cols: N, data: Wt }] };
  const sim = new OnlineSimulator(spec, { seed, teacher, init: W0 });
  const ode = new OdeIntegrator({
    spec,
    init: initialOverlaps(spec, { seed, teacher, init: W0 }),
    integrator: { method: "rk45", rtol: 1e-9, atol: 1e-12 },
  });
  const eg0 = ode.loss();
  let gap = 0;
  for (const alpha of alphas) {
    sim.step(Math.round(alpha * N) - sim.steps);
    ode.advanceTo(alpha);
    gap = Math.max(gap, Math.abs((sim.snapshot().loss.gen as number) - ode.loss()));
  }
  return { gap, eg0, egEnd: ode.loss() };
}

describe("erf ODE vs simulation (K = M = 2, η = 0.5, macroscopic start)", () => {
  it("the max |Δeg| over α shrinks as N grows from 500 to 2000", () => {
    const seeds = Array.from({ length: 12 }, (_, i) => i + 1);
    const mean = (N: number) => {
      const runs = seeds.map((s) => maxGap(N, s));
      for (const r of runs) expect(r.egEnd).toBeLessThan(0.3 * r.eg0);
      return runs.reduce((x, r) => x + r.gap, 0) / runs.length;
    };
    const small = mean(500);
    const large = mean(2000);
    // Fluctuations scale like N^-½: a factor ≈ 2 is expected; ask for 1.4.
    expect(large).toBeLessThan(small / 1.4);
  });
});
