// Orthant probabilities against independent routes: known exact values, the exact 3-D formula in degenerate
// 4-D cases, exact planar angles for rank-2 correlations, and Monte Carlo with a control variate.
import { createRng } from "@pupil/tensors";
import { describe, expect, it } from "vitest";
import { orthantProbability } from "./orthant.js";
import { adaptiveKronrod, orthant4 } from "./orthant4.js";

type Rows = number[][];

/** The six correlations [ρ01, ρ02, ρ03, ρ12, ρ13, ρ23] of u = F g (rows of F). */
function correlations(F: Rows): number[] {
  const c = (a: number, b: number) => F[a].reduce((s, x, j) => s + x * F[b][j], 0);
  const pairs = [
    [0, 1],
    [0, 2],
    [0, 3],
    [1, 2],
    [1, 3],
    [2, 3],
  ];
  return pairs.map(([a, b]) => c(a, b) / Math.sqrt(c(a, a) * c(b, b)));
}

const orthant3 = (r01: number, r02: number, r12: number) =>
  1 / 8 + (Math.asin(r01) + Math.asin(r02) + Math.asin(r12)) / (4 * Math.PI);

/**
 * P(F_a·ω > 0 for all a) for ω uniform on the circle: the total length of the arcs between consecutive zero
 * crossings whose midpoint satisfies every constraint, over 2π (exact up to rounding).
 */
function planarOrthant(F: Rows): number {
  const cuts = [0, 2 * Math.PI];
  for (const [A, B] of F) {
    const phi = (Math.atan2(-A, B) + 2 * Math.PI) % (2 * Math.PI);
    cuts.push(phi, (phi + Math.PI) % (2 * Math.PI));
  }
  cuts.sort((p, q) => p - q);
  let length = 0;
  for (let k = 0; k + 1 < cuts.length; k++) {
    const mid = (cuts[k] + cuts[k + 1]) / 2;
    if (F.every(([A, B]) => A * Math.cos(mid) + B * Math.sin(mid) > 0)) length += cuts[k + 1] - cuts[k];
  }
  return length / (2 * Math.PI);
}

