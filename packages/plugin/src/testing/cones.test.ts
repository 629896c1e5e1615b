import { describe, expect, it } from "vitest";
import { CONE_MAX_ANGLE, coneCells, determinant, invertLower, simplexRule } from "./cones.js";

// n-point Gauss–Legendre on [0, 1] by Newton's method on P_n (independent of reference.ts's Golub–Welsch).
function legendre01(n: number): { x: number[]; w: number[] } {
  const x: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < n; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 1;
    for (let iter = 0; iter < 100; iter++) {
      let [p0, p1] = [1, z];
      for (let k = 2; k <= n; k++) [p0, p1] = [p1, ((2 * k - 1) * z * p1 - (k - 1) * p0) / k];
      dp = (n * (z * p1 - p0)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x.push((1 + z) / 2);
    w.push(1 / ((1 - z * z) * dp * dp));
  }
  return { x, w };
}

const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
const F4 = [
  [1.1, 0, 0, 0],
  [-0.9, 0.45, 0, 0],
  [0.3, 0.8, 0.35, 0],
  [0.7, -0.6, 0.5, 0.2],
];

describe("simplexRule (collapsed Gauss–Legendre on the simplex)", () => {
  it.each([2, 3, 4])("integrates the Dirichlet moments Π τ_k^{a_k} exactly in d = %i", (d) => {
    // ∫ Π τ_k^{a_k} dτ over {τ ≥ 0, Σ τ = 1} = Π a_k! / (Σ a_k + d − 1)!
    const { x, w } = legendre01(6);
    const { tau, weight, count } = simplexRule(d, x, w);
    expect(count).toBe(6 ** (d - 1));
    for (const a of [
      [0, 0, 0, 0],
      [2, 1, 0, 3],
      [1, 1, 1, 1],
      [0, 4, 2, 0],
    ]) {
      let sum = 0;
      for (let p = 0; p < count; p++) {
        let v = weight[p];
        for (let k = 0; k < d; k++) v *= tau[p * d + k] ** a[k];
        sum += v;
      }
      const total = a.slice(0, d).reduce((s, v) => s + v, 0);
      const exact = a.slice(0, d).reduce((s, v) => s * factorial(v), 1) / factorial(total + d - 1);
      expect(Math.abs(sum - exact)).toBeLessThan(1e-15);
    }
  });
});

describe("coneCells", () => {
  it("inverts the factor and takes determinants", () => {
    const X = invertLower(F4);
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        let s = 0;
        for (let k = 0; k < 4; k++) s += F4[i][k] * X[k][j];
        expect(s).toBeCloseTo(i === j ? 1 : 0, 14);
      }
    }
    expect(determinant(F4)).toBeCloseTo(1.1 * 0.45 * 0.35 * 0.2, 15);
    expect(
      determinant([
        [0, 2],
        [3, 1],
      ]),
    ).toBeCloseTo(-6, 15);
  });

  it("cuts the 16 sign cones of u = F g into narrow cells, each inside one sign cone", () => {
    const cells = coneCells(F4);
    expect(cells.length).toBeGreaterThan(16); // F4 is far from orthogonal: some cones were bisected
    const patterns = new Set<string>();
    for (const { generators } of cells) {
      for (let i = 0; i < 4; i++) {
        for (let j = i + 1; j < 4; j++) {
          const c = generators[i].reduce((s, v, k) => s + v * generators[j][k], 0);
          expect(Math.acos(Math.min(1, c))).toBeLessThanOrEqual(CONE_MAX_ANGLE + 1e-9);
        }
      }
      // Every generator (and so the whole cell) has the same signs of u = F w, zero allowed.
      const signs = generators.map((w) => F4.map((row) => row.reduce((s, v, k) => s + v * w[k], 0)));
      const pattern = [0, 1, 2, 3].map((a) => {
        const pos = signs.some((u) => u[a] > 1e-12);
        const neg = signs.some((u) => u[a] < -1e-12);
        expect(pos && neg).toBe(false);
        return pos ? "+" : "-";
      });
      patterns.add(pattern.join(""));
    }
    expect(patterns.size).toBe(16);
  });

  it("keeps the 16 orthants whole when the coordinates are independent", () => {
    expect(
      coneCells([
        [2, 0, 0, 0],
        [0, 1, 0, 0],
        [0, 0, 0.5, 0],
        [0, 0, 0, 3],
      ]).length,
    ).toBe(16);
  });
});
