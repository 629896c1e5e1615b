// A plugin activation without closed forms takes the quadrature route for its Gaussian integrals. With
// f(z) = z the student learns its teacher exactly, the covariances of (student, teacher) fields become
// singular, and the integrated overlaps make them slightly non-PSD (a Schur complement of −1.3e-8 at
// α ≈ 100 here): the quadrature must treat that as the zero it is. Checked against the built-in `linear`
// activation's closed forms (the independent route) along the whole trajectory.
import type { ActivationPlugin } from "@pupil/plugin";
import { linear } from "@pupil/plugin-activations";
import { describe, expect, it } from "vitest";
import { resolveSecondLayer } from "../common/second-layer.js";
import { integrateOde } from "./integrate.js";

/** The plugin: f and df only, no integrals, so every integral is Gauss–Hermite quadrature. */
const plainLinear = {
  ...linear,
  id: "plain-linear",
  integrals: undefined,
} as unknown as ActivationPlugin;

async function trajectory(activation: ActivationPlugin) {
  const spec = {
    N: 1000,
    p: 2,
    pStar: 1,
    activation,
    teacherActivation: activation,
    a: resolveSecondLayer("1/p", 2),
    b: resolveSecondLayer("1/p", 1),
    lr: 0.5,
    lrScaling: "eta",
    labelNoise: 0,
    weightDecay: 0,
    batch: 1,
    noiseTerm: true,
  };
  const init = {
    Q: [
      [0.3, 0.05],
      [0.05, 0.3],
    ],
    M: [[0.01], [0.02]],
    T: [[1]],
  };
  const out: { t: number; eg: number; Q: number[][] }[] = [];
  for await (const s of integrateOde({
    // biome-ignore lint/suspicious/noExplicitAny: the spec literal is checked by integrateOde at run time
    spec: spec as any,
    init,
    alphaMax: 160,
    integrator: { method: "rk45", rtol: 1e-8 },
    record: { perDecade: 4 },
    // biome-ignore lint/suspicious/noExplicitAny: as above
  } as any)) {
    out.push({ t: s.t, eg: s.loss.gen as number, Q: (s.overlaps as { Q: number[][] }).Q });
  }
  return out;
}

describe("quadrature route through a singular covariance", () => {
  it("f(z) = z without closed forms runs past the singular point and follows the closed-form linear ODE", async () => {
    const closed = await trajectory(linear);
    const quad = await trajectory(plainLinear);
    expect(quad.map((s) => s.t)).toEqual(closed.map((s) => s.t));
    expect(quad.at(-1)?.t).toBe(160);
    const eg0 = closed[0].eg;
    for (let k = 0; k < closed.length; k++) {
      // Both routes integrate the same ODE; they differ by the quadrature's rounding and the integrator's
      // tolerance, far below eg's fall from ~1e-1 to ~1e-9.
      expect(Math.abs(quad[k].eg - closed[k].eg)).toBeLessThan(1e-6 * eg0);
      for (let i = 0; i < 2; i++)
        for (let j = 0; j < 2; j++) expect(quad[k].Q[i][j]).toBeCloseTo(closed[k].Q[i][j], 6);
    }
    expect(closed.at(-1)!.eg).toBeLessThan(1e-6 * eg0);
  }, 60_000);
});
