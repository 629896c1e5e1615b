import type { Overlaps } from "@pupil/dynamics";
import { erf, quadratic, tanh } from "@pupil/plugin-activations";
import { createRng } from "@pupil/tensors";
import { describe, expect, it } from "vitest";
import { plateauPoint } from "../plateau/fixed-point.js";
import { eye, smallStart, spec } from "../plateau/test-spec.test-util.js";
import { finiteDifferenceHessian, hessianSpectrum, quadraticHessian } from "./hessian.js";

/** Overlaps of random vectors in R^dim (Ω positive definite when dim ≥ p + p*). */
function randomPoint(p: number, pStar: number, seed: number, dim = p + pStar + 1): Overlaps {
  const rng = createRng(seed);
  const X = Array.from({ length: p + pStar }, () =>
    Array.from({ length: dim }, () => rng.normal() / Math.sqrt(dim)),
  );
  const dot = (u: number[], v: number[]) => u.reduce((s, x, i) => s + x * v[i], 0);
  return {
    Q: X.slice(0, p).map((u) => X.slice(0, p).map((v) => dot(u, v))),
    M: X.slice(0, p).map((u) => X.slice(p).map((v) => dot(u, v))),
    T: X.slice(p).map((u) => X.slice(p).map((v) => dot(u, v))),
  };
}

/** A random p×p* matrix with orthonormal columns (Gram–Schmidt). */
function orthonormalColumns(p: number, pStar: number, seed: number): number[][] {
  const rng = createRng(seed);
  const cols: number[][] = [];
  for (let c = 0; c < pStar; c++) {
    let v = Array.from({ length: p }, () => rng.normal());
    for (const u of cols) {
      const d = u.reduce((s, x, i) => s + x * v[i], 0);
      v = v.map((x, i) => x - d * u[i]);
    }
    const n = Math.hypot(...v);
    cols.push(v.map((x) => x / n));
  }
  return Array.from({ length: p }, (_, j) => cols.map((c) => c[j]));
}

/** The zero-loss point M = √(p/p*)U, Q = MMᵀ, T = I (docs/math.md §2, a = 1/p, b = 1/p*). */
function zeroLossPoint(p: number, pStar: number, seed: number): Overlaps {
  const U = orthonormalColumns(p, pStar, seed);
  const M = U.map((row) => row.map((x) => Math.sqrt(p / pStar) * x));
  const Q = M.map((u) => M.map((v) => u.reduce((s, x, i) => s + x * v[i], 0)));
  return { Q, M, T: eye(pStar) };
}

describe("quadratic Hessian: analytic against finite differences of populationLoss", () => {
  for (const [p, pStar, seed] of [
    [2, 2, 1],
    [3, 2, 2],
  ]) {
    it(`random overlaps and random second layers, p = ${p}, p* = ${pStar}`, () => {
      const rng = createRng(seed + 50);
      const s = spec(quadratic, p, pStar, {
        a: Float64Array.from({ length: p }, () => rng.uniform(-1, 1)),
        b: Float64Array.from({ length: pStar }, () => rng.uniform(0.2, 1)),
      });
      const o = randomPoint(p, pStar, seed);
      const exact = quadraticHessian(s, o);
      const fd = finiteDifferenceHessian(s, o, { basis: exact.basis });
      expect(exact.rank).toBe(p + pStar);
      let scale = 0;
      for (const row of exact.inSpan) for (const x of row) scale = Math.max(scale, Math.abs(x));
      for (let i = 0; i < exact.inSpan.length; i++) {
        for (let k = 0; k < exact.inSpan.length; k++) {
          expect(Math.abs(exact.inSpan[i][k] - fd.inSpan[i][k])).toBeLessThan(1e-5 * scale);
        }
      }
      for (let i = 0; i < p; i++) {
        for (let k = 0; k < p; k++) {
          expect(Math.abs(exact.perpendicular[i][k] - fd.perpendicular[i][k])).toBeLessThan(1e-5 * scale);
        }
      }
    });
  }
});