describe("orthant4", () => {
  it("gives 1/16 for independent and 1/5 for equicorrelated ρ = 1/2 coordinates (P_n = 1/(n+1))", () => {
    expect(orthant4([0, 0, 0, 0, 0, 0])).toBe(1 / 16);
    expect(orthant4([0.5, 0.5, 0.5, 0.5, 0.5, 0.5])).toBeCloseTo(0.2, 14);
  });

  it("equals the exact 3-D formula when a coordinate is duplicated, and 0 when one is negated", () => {
    const [r01, r02, r12] = [0.3, -0.4, 0.5];
    // u3 = u2: ρ03 = ρ02, ρ13 = ρ12, ρ23 = 1.
    expect(orthant4([r01, r02, r02, r12, r12, 1])).toBeCloseTo(orthant3(r01, r02, r12), 13);
    expect(orthant4([r01, r02, -r02, r12, -r12, -1])).toBeCloseTo(0, 14);
    // All four equal: P = 1/2.
    expect(orthant4([1, 1, 1, 1, 1, 1])).toBeCloseTo(0.5, 13);
  });

  it("handles rank-3 correlations exactly: u3 a positive combination of u0..u2 adds no constraint", () => {
    const F = [
      [1, 0, 0],
      [0.3, 0.9, 0],
      [-0.4, 0.2, 0.8],
    ];
    const u3 = [0, 1, 2].map((j) => 0.7 * F[0][j] + 0.2 * F[1][j] + 0.5 * F[2][j]);
    const rho = correlations([...F, u3]);
    expect(orthant4(rho)).toBeCloseTo(orthant3(rho[0], rho[1], rho[3]), 14);
    // u0 + u1 + u2 + u3 ≡ 0 (equicorrelation −1/3): never all positive.
    expect(orthant4([-1, -1, -1, -1, -1, -1].map((x) => x / 3))).toBeCloseTo(0, 14);
  });

  it("matches the exact planar angle at random rank-2 correlations to 1e-12", () => {
    const rng = createRng(4242);
    let worst = 0;
    for (let trial = 0; trial < 200; trial++) {
      const F = Array.from({ length: 4 }, () => [rng.normal(), rng.normal()]);
      const rho = correlations(F);
      if (rho.some((r) => 1 - r * r < 1e-8)) continue; // nearly collinear: reduced before orthant4 is called
      worst = Math.max(worst, Math.abs(orthant4(rho) - planarOrthant(F)));
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it("matches Monte Carlo (1e6 samples, 5 standard errors) with the 3-D orthant as control variate", () => {
    const mixings: Rows[] = [
      [
        [1, 0, 0, 0],
        [0.6, 0.8, 0, 0],
        [-0.5, 0.35, 1.5, 0],
        [0.1, -0.5, 0.4, 0.7],
      ],
      [
        [1, 0, 0, 0],
        [0.9, 0.3, 0, 0],
        [0.7, 0.5, 0.4, 0],
        [0.2, 0.6, 0.3, 0.5],
      ],
      // rank 3, mixed signs
      [
        [1, 0, 0],
        [0.3, 0.9, 0],
        [-0.4, 0.2, 0.8],
        [0.5, -0.6, 0.3],
      ],
    ];
    const rng = createRng(20261124);
    const samples = 1_000_000;
    for (const F of mixings) {
      const rho = correlations(F);
      const m = F[0].length;
      const g = new Float64Array(m);
      // X = 1{u0..u3 > 0}, Y = 1{u0..u2 > 0} with E Y exact: X − Y has the smaller variance P3 − P4.
      let sum = 0;
      let sum2 = 0;
      for (let s = 0; s < samples; s++) {
        rng.fillNormal(g);
        let all3 = true;
        for (let a = 0; a < 3 && all3; a++) {
          let x = 0;
          for (let j = 0; j < m; j++) x += F[a][j] * g[j];
          all3 = x > 0;
        }
        if (!all3) continue;
        let x3 = 0;
        for (let j = 0; j < m; j++) x3 += F[3][j] * g[j];
        const d = x3 > 0 ? 0 : -1;
        sum += d;
        sum2 += d * d;
      }
      const mean = sum / samples;
      const stderr = Math.sqrt((sum2 / samples - mean * mean) / samples);
      const estimate = orthant3(rho[0], rho[1], rho[3]) + mean;
      expect(Math.abs(orthant4(rho) - estimate)).toBeLessThan(5 * stderr);
    }
  });
});

describe("orthantProbability", () => {
  it("reduces the event: zero variance gives 0, ρ = 1 merges, ρ = −1 gives 0", () => {
    const c = (rows: Rows) => Float64Array.from(rows.flat());
    // u1 = 2 u0, u2 ≡ 0, u3 = −u0.
    const C = c([
      [1, 2, 0, -1],
      [2, 4, 0, -2],
      [0, 0, 0, 0],
      [-1, -2, 0, 1],
    ]);
    expect(orthantProbability(C, 4, 0b0011)).toBe(0.5);
    expect(orthantProbability(C, 4, 0b0101)).toBe(0);
    expect(orthantProbability(C, 4, 0b1001)).toBe(0);
    expect(orthantProbability(C, 4, 0)).toBe(1);
    // Scale does not matter: a covariance with variances 4 and 9 and correlation 0.3.
    const D = c([
      [4, 1.8],
      [1.8, 9],
    ]);
    expect(orthantProbability(D, 2, 0b11)).toBeCloseTo(0.25 + Math.asin(0.3) / (2 * Math.PI), 15);
  });
});

describe("adaptiveKronrod", () => {
  it("integrates an oscillating and a square-root-singular function", () => {
    expect(adaptiveKronrod((x) => Math.cos(30 * x), 0, 1, 1e-13)).toBeCloseTo(Math.sin(30) / 30, 13);
    expect(adaptiveKronrod((x) => Math.sqrt(x), 0, 1, 1e-12)).toBeCloseTo(2 / 3, 10);
  });
});
