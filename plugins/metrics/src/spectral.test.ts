import { describe, expect, it } from "vitest";
import { accuracy, LastAndBest, meanSquaredError } from "./evaluation.js";
import { activeNodeCount, nodeImportance, normalizedImportance, rowImportance } from "./spectral.js";

describe("spectral node importance", () => {
  it("L_i = |λ_i|·‖φ_i‖·√N and the active count uses L_i/max L ≥ 0.05", () => {
    // φ rows (3,4), (0,1), (1,0) with N = 2 inputs; λ = (−1, 2, 0.04)
    const L = nodeImportance([3, 4, 0, 1, 1, 0], [-1, 2, 0.04], 2);
    expect(L[0]).toBeCloseTo(5 * Math.SQRT2, 14);
    expect(L[1]).toBeCloseTo(2 * Math.SQRT2, 14);
    expect(L[2]).toBeCloseTo(0.04 * Math.SQRT2, 14);
    expect(normalizedImportance(L)[2]).toBeCloseTo(0.008, 12);
    expect(activeNodeCount(L)).toBe(2);
    expect(activeNodeCount(L, 0.005)).toBe(3);
    expect(() => activeNodeCount(L, 2)).toThrow(/threshold/);
    expect(() => nodeImportance([1, 2, 3], [1, 1], 2)).toThrow(/phi/);
  });

  it("row importance of W = −Λφ (λ_in = 0) equals the spectral importance", () => {
    const phi = [0.3, -1.2, 2, 0.5, 0.1, -0.7];
    const lambda = [1.5, -0.2];
    const W = phi.map((v, k) => -lambda[Math.floor(k / 3)] * v);
    const a = rowImportance({ rows: 2, cols: 3, data: W });
    const b = nodeImportance(phi, lambda, 3);
    for (let i = 0; i < 2; i++) expect(a[i]).toBeCloseTo(b[i], 13);
  });
});

describe("evaluation figures", () => {
  it("MSE, accuracy and last/best", () => {
    expect(meanSquaredError([1, 2, 3], [1, 0, 0])).toBeCloseTo(13 / 3, 14);
    expect(accuracy([0.1, 0.9, 0.8, 0.2, 0.3, 0.7], [1, 0, 0], 2)).toBeCloseTo(2 / 3, 14);
    const t = new LastAndBest("min").add(3, 0).add(1, 1).add(2, 2);
    expect([t.last, t.best, t.bestAt]).toEqual([2, 1, 1]);
    const a = new LastAndBest("max").add(0.5, 0).add(0.7, 1).add(0.6, 2);
    expect([a.last, a.best, a.bestAt]).toEqual([0.6, 0.7, 1]);
    expect(() => accuracy([1, 2], [0, 1], 2)).toThrow(/scores/);
  });
});
