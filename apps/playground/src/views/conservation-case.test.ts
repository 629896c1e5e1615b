// The case the conserved panel names, checked against what the ODE does: where it says "conserved", the
// ODE's Π(M) drift stays at integrator level; where it says "not conserved", the drift is O(1e-3) or more.
import { conservedAlong } from "@pupil/analysis";
import { runExperiment } from "@pupil/experiments";
import type { Snapshot } from "@pupil/plugin";
import { describe, expect, it } from "vitest";
import { createBuiltinRegistry, resolveRunConfig } from "../worker/engine.js";
import { conservationCase } from "./conservation-case.js";

const registry = createBuiltinRegistry();
const uniform = { a: 1 / 3, b: 1 / 2, aTrained: false };
const M0 = [
  [0.3, 0.1],
  [0.05, 0.25],
  [0.1, -0.2],
];

async function odeRun(init: Record<string, unknown>): Promise<Snapshot[]> {
  const config = resolveRunConfig(
    {
      kind: "ode",
      seed: 1,
      N: 500,
      lr: 0.1,
      alphaMax: 200,
      model: { activation: "quadratic", p: 3, pStar: 2 },
      init,
      record: { perDecade: 5 },
    },
    registry,
  );
  const snaps: Snapshot[] = [];
  for await (const s of runExperiment(config, registry)) snaps.push(s);
  return snaps;
}

describe("conservationCase", () => {
  it("Q0 = qI, T = I: conserved, and the ODE's Π(M) drift stays at integrator level", async () => {
    const q = 0.8;
    const snaps = await odeRun({
      Q: [
        [q, 0, 0],
        [0, q, 0],
        [0, 0, q],
      ],
      M: M0,
    });
    const c = conservationCase(snaps[0], uniform);
    expect(c.broken).toEqual([]);
    expect(c.polarConserved).toBe(true);
    expect(conservedAlong(snaps).maxPolarDrift).toBeLessThan(1e-7);
  });

  it("a generic Q0: not conserved, naming the commutator, and the ODE's Π(M) really drifts", async () => {
    const snaps = await odeRun({
      Q: [
        [0.8, 0.3, 0],
        [0.3, 1.1, 0.1],
        [0, 0.1, 0.6],
      ],
      M: M0,
    });
    const c = conservationCase(snaps[0], uniform);
    expect(c.polarConserved).toBe(false);
    expect(c.broken.join(" ")).toMatch(/commute/);
    expect(c.commutator).toBeGreaterThan(1e-3);
    expect(conservedAlong(snaps).maxPolarDrift).toBeGreaterThan(1e-3);
  });

  it("names an anisotropic T and second layers that differ or are trained; a hand-checked commutator", () => {
    const snap = (Q: number[][], M: number[][], T: number[][]): Snapshot => ({
      step: 0,
      t: 0,
      timeUnit: "alpha",
      source: "ode",
      loss: { gen: 1 },
      overlaps: { Q, M, T },
      metrics: {},
    });
    // Q = diag(1, 2), M = [[1], [1]]: MMᵀ = all-ones, [Q, MMᵀ] = [[0, −1], [1, 0]] → ‖·‖ = √2;
    // ‖Q‖ = √5, ‖MMᵀ‖ = 2, so the relative size is √2 / (2√5).
    const c = conservationCase(
      snap(
        [
          [1, 0],
          [0, 2],
        ],
        [[1], [1]],
        [[3]],
      ),
      uniform,
    );
    expect(c.commutator).toBeCloseTo(Math.SQRT2 / (2 * Math.sqrt(5)), 14);
    expect(c.teacherAnisotropy).toBe(0);
    const anisotropic = conservationCase(
      snap(
        [
          [1, 0],
          [0, 1],
        ],
        [
          [0.1, 0],
          [0, 0.1],
        ],
        [
          [1, 0],
          [0, 2],
        ],
      ),
      { a: undefined, b: 0.5, aTrained: true },
    );
    expect(anisotropic.broken).toHaveLength(3);
    expect(anisotropic.broken[0]).toMatch(/^T is not ∝ I/);
    expect(anisotropic.broken[1]).toMatch(/weights differ/);
    expect(anisotropic.broken[2]).toMatch(/is trained/);
    expect(anisotropic.polarConserved).toBe(false);
  });
});
