import { integrateOde, OdeIntegrator } from "@pupil/dynamics";
import type { Snapshot } from "@pupil/plugin";
import { erf, quadratic, relu } from "@pupil/plugin-activations";
import { describe, expect, it } from "vitest";
import { detectPlateau, escapeAlpha, escapeStatistics } from "./escape.js";
import { plateauPoint } from "./fixed-point.js";
import { smallStart, spec } from "./test-spec.test-util.js";

describe("quadratic plateau (gradient flow, a = 1/p, b = 1/p*, T = I) — docs/math.md §2", () => {
  for (const [p, pStar] of [
    [1, 1],
    [2, 1],
    [3, 2],
    [5, 3],
  ]) {
    it(`p = ${p}, p* = ${pStar}: Q = p/(p+2)·I and eg = 1/(p+2) + 1/p*`, () => {
      const start = smallStart(p, pStar, 1, 0.05, p * 10 + pStar);
      start.Q = start.Q.map((row, j) => row.map((x, k) => x + (j === k ? 0.3 * j : 0.02)));
      const point = plateauPoint(spec(quadratic, p, pStar), start);
      expect(point.parity).toBe("even");
      expect(Math.abs(point.eg - (1 / (p + 2) + 1 / pStar))).toBeLessThan(1e-10);
      for (let j = 0; j < p; j++) {
        for (let k = 0; k < p; k++)
          expect(Math.abs(point.overlaps.Q[j][k] - (j === k ? p / (p + 2) : 0))).toBeLessThan(1e-9);
        for (let r = 0; r < pStar; r++) expect(point.overlaps.M[j][r]).toBe(0);
      }
      expect(point.residual).toBeLessThan(1e-10);
    });
  }

  it("the η² term lifts the plateau", () => {
    const p = 3;
    const pStar = 2;
    const start = smallStart(p, pStar, 1, 0, 1);
    const flow = plateauPoint(spec(quadratic, p, pStar), start);
    const sgd = plateauPoint(spec(quadratic, p, pStar, { noiseTerm: true, lr: 0.5 }), start);
    expect(sgd.eg).toBeGreaterThan(flow.eg + 1e-4);
    expect(sgd.residual).toBeLessThan(1e-10);
  });

  it("M grows like exp(4ηα/(p p*)) near the plateau (linearised escape rate)", () => {
    for (const [p, pStar, eta] of [
      [2, 1, 0.5],
      [4, 3, 1],
    ]) {
      const start = smallStart(p, pStar, p / (p + 2), 1e-9, 7);
      const ode = new OdeIntegrator({
        spec: spec(quadratic, p, pStar, { lr: eta }),
        init: start,
        integrator: { method: "rk45", rtol: 1e-10, atol: 1e-20 },
      });
      const norm = () => Math.hypot(...ode.overlaps().M.flat());
      const rate = (4 * eta) / (p * pStar);
      const horizon = 5 / rate;
      const n0 = norm();
      ode.advanceTo(horizon);
      const fitted = Math.log(norm() / n0) / horizon;
      expect(Math.abs(fitted - rate) / rate).toBeLessThan(1e-6);
    }
  });

  it("M = 0 stays exactly 0 (invariant subspace of the even activation)", () => {
    const ode = new OdeIntegrator({
      spec: spec(quadratic, 3, 2, { noiseTerm: true }),
      init: smallStart(3, 2, 1.2, 0, 3),
      integrator: { method: "rk45" },
    });
    ode.advanceTo(50);
    expect(
      ode
        .overlaps()
        .M.flat()
        .every((m) => m === 0),
    ).toBe(true);
  });
});

describe("erf plateau, K = M = 2, η = 0.5, T = I (docs/math.md §3)", () => {
  const s = spec(erf, 2, 2, { a: Float64Array.from([1, 1]), b: Float64Array.from([1, 1]), noiseTerm: true });

  it("the symmetric plateau is near eg ≈ 0.0146; from a small random M0 the student escapes after roughly 150 α", async () => {
    const point = plateauPoint(s, smallStart(2, 2, 0.2, 1e-2, 42));
    expect(point.parity).toBe("odd");
    // 0.0146 is quoted to three figures: allow its rounding plus a little.
    expect(Math.abs(point.eg - 0.0146)).toBeLessThan(1e-4);
    expect(point.residual).toBeLessThan(1e-10);
    const m = point.overlaps.M.flat();
    for (const x of m) expect(x).toBe(m[0]);

    const escapes: (number | undefined)[] = [];
    let first: Snapshot[] = [];
    for (let seed = 1; seed <= 6; seed++) {
      const snaps: Snapshot[] = [];
      const init = smallStart(2, 2, 0.2, 1e-2, seed);
      for await (const snap of integrateOde({
        spec: s,
        init,
        alphaMax: 600,
        integrator: { method: "rk45" },
        record: { perDecade: 40, from: 0.1 },
      })) {
        snaps.push(snap);
      }
      if (seed === 1) first = snaps;
      escapes.push(escapeAlpha(snaps, point.eg));
    }
    const stats = escapeStatistics(escapes);
    expect(stats.escaped).toBe(6);
    // "roughly 150": within a factor 1.5 either way.
    expect(stats.median).toBeGreaterThan(100);
    expect(stats.median).toBeLessThan(225);

    const given = detectPlateau(first, { plateauEg: point.eg });
    expect(given?.entryAlpha).toBeLessThan(escapes[0] as number);
    expect(given?.exitAlpha).toBe(escapes[0]);
    const estimated = detectPlateau(first);
    expect(Math.abs((estimated?.plateauEg ?? 0) - point.eg) / point.eg).toBeLessThan(0.05);
  });

  it("refuses an activation with no parity unless told which subspace", () => {
    expect(() => plateauPoint(spec(relu, 2, 2), smallStart(2, 2, 1, 0.1, 1))).toThrow(/parity/);
  });
});

const snap = (t: number, gen: number): Snapshot => ({
  step: 0,
  t,
  timeUnit: "alpha",
  source: "ode",
  loss: { gen },
  metrics: {},
});

describe("escape α and its statistics on hand-made curves", () => {
  it("interpolates linearly in α at eg = plateau/2", () => {
    const run = [snap(0, 1.2), snap(1, 1), snap(2, 0.8), snap(3, 0.2), snap(4, 0.1)];
    expect(escapeAlpha(run, 1)).toBeCloseTo(2.5, 14);
    expect(escapeAlpha(run.slice(0, 3), 1)).toBeUndefined();
    expect(() => escapeAlpha(run, 0)).toThrow(/plateauEg/);
    const found = detectPlateau(run, { plateauEg: 1, relTol: 0.05 });
    expect(found).toEqual({ plateauEg: 1, entryAlpha: 1, exitAlpha: 2.5 });
  });

  it("statistics over seeds, ignoring runs that did not escape", () => {
    const st = escapeStatistics([4, 1, undefined, 3, 2, null]);
    expect(st.runs).toBe(6);
    expect(st.escaped).toBe(4);
    expect(st.mean).toBe(2.5);
    expect(st.std).toBeCloseTo(Math.sqrt(5 / 3), 14);
    expect(st.median).toBe(2.5);
    expect(st.quantiles.q25).toBeCloseTo(1.75, 14);
    expect(st.min).toBe(1);
    expect(st.max).toBe(4);
    expect(() => escapeStatistics([undefined])).toThrow(/alphas/);
  });
});
