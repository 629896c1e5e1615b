import { erf, quadratic } from "@pupil/plugin-activations";
import { describe, expect, it } from "vitest";
import { DivergenceError } from "../common/index.js";
import { makeSpec } from "../common/spec.test-util.js";
import { integrateOde } from "./integrate.js";
import { OdeIntegrator } from "./integrator.js";

const erfInit = {
  Q: [
    [0.5, 0.05],
    [0.05, 0.4],
  ],
  M: [
    [0.2, 0.1],
    [0.05, 0.3],
  ],
  T: [
    [1, 0],
    [0, 1],
  ],
};

describe("OdeIntegrator", () => {
  it("RK4 and Dormand–Prince agree on the erf ODE", () => {
    const spec = makeSpec(erf, { a: Float64Array.from([1, 1]), b: Float64Array.from([1, 1]) });
    const rk45 = new OdeIntegrator({
      spec,
      init: erfInit,
      integrator: { method: "rk45", rtol: 1e-10, atol: 1e-12 },
    });
    const rk4 = new OdeIntegrator({ spec, init: erfInit, integrator: { method: "rk4", dt: 0.05 } });
    rk45.advanceTo(40);
    rk4.advanceTo(40);
    const a = rk45.stateVector();
    const b = rk4.stateVector();
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-7);
    expect(Math.abs(rk45.loss() - rk4.loss())).toBeLessThan(1e-8);
  });

  it("resumes bit-identically from a JSON round trip of getState()", () => {
    const spec = makeSpec(erf, { secondLayerLr: 0.2, labelNoise: 0.1 });
    const init = { ...erfInit, v: [0.8, 1.1] };
    for (const integrator of [{ method: "rk45", rtol: 1e-8 } as const, { method: "rk4", dt: 0.1 } as const]) {
      const straight = new OdeIntegrator({ spec, init, integrator });
      straight.advanceTo(7.5);
      straight.advanceTo(30);
      const first = new OdeIntegrator({ spec, init, integrator });
      first.advanceTo(7.5);
      const resumed = OdeIntegrator.fromState(spec, JSON.parse(JSON.stringify(first.getState())));
      resumed.advanceTo(30);
      expect(Array.from(resumed.stateVector())).toEqual(Array.from(straight.stateVector()));
      expect(resumed.steps).toBe(straight.steps);
      expect(resumed.snapshot().loss.gen).toBe(straight.snapshot().loss.gen);
      const bad = { ...first.getState(), T: [1] };
      expect(() => OdeIntegrator.fromState(spec, bad)).toThrow(/state\.T/);
      expect(() =>
        OdeIntegrator.fromState({ ...spec, p: 3, a: new Float64Array(3) }, first.getState()),
      ).toThrow(/state/);
    }
  });

  it("stops a diverging run with a DivergenceError naming α", () => {
    const spec = makeSpec(quadratic, { p: 2, pStar: 1, lr: 8 });
    const init = {
      Q: [
        [1, 0],
        [0, 1],
      ],
      M: [[0.1], [0.0]],
      T: [[1]],
    };
    const ode = new OdeIntegrator({ spec, init, integrator: { method: "rk45" } });
    let error: unknown;
    try {
      ode.advanceTo(100);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DivergenceError);
    const d = error as DivergenceError;
    expect(d.alpha).toBeGreaterThan(0);
    expect(d.alpha).toBeLessThan(100);
    expect(d.message).toMatch(/diverged at α = /);
    expect(d.message).toMatch(/learning rate/);
  });

  it("rejects bad input naming the parameter", () => {
    const spec = makeSpec(erf);
    const integrator = { method: "rk45" } as const;
    expect(() => new OdeIntegrator({ spec, init: { ...erfInit, M: [[0.1, 0.2]] }, integrator })).toThrow(
      /init\.M/,
    );
    expect(
      () =>
        new OdeIntegrator({
          spec,
          init: {
            ...erfInit,
            Q: [
              [1, 2],
              [2, 1],
            ],
          },
          integrator,
        }),
    ).toThrow(/init: Ω/);
    expect(() => new OdeIntegrator({ spec: { ...spec, lr: -1 }, init: erfInit, integrator })).toThrow(
      /spec\.lr/,
    );
    expect(() => new OdeIntegrator({ spec, init: erfInit, integrator: { method: "rk4", dt: -1 } })).toThrow(
      /integrator\.dt/,
    );
    const ode = new OdeIntegrator({ spec, init: erfInit, integrator });
    ode.advanceTo(1);
    expect(() => ode.advanceTo(0.5)).toThrow(/alpha/);
  });
});

describe("integrateOde", () => {
  it("records at α = 0, at exactly the requested α values and log-spaced per decade", async () => {
    const spec = makeSpec(erf);
    const snaps = [];
    for await (const s of integrateOde({
      spec,
      init: erfInit,
      alphaMax: 10,
      integrator: { method: "rk45" },
      record: { perDecade: 2, from: 0.1, at: [0.37, 2.5] },
    })) {
      snaps.push(s);
    }
    expect(snaps.map((s) => s.t)).toEqual([0, 0.1, 10 ** -0.5, 0.37, 1, 2.5, 10 ** 0.5, 10]);
    for (const s of snaps) {
      expect(s.source).toBe("ode");
      expect(s.timeUnit).toBe("alpha");
      expect(s.overlaps?.M.length).toBe(2);
      expect(s.loss.gen).toBeGreaterThan(0);
    }
    expect(snaps[0].step).toBe(0);
    expect(snaps[7].step).toBeGreaterThan(snaps[1].step);
    expect(snaps[0].overlaps?.Q).toEqual(erfInit.Q);
    await expect(async () => {
      for await (const _ of integrateOde({
        spec,
        init: erfInit,
        alphaMax: 1,
        integrator: { method: "rk45" },
        record: { at: [2] },
      })) {
        // nothing
      }
    }).rejects.toThrow(/record\.at/);
  });
});

describe("the erf ODE through quadrature (closed forms stripped) follows the closed-form trajectory", () => {
  // K = M = 1 keeps every integral at most 2-dimensional, so 32-node quadrature stays cheap.
  it("K = M = 1, trained second layer, to α = 20", () => {
    const spec = makeSpec(erf, {
      p: 1,
      pStar: 1,
      a: Float64Array.from([0.8]),
      b: Float64Array.from([1]),
      secondLayerLr: 0.2,
    });
    const numeric = { ...erf, id: "erf-numeric", family: undefined, integrals: undefined };
    const init = { Q: [[0.5]], M: [[0.1]], T: [[1]] };
    const integrator = { method: "rk45", rtol: 1e-9, atol: 1e-12 } as const;
    const closed = new OdeIntegrator({ spec, init, integrator });
    const quad = new OdeIntegrator({
      spec: { ...spec, activation: numeric, teacherActivation: numeric },
      init,
      integrator,
      rhs: { order: 32 },
    });
    expect(closed.rhs.route).toBe("erf");
    expect(quad.rhs.route).toBe("integrals");
    const eg0 = closed.loss();
    for (const alpha of [1, 5, 20]) {
      closed.advanceTo(alpha);
      quad.advanceTo(alpha);
      expect(Math.abs(closed.loss() - quad.loss())).toBeLessThan(1e-6);
      const a = closed.stateVector();
      const b = quad.stateVector();
      for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-5);
    }
    expect(closed.loss()).toBeLessThan(0.5 * eg0);
  });
});
