// The default tolerances make eg accurate to 1e-6 relative at every recorded α, also where eg is tiny, and the
// error estimate (companion solve) says how accurate: both checked against a reference solve at tolerances
// 10^3–10^4 × tighter.
import { erf, quadratic } from "@pupil/plugin-activations";
import { createRng } from "@pupil/tensors";
import { describe, expect, it } from "vitest";
import type { CommitteeSpec, Overlaps } from "../common/index.js";
import { makeSpec } from "../common/spec.test-util.js";
import { integrateOde } from "./integrate.js";
import { OdeIntegrator } from "./integrator.js";
import { recordSchedule } from "./schedule.js";
import type { IntegratorOptions } from "./steppers.js";

const eye = (n: number, q = 1) =>
  Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? q : 0)));

function start(p: number, pStar: number, q: number, scale: number, seed: number): Overlaps {
  const rng = createRng(seed);
  return {
    Q: eye(p, q),
    M: Array.from({ length: p }, () => Array.from({ length: pStar }, () => scale * rng.normal())),
    T: eye(pStar),
  };
}

interface Case {
  spec: CommitteeSpec;
  init: Overlaps;
  alphaMax: number;
}

const erfCase: Case = {
  spec: makeSpec(erf, { a: new Float64Array(2).fill(1), b: new Float64Array(2).fill(1), lr: 0.5 }),
  init: start(2, 2, 0.2, 1e-2, 2),
  alphaMax: 500,
};
const quadraticCase: Case = {
  spec: makeSpec(quadratic, { p: 8, pStar: 2, a: new Float64Array(8).fill(1 / 8), lr: 0.5 }),
  init: start(8, 2, 1, 0.05, 1),
  alphaMax: 100,
};

function egAlong(c: Case, integrator: IntegratorOptions, errorEstimate?: boolean) {
  const ode = new OdeIntegrator({ spec: c.spec, init: c.init, integrator, errorEstimate });
  const eg: number[] = [];
  for (const alpha of recordSchedule(c.alphaMax, { perDecade: 20, from: 0.1 })) {
    ode.advanceTo(alpha);
    eg.push(ode.snapshot().loss.gen as number);
  }
  return { eg, ode };
}

const maxRelError = (eg: number[], ref: number[]) => Math.max(...eg.map((e, i) => Math.abs(e / ref[i] - 1)));

describe("ODE accuracy by default", () => {
  for (const [name, c] of [
    ["erf K = M = 2, η = 0.5, to α = 500", erfCase],
    ["quadratic p = 8, p* = 2, to α = 100", quadraticCase],
  ] as const) {
    it(`${name}: eg within 1e-6 relative at every recorded α, and the estimate says so`, () => {
      const ref = egAlong(c, { method: "rk45", rtol: 1e-14, atol: 1e-18 }, false).eg;
      const { eg, ode } = egAlong(c, { method: "rk45" });
      const actual = maxRelError(eg, ref);
      expect(actual).toBeLessThan(1e-6);
      const accuracy = ode.accuracy()!;
      expect(accuracy.egRelErrorMax).toBeLessThan(1e-6);
      // the estimate tracks the actual error within 2× (beyond a 3e-8 floor: eg ≈ 1e-9 at the end of the erf
      // run is a difference of O(1) terms, so it carries ~1e-8 relative rounding whatever the solve)
      expect(accuracy.egRelErrorMax).toBeGreaterThan(actual / 2 - 3e-8);
      expect(accuracy.egRelErrorMax).toBeLessThan(2 * actual + 3e-8);
    });
  }

  it("eg really is tiny at the end of the erf run (the hard case), and the old defaults miss it by far", () => {
    const { eg } = egAlong(erfCase, { method: "rk45" }, false);
    expect(eg.at(-1)).toBeLessThan(1e-8);
    const ref = egAlong(erfCase, { method: "rk45", rtol: 1e-14, atol: 1e-18 }, false).eg;
    const old = egAlong(erfCase, { method: "rk45", rtol: 1e-8, atol: 1e-10 }, false).eg;
    expect(maxRelError(old, ref)).toBeGreaterThan(1e-3);
  });

  it("Euler's estimate (companion at dt/4, Richardson-scaled) matches its actual error within 20%", () => {
    const c = { ...quadraticCase, alphaMax: 20 };
    const ref = egAlong(c, { method: "rk45", rtol: 1e-13, atol: 1e-16 }, false).eg;
    const { eg, ode } = egAlong(c, { method: "euler", dt: 0.01 }, true);
    const actualEnd = Math.abs(eg.at(-1)! / ref.at(-1)! - 1);
    const accuracy = ode.accuracy()!;
    expect(Math.abs(accuracy.egRelError / actualEnd - 1)).toBeLessThan(0.2);
    expect(accuracy.egRelErrorMax).toBeGreaterThanOrEqual(accuracy.egRelError);
    expect(
      new OdeIntegrator({ spec: c.spec, init: c.init, integrator: { method: "euler", dt: 0.01 } }).accuracy(),
    ).toBe(undefined);
  });

  it("resumes the companion bit-identically, and integrateOde returns the accuracy", async () => {
    const straight = new OdeIntegrator({
      spec: erfCase.spec,
      init: erfCase.init,
      integrator: { method: "rk45" },
    });
    straight.advanceTo(20);
    straight.snapshot();
    straight.advanceTo(60);
    straight.snapshot();
    const first = new OdeIntegrator({
      spec: erfCase.spec,
      init: erfCase.init,
      integrator: { method: "rk45" },
    });
    first.advanceTo(20);
    first.snapshot();
    const resumed = OdeIntegrator.fromState(erfCase.spec, JSON.parse(JSON.stringify(first.getState())));
    resumed.advanceTo(60);
    resumed.snapshot();
    expect(Array.from(resumed.stateVector())).toEqual(Array.from(straight.stateVector()));
    expect(resumed.accuracy()).toEqual(straight.accuracy());

    const run = integrateOde({
      ...erfCase,
      alphaMax: 60,
      integrator: { method: "rk45" },
      record: { perDecade: 5 },
    });
    let next = await run.next();
    while (!next.done) next = await run.next();
    expect(next.value?.egRelErrorMax).toBeGreaterThan(0);
    expect(next.value?.egRelErrorMax).toBeLessThan(1e-6);
  });
});
