// relu and leaky-relu I4 = E[g'(u_i) g'(u_k) g(u_a) g(u_b)] against routes that share nothing with the
// Stein/orthant reduction: exact factorisation at diagonal covariances, an exact angular quadrature at rank 2,
// and Monte Carlo (fixed seed, 5 standard errors) at full rank and rank 3.
import type { ActivationPlugin, Covariance } from "@pupil/plugin";
import { checkClosedForm } from "@pupil/plugin/testing";
import { createRng } from "@pupil/tensors";
import { describe, expect, it } from "vitest";
import { leakyRelu, relu } from "./relu.js";
import { covarianceOf, indexTuples } from "./test-support/monte-carlo.js";

const SLOPES = [0, 0.01, 0.3, -0.5, 1, -1];
const withSlope = (s: number): ActivationPlugin => (s === 0 ? relu : leakyRelu.configure!({ slope: s }));
const I4 = (p: ActivationPlugin) => p.integrals!.I4!;

describe("I4 at a diagonal covariance factorises into 1-D moments", () => {
  // E[g'(u)^p g(u)^q], u ~ N(0, σ²): the half-line u > 0 gives σ^q m_q, u < 0 gives s^{p+q} (−σ)^q m_q, with
  // m_0 = E θ = 1/2, m_1 = E u⁺ = 1/√(2π), m_2 = E (u⁺)² = 1/2 at σ = 1.
  const m = [0.5, 1 / Math.sqrt(2 * Math.PI), 0.5];
  const variances = [1.7, 0.4, 1, 2.5];
  const C: Covariance = {
    n: 4,
    data: variances.flatMap((v, a) => variances.map((_, b) => (a === b ? v : 0))),
  };

  it.each(SLOPES)("slope %s, all 256 index tuples, to 1e-14", (s) => {
    const plugin = withSlope(s);
    let worst = 0;
    for (const [i, k, a, b] of indexTuples(4, 4)) {
      let expected = 1;
      for (let j = 0; j < 4; j++) {
        const p = Number(i === j) + Number(k === j);
        const q = Number(a === j) + Number(b === j);
        if (p + q === 0) continue;
        const sigma = Math.sqrt(variances[j]);
        expected *= sigma ** q * m[q] * (1 + s ** (p + q) * (-1) ** q);
      }
      worst = Math.max(worst, Math.abs(I4(plugin)(C, i, k, a, b) - expected));
    }
    expect(worst).toBeLessThan(1e-14);
  });
});

/** n-point Gauss–Legendre on [−1, 1] by Newton's method on P_n. */
function gaussLegendre(n: number): { x: number[]; w: number[] } {
  const x: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < n; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1;
      let p1 = z;
      for (let k = 2; k <= n; k++) [p0, p1] = [p1, ((2 * k - 1) * z * p1 - (k - 1) * p0) / k];
      dp = (n * (z * p1 - p0)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x.push(z);
    w.push(2 / ((1 - z * z) * dp * dp));
  }
  return { x, w };
}

/**
 * E[g'(u_i) g'(u_k) g(u_a) g(u_b)] for u = F g, g ~ N(0, I₂): g is positively homogeneous (g(rx) = r g(x),
 * g'(rx) = g'(x)), so it is E[r²] = 2 times the average over the angle, which is smooth between the angles where
 * some u_j = 0; Gauss–Legendre on each such arc is exact to rounding.
 */
function planarI4(plugin: ActivationPlugin, F: number[][], idx: number[]): number {
  const rule = gaussLegendre(24);
  const cuts = [0, 2 * Math.PI];
  for (const [A, B] of F) {
    if (A === 0 && B === 0) continue;
    const phi = (Math.atan2(-A, B) + 2 * Math.PI) % (2 * Math.PI);
    cuts.push(phi, (phi + Math.PI) % (2 * Math.PI));
  }
  cuts.sort((p, q) => p - q);
  let sum = 0;
  for (let c = 0; c + 1 < cuts.length; c++) {
    const half = (cuts[c + 1] - cuts[c]) / 2;
    for (let q = 0; q < rule.x.length; q++) {
      const theta = cuts[c] + half * (1 + rule.x[q]);
      const u = F.map(([A, B]) => A * Math.cos(theta) + B * Math.sin(theta));
      const [i, k, a, b] = idx;
      sum += rule.w[q] * half * plugin.df(u[i]) * plugin.df(u[k]) * plugin.f(u[a]) * plugin.f(u[b]);
    }
  }
  return (2 * sum) / (2 * Math.PI);
}

describe("I4 at a rank-2 covariance equals the exact angular integral", () => {
  // u1 = −u0 (ρ = −1), u4 = 2 u2 (ρ = 1), u5 ≡ 0, and u0, u2, u3 in general position.
  const F = [
    [1, 0],
    [-1, 0],
    [0.5, 0.8],
    [0.3, -0.6],
    [1, 1.6],
    [0, 0],
  ];
  const C = covarianceOf(F);

  it.each([0, 0.3, -0.5])("slope %s, all 1296 index tuples, to 1e-12", (s) => {
    const plugin = withSlope(s);
    let worst = 0;
    for (const idx of indexTuples(6, 4)) {
      const [i, k, a, b] = idx;
      worst = Math.max(worst, Math.abs(I4(plugin)(C, i, k, a, b) - planarI4(plugin, F, idx)));
    }
    expect(worst).toBeLessThan(1e-12);
  });
});

