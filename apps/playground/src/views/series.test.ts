import type { Snapshot } from "@pupil/plugin";
import { describe, expect, it } from "vitest";
import { egDeviation, overlapDeviation, pairedSnapshots } from "./series.js";

const snap = (source: "ode" | "sim", t: number, eg: number, m: number): Snapshot => ({
  step: 0,
  t,
  timeUnit: "alpha",
  source,
  loss: { gen: eg },
  overlaps: { Q: [[1]], M: [[m]], T: [[1]] },
  metrics: {},
});

describe("ODE vs simulation deviation", () => {
  // The ODE records at grid α (10^0.1 = 1.2589…); the simulation at its step count over N = 400.
  const ode = [snap("ode", 0, 0.5, 0.1), snap("ode", 10 ** 0.1, 0.4, 0.2), snap("ode", 10 ** 0.2, 0.3, 0.3)];
  const sim = [
    snap("sim", 0, 0.5, 0.1),
    snap("sim", 504 / 400, 0.45, 0.24),
    snap("sim", 634 / 400, 0.25, 0.3),
  ];

  it("pairs the sources point by point although their α differ by < 1/N", () => {
    expect(pairedSnapshots(ode, sim).map(([o, s]) => [o.t, s.t])).toEqual([
      [0, 0],
      [10 ** 0.1, 1.26],
      [10 ** 0.2, 1.585],
    ]);
  });

  it("is |eg_sim − eg_ODE| and ‖(Q,M)_sim − (Q,M)_ODE‖ at the ODE's α", () => {
    const eg = egDeviation(ode, sim);
    expect(eg.x).toEqual([0, 10 ** 0.1, 10 ** 0.2]);
    expect(eg.y[0]).toBe(0);
    expect(eg.y[1]).toBeCloseTo(0.05, 15);
    expect(eg.y[2]).toBeCloseTo(0.05, 15);
    expect(overlapDeviation(ode, sim).y[1]).toBeCloseTo(0.04, 15);
  });

  it("does not pair points of different α", () => {
    expect(pairedSnapshots([snap("ode", 1, 0, 0)], [snap("sim", 2, 0, 0)])).toEqual([]);
  });
});
