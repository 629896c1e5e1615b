// Finite-N simulation against the order-parameter ODE (src/ode), both started from the same exact overlaps.
import { erf, quadratic } from "@pupil/plugin-activations";
import { createRng } from "@pupil/tensors";
import { describe, expect, it } from "vitest";
import type { CommitteeSpec } from "../common/index.js";
import { OdeIntegrator } from "../ode/index.js";
import { initialOverlaps } from "./simulate.js";
import { OnlineSimulator } from "./simulator.js";
import { makeSpec } from "./test-helpers.js";

const alphas = [0.5, 1, 2, 4];

/** eg(sim) − eg(ODE) at each α for one seed, from a macroscopic start (M of order 0.3). */
function gaps(
  N: number,
  seed: number,
  make: (N: number) => CommitteeSpec = (n) => makeSpec(quadratic, { N: n, p: 2, pStar: 2, lr: 0.3 }),
): { gap: number[]; eg0: number; egEnd: number } {
  const spec = make(N);
  const { p, pStar } = spec;
  const rng = createRng(`start-${seed}`);
  const Wt = rng.fillNormal(new Float64Array(pStar * N));
  const W0 = rng.fillNormal(new Float64Array(p * N));
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < N; i++) W0[j * N + i] = 0.8 * W0[j * N + i] + 0.5 * Wt[(j % pStar) * N + i];
  }
  const teacher = { layers: [{ rows: pStar, cols: N, data: Wt }] };
  const sim = new OnlineSimulator(spec, { seed, teacher, init: W0 });
  const ode = new OdeIntegrator({
    spec,
    init: initialOverlaps(spec, { seed, teacher, init: W0 }),
    integrator: { method: "rk45", rtol: 1e-9, atol: 1e-12 },
  });
  const eg0 = ode.snapshot().loss.gen!;
  const gap = alphas.map((alpha) => {
    sim.step(Math.round(alpha * N) - sim.steps);
    ode.advanceTo(alpha);
    return sim.snapshot().loss.gen! - ode.snapshot().loss.gen!;
  });
  return { gap, eg0, egEnd: ode.snapshot().loss.gen! };
}

describe("simulation tracks the ODE (macroscopic start)", () => {
  const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
  it("N = 400: the mean gap over seeds is within 5 standard errors of 0 at every α, and the loss really moves", () => {
    const runs = seeds.map((s) => gaps(400, s));
    for (const r of runs) expect(r.egEnd).toBeLessThan(0.7 * r.eg0);
    alphas.forEach((_, i) => {
      const d = runs.map((r) => r.gap[i]);
      const mean = d.reduce((x, y) => x + y, 0) / d.length;
      const sd = Math.sqrt(d.reduce((x, y) => x + (y - mean) ** 2, 0) / (d.length - 1));
      expect(Math.abs(mean)).toBeLessThan(5 * (sd / Math.sqrt(d.length)));
    });
  });

  it("the root-mean-square gap shrinks from N = 200 to N = 800", () => {
    const rms = (N: number) => {
      const d = seeds.flatMap((s) => gaps(N, s).gap);
      return Math.sqrt(d.reduce((x, y) => x + y * y, 0) / d.length);
    };
    const small = rms(200);
    const large = rms(800);
    // fluctuations scale like N^-½: expect about a factor 2
    expect(large).toBeLessThan(small / 1.4);
  });

  it("erf with label noise, minibatch 2, weight decay, a trained second layer and η·p scaling: same conventions", () => {
    const make = (N: number) =>
      makeSpec(erf, {
        N,
        p: 3,
        pStar: 2,
        lr: 0.4,
        lrScaling: "eta*p",
        labelNoise: 0.3,
        batch: 2,
        weightDecay: 0.2,
        secondLayerLr: 3,
      });
    const runs = seeds.map((s) => gaps(400, s, make));
    for (const r of runs) expect(r.egEnd).toBeLessThan(0.8 * r.eg0);
    alphas.forEach((_, i) => {
      const d = runs.map((r) => r.gap[i]);
      const mean = d.reduce((x, y) => x + y, 0) / d.length;
      const sd = Math.sqrt(d.reduce((x, y) => x + (y - mean) ** 2, 0) / (d.length - 1));
      expect(Math.abs(mean)).toBeLessThan(5 * (sd / Math.sqrt(d.length)));
    });
  });
});