describe("I4 against Monte Carlo (2e6 samples, 5 standard errors)", () => {
  const mixings: Record<string, number[][]> = {
    "full rank": [
      [1, 0, 0, 0],
      [0.6, 0.8, 0, 0],
      [-0.5, 0.35, 1.5, 0],
      [0.1, -0.5, 0.4, 0.7],
    ],
    // four coordinates driven by three Gaussians: u3 is a fixed combination of u0, u1, u2 (C singular)
    "rank 3": [
      [0.9, 0, 0],
      [0.3, 1.1, 0],
      [-0.4, 0.2, 0.8],
      [0.5, -0.6, 0.3],
    ],
  };
  // Distinct, pairs (i,i,a,a), (i,k,a,a), (i,a,i,a), triples and all-equal.
  const tuples = [
    [0, 1, 2, 3],
    [3, 1, 0, 2],
    [0, 0, 1, 1],
    [0, 1, 2, 2],
    [0, 1, 0, 1],
    [0, 2, 2, 0],
    [1, 1, 1, 1],
    [2, 2, 2, 3],
    [0, 0, 1, 2],
    [2, 3, 2, 2],
    [1, 3, 0, 3],
    [3, 3, 0, 0],
  ];
  const slopes = [0, 0.3, -0.5];
  const plugins = slopes.map(withSlope);
  const samples = 2_000_000;

  it.each(Object.entries(mixings))("%s covariance", (_name, A) => {
    const C = covarianceOf(A);
    const n = A.length;
    const m = A[0].length;
    const T = tuples.length;
    const flat = Int32Array.from(tuples.flat());
    const rng = createRng(77);
    const z = new Float64Array(m);
    const u = new Float64Array(n);
    const g = new Float64Array(n);
    const d = new Float64Array(n);
    const sums = new Float64Array(T * slopes.length);
    const squares = new Float64Array(T * slopes.length);
    for (let s = 0; s < samples; s++) {
      rng.fillNormal(z);
      for (let a = 0; a < n; a++) {
        let x = 0;
        for (let j = 0; j < m; j++) x += A[a][j] * z[j];
        u[a] = x;
      }
      for (let p = 0; p < slopes.length; p++) {
        // g and g' of leaky relu written out for speed (the test below checks them against plugin.f and df).
        const slope = slopes[p];
        for (let a = 0; a < n; a++) {
          g[a] = u[a] > 0 ? u[a] : slope * u[a];
          d[a] = u[a] > 0 ? 1 : slope;
        }
        for (let t = 0; t < T; t++) {
          const v = d[flat[4 * t]] * d[flat[4 * t + 1]] * g[flat[4 * t + 2]] * g[flat[4 * t + 3]];
          sums[p * T + t] += v;
          squares[p * T + t] += v * v;
        }
      }
    }
    const bad: string[] = [];
    plugins.forEach((plugin, p) => {
      tuples.forEach(([i, k, a, b], t) => {
        const mean = sums[p * T + t] / samples;
        const stderr = Math.sqrt((squares[p * T + t] / samples - mean * mean) / samples);
        const value = I4(plugin)(C, i, k, a, b);
        if (!(Math.abs(value - mean) <= 5 * stderr)) {
          bad.push(
            `${plugin.id} ${plugin.values?.slope ?? ""} I4(${[i, k, a, b]}) = ${value}, MC ${mean} ± ${stderr}`,
          );
        }
      });
    });
    expect(bad).toEqual([]);
  });

  it("writes out the plugins' own f and df", () => {
    plugins.forEach((plugin, p) => {
      for (const x of [-2.5, -0.3, 0, 0.4, 1.9]) {
        // + 0 maps −0 to 0: relu's max(x, 0) and 0·x differ only in the sign of zero.
        expect(plugin.f(x) + 0).toBe((x > 0 ? x : slopes[p] * x) + 0);
        expect(plugin.df(x)).toBe(x > 0 ? 1 : slopes[p]);
      }
    });
  });
});

describe("the conformance kit's quadrature", () => {
  const kinked = [
    ["relu", relu],
    ["leaky-relu (-0.26)", withSlope(-0.26)],
    ["leaky-relu (0.3)", withSlope(0.3)],
  ] as const;
  // The kit's own covariances and seed for these plugins (checkClosedForm draws them from this stream).
  const kitRng = (plugin: ActivationPlugin) => createRng(`1|activation|${plugin.id}|integral-I4`);

  it.each(kinked)(
    "agrees with %s I4 at every index pattern, four distinct indices included",
    (_n, plugin) => {
      const { ok, message } = checkClosedForm(plugin, "I4", kitRng(plugin));
      expect(message).toMatch(/^18 evaluations agree/);
      expect(ok).toBe(true);
    },
  );

  it.each(kinked.slice(0, 2))("fails %s I4 scaled by 1.01 at four distinct indices only", (_n, plugin) => {
    const scaled: ActivationPlugin = {
      ...plugin,
      integrals: {
        ...plugin.integrals,
        I4: (C, i, k, a, b) => I4(plugin)(C, i, k, a, b) * (new Set([i, k, a, b]).size === 4 ? 1.01 : 1),
      },
    };
    const { ok, message } = checkClosedForm(scaled, "I4", kitRng(plugin));
    expect(ok).toBe(false);
    expect(message).toMatch(/^3 of 18 disagree/);
    expect(message.match(/I4\(C\d; [0-9,]+\)/g)).toEqual([
      "I4(C1; 0,1,2,3)",
      "I4(C2; 0,1,2,3)",
      "I4(C3; 0,1,2,3)",
    ]);
  });
});