describe("quadratic Hessian facts (docs/math.md §2, a = 1/p, b = 1/p*, T = I)", () => {
  for (const [p, pStar] of [
    [2, 1],
    [3, 2],
    [4, 4],
  ]) {
    it(`plateau p = ${p}, p* = ${pStar}: a saddle with λ_min = −4/(p p*) ×(p p*) and λ_max = 4/p`, () => {
      const s = spec(quadratic, p, pStar);
      const point = plateauPoint(s, smallStart(p, pStar, 1, 0, 1));
      const h = hessianSpectrum(s, point.overlaps);
      expect(h.method).toBe("analytic");
      const lowest = h.eigenvalues[0];
      expect(Math.abs(lowest.value + 4 / (p * pStar))).toBeLessThan(1e-9);
      expect(lowest.multiplicity).toBe(p * pStar);
      expect(lowest.perpendicular).toBe(false);
      const highest = h.eigenvalues[h.eigenvalues.length - 1];
      expect(Math.abs(highest.value - 4 / p)).toBeLessThan(1e-9);
      // Cross-check by the independent finite-difference route.
      const fd = hessianSpectrum(s, point.overlaps, { method: "finite-differences" });
      expect(Math.abs(fd.inSpan[0] + 4 / (p * pStar))).toBeLessThan(1e-5);
    });
  }

  it("zero-loss point, p = p* = 3: positive semi-definite with p(p−1)/2 rotational zeros", () => {
    const p = 3;
    const s = spec(quadratic, p, p);
    const o = zeroLossPoint(p, p, 4);
    const h = hessianSpectrum(s, o);
    expect(Math.min(...h.inSpan, ...h.perpendicular)).toBeGreaterThan(-1e-10);
    expect(h.inSpan.filter((x) => Math.abs(x) < 1e-10).length).toBe((p * (p - 1)) / 2);
    expect(h.perpendicular.every((x) => x > 1e-3)).toBe(true);
  });

  it("zero-loss point, p = 3 > p* = 2: marginal, with a zero block orthogonal to the span", () => {
    const s = spec(quadratic, 3, 2);
    const o = zeroLossPoint(3, 2, 5);
    const h = hessianSpectrum(s, o);
    expect(h.rank).toBe(2);
    expect(Math.min(...h.inSpan, ...h.perpendicular)).toBeGreaterThan(-1e-10);
    // On the span: p·p* − p*(p*+1)/2 = 3 zeros = p(p−1)/2 here; orthogonal: p − p* = 1 zero, N − 2 times.
    expect(h.inSpan.filter((x) => Math.abs(x) < 1e-10).length).toBe(3);
    expect(h.perpendicular.filter((x) => Math.abs(x) < 1e-10).length).toBe(1);
    const zeroBlock = h.eigenvalues.find((e) => e.perpendicular && Math.abs(e.value) < 1e-10);
    expect(zeroBlock?.multiplicity).toBe("N − 2");
  });
});

describe("erf (closed-form kernel) and other activations", () => {
  it("erf: the gradient-flow plateau is a saddle, the teacher point a minimum", () => {
    const s = spec(erf, 2, 2, { a: Float64Array.from([1, 1]), b: Float64Array.from([1, 1]) });
    const plateau = plateauPoint(s, smallStart(2, 2, 0.2, 1e-2, 3));
    const saddle = hessianSpectrum(s, plateau.overlaps);
    expect(saddle.method).toBe("analytic");
    expect(saddle.kernel).toBe("arcsine");
    expect(saddle.inSpan[0]).toBeLessThan(-1e-4);
    // The same spectrum by finite differences of the population loss.
    const fd = hessianSpectrum(s, plateau.overlaps, { method: "finite-differences" });
    expect(fd.method).toBe("finite-differences");
    for (let k = 0; k < fd.inSpan.length; k++)
      expect(Math.abs(fd.inSpan[k] - saddle.inSpan[k])).toBeLessThan(1e-5);
    const minimum = hessianSpectrum(s, { Q: eye(2), M: eye(2), T: eye(2) });
    expect(Math.min(...minimum.inSpan, ...minimum.perpendicular)).toBeGreaterThan(-1e-6);
    expect(Math.max(...minimum.inSpan)).toBeGreaterThan(1e-2);
  });

  it("rejects an analytic request for an activation without a closed-form kernel, naming method", () => {
    const s = spec(tanh, 2, 2);
    expect(() => hessianSpectrum(s, { Q: eye(2), M: eye(2), T: eye(2) }, { method: "analytic" })).toThrow(
      /method/,
    );
  });
});
