import type { Overlaps } from "@pupil/dynamics";
import { defineActivation } from "@pupil/plugin";
import { erf, linear, quadratic, relu, tanh } from "@pupil/plugin-activations";
import { createRng } from "@pupil/tensors";
import { describe, expect, it } from "vitest";
import { plateauPoint } from "../plateau/fixed-point.js";
import { smallStart, spec } from "../plateau/test-spec.test-util.js";
import { analyticHessian, finiteDifferenceHessian, hessianSpectrum, quadraticHessian } from "./hessian.js";
import {
  arcsineKernel,
  declaredPairKernel,
  type KernelDerivatives,
  linearKernel,
  type PairKernel,
  squareKernel,
} from "./kernel.js";
import { structuredKernelHessian } from "./kernel-hessian.js";
import { numericPairKernel } from "./kernel-numeric.js";

/** Overlaps of random vectors in R^dim (Ω positive definite when dim ≥ p + p*). */
function randomPoint(p: number, pStar: number, seed: number, dim = p + pStar + 1): Overlaps {
  const rng = createRng(seed);
  const X = Array.from({ length: p + pStar }, () =>
    Array.from({ length: dim }, () => (1.2 * rng.normal()) / Math.sqrt(dim)),
  );
  const dot = (u: number[], v: number[]) => u.reduce((s, x, i) => s + x * v[i], 0);
  return {
    Q: X.slice(0, p).map((u) => X.slice(0, p).map((v) => dot(u, v))),
    M: X.slice(0, p).map((u) => X.slice(p).map((v) => dot(u, v))),
    T: X.slice(p).map((u) => X.slice(p).map((v) => dot(u, v))),
  };
}

const blank = (): KernelDerivatives => ({
  value: 0,
  g1: 0,
  g2: 0,
  g3: 0,
  h11: 0,
  h22: 0,
  h33: 0,
  h12: 0,
  h13: 0,
  h23: 0,
});

describe("pair kernels: closed-form derivatives against central differences of the kernel's value", () => {
  const points: [number, number, number][] = [
    [0.8, 1.3, 0.4],
    [2.1, 0.3, -0.6],
    [1, 1, 0.999],
  ];
  for (const kernel of [arcsineKernel, squareKernel, linearKernel] as PairKernel[]) {
    it(kernel.name, () => {
      for (const x0 of points) {
        const f = (x: number[]) => kernel.value(x[0], x[1], x[2]);
        const d = blank();
        kernel.pair(x0[0], x0[1], x0[2], d);
        expect(d.value).toBeCloseTo(f(x0), 14);
        const h = 1e-4;
        const at = (i: number, si: number, j = -1, sj = 0) => {
          const x = [...x0];
          x[i] += si * h;
          if (j >= 0) x[j] += sj * h;
          return f(x);
        };
        const grad = [0, 1, 2].map((i) => (at(i, 1) - at(i, -1)) / (2 * h));
        const hess = (i: number, j: number) =>
          i === j
            ? (at(i, 1) - 2 * f(x0) + at(i, -1)) / (h * h)
            : (at(i, 1, j, 1) - at(i, 1, j, -1) - at(i, -1, j, 1) + at(i, -1, j, -1)) / (4 * h * h);
        expect(Math.abs(d.g1 - grad[0])).toBeLessThan(1e-7);
        expect(Math.abs(d.g2 - grad[1])).toBeLessThan(1e-7);
        expect(Math.abs(d.g3 - grad[2])).toBeLessThan(1e-7);
        const expected = [d.h11, d.h22, d.h33, d.h12, d.h13, d.h23];
        const numeric = [hess(0, 0), hess(1, 1), hess(2, 2), hess(0, 1), hess(0, 2), hess(1, 2)];
        for (let k = 0; k < 6; k++) expect(Math.abs(expected[k] - numeric[k])).toBeLessThan(2e-5);
        // The diagonal I2(a,a) = K(c, c, c).
        const [v, d1, d2] = kernel.diagonal(x0[0]);
        const g = (c: number) => kernel.value(c, c, c);
        expect(v).toBeCloseTo(g(x0[0]), 14);
        expect(Math.abs(d1 - (g(x0[0] + h) - g(x0[0] - h)) / (2 * h))).toBeLessThan(1e-7);
        expect(Math.abs(d2 - (g(x0[0] + h) - 2 * g(x0[0]) + g(x0[0] - h)) / (h * h))).toBeLessThan(2e-5);
      }
    });
  }
});

describe("declaredPairKernel: recognised from the declared I2's values, never the id", () => {
  it("erf → arcsine, quadratic → square, linear → linear", () => {
    expect(declaredPairKernel(erf)).toBe(arcsineKernel);
    expect(declaredPairKernel(quadratic)).toBe(squareKernel);
    expect(declaredPairKernel(linear)).toBe(linearKernel);
  });

  it("relu and tanh (no such kernel) get none; neither does an erf whose I2 is 5% off", () => {
    expect(declaredPairKernel(relu)).toBeUndefined();
    expect(declaredPairKernel(tanh)).toBeUndefined();
    const integrals = erf.integrals as NonNullable<typeof erf.integrals>;
    const wrong = defineActivation({
      ...erf,
      id: "erf",
      integrals: {
        ...integrals,
        I2: (C, a, b) => 1.05 * (integrals.I2 as NonNullable<typeof integrals.I2>)(C, a, b),
      },
    });
    expect(declaredPairKernel(wrong)).toBeUndefined();
  });

  it("a renamed copy of erf still gets the arcsine kernel", () => {
    expect(declaredPairKernel(defineActivation({ ...erf, id: "someone/erf-copy" }))).toBe(arcsineKernel);
  });
});

describe("analytic erf Hessian against finite differences of populationLoss (independent route)", () => {
  for (const [p, pStar, seed] of [
    [2, 2, 1],
    [3, 2, 2],
    [4, 1, 3],
  ]) {
    it(`random overlaps, random second layers, p = ${p}, p* = ${pStar}`, () => {
      const rng = createRng(seed + 70);
      const s = spec(erf, p, pStar, {
        a: Float64Array.from({ length: p }, () => rng.uniform(-1.5, 1.5)),
        b: Float64Array.from({ length: pStar }, () => rng.uniform(0.3, 1.5)),
      });
      const o = randomPoint(p, pStar, seed);
      const exact = analyticHessian(s, o);
      const fd = finiteDifferenceHessian(s, o, { basis: exact.basis });
      expect(exact.rank).toBe(p + pStar);
      let scale = 0;
      for (const row of exact.inSpan) for (const x of row) scale = Math.max(scale, Math.abs(x));
      expect(scale).toBeGreaterThan(1e-2);
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

  it("a trained second layer (overlaps.v) is the one differentiated", () => {
    const s = spec(erf, 2, 2, { a: Float64Array.from([1, 1]), b: Float64Array.from([1, 1]) });
    const o = { ...randomPoint(2, 2, 9), v: [0.4, -1.3] };
    const exact = analyticHessian(s, o);
    const fd = finiteDifferenceHessian(s, o, { basis: exact.basis });
    for (let i = 0; i < exact.inSpan.length; i++) {
      for (let k = 0; k < exact.inSpan.length; k++) {
        expect(Math.abs(exact.inSpan[i][k] - fd.inSpan[i][k])).toBeLessThan(1e-6);
      }
    }
  });
});

describe("square kernel route against the quadratic closed form", () => {
  it("agrees with quadraticHessian to rounding (p = 3, p* = 2, random a, b)", () => {
    const rng = createRng(5);
    const s = spec(quadratic, 3, 2, {
      a: Float64Array.from({ length: 3 }, () => rng.uniform(-1, 1)),
      b: Float64Array.from({ length: 2 }, () => rng.uniform(0.2, 1)),
    });
    const o = randomPoint(3, 2, 6);
    const kernelRoute = analyticHessian(s, o);
    const closed = quadraticHessian(s, o, kernelRoute.basis);
    for (let i = 0; i < closed.inSpan.length; i++) {
      for (let k = 0; k < closed.inSpan.length; k++) {
        expect(Math.abs(kernelRoute.inSpan[i][k] - closed.inSpan[i][k])).toBeLessThan(1e-12);
      }
    }
    for (let i = 0; i < 3; i++) {
      for (let k = 0; k < 3; k++) {
        expect(Math.abs(kernelRoute.perpendicular[i][k] - closed.perpendicular[i][k])).toBeLessThan(1e-12);
      }
    }
  });
});

describe("structured Hessian product", () => {
  it("apply(v) equals the dense matrix times v (erf, p = 5, p* = 3, random point and second layers)", () => {
    const rng = createRng(21);
    const s = spec(erf, 5, 3, {
      a: Float64Array.from({ length: 5 }, () => rng.uniform(-1, 1)),
      b: Float64Array.from({ length: 3 }, () => rng.uniform(0.2, 1)),
    });
    const h = structuredKernelHessian(s, randomPoint(5, 3, 22), arcsineKernel);
    const H = h.dense();
    const v = Float64Array.from({ length: h.size }, () => rng.normal());
    const y = new Float64Array(h.size);
    h.apply(v, y);
    for (let i = 0; i < h.size; i++) {
      let expected = 0;
      for (let k = 0; k < h.size; k++) expected += H[i * h.size + k] * v[k];
      expect(Math.abs(y[i] - expected)).toBeLessThan(1e-12 * (1 + Math.abs(expected)));
    }
  });
});

describe("hessianSpectrum solvers", () => {
  it("Lanczos extremes (denseLimit below the size) equal the dense spectrum's ends", () => {
    const s = spec(erf, 6, 2, { a: new Float64Array(6).fill(1), b: new Float64Array(2).fill(1) });
    const o = randomPoint(6, 2, 11);
    const dense = hessianSpectrum(s, o);
    expect(dense.solver).toBe("dense");
    expect(dense.partial).toBe(false);
    expect(dense.inSpan.length).toBe(6 * 8);
    const lanczos = hessianSpectrum(s, o, { denseLimit: 10, extremes: 3 });
    expect(lanczos.solver).toBe("lanczos");
    expect(lanczos.partial).toBe(true);
    const n = dense.inSpan.length;
    const scale = Math.max(...dense.inSpan.map(Math.abs));
    for (let k = 0; k < 3; k++) {
      expect(Math.abs(lanczos.inSpan[k] - dense.inSpan[k])).toBeLessThan(1e-9 * scale);
      expect(Math.abs(lanczos.inSpan[lanczos.inSpan.length - 1 - k] - dense.inSpan[n - 1 - k])).toBeLessThan(
        1e-9 * scale,
      );
    }
    expect(lanczos.eigenvalues.find((e) => !e.perpendicular)?.multiplicity).toBe("≥ 1");
  });

  it("at scale (p = 24, p* = 2: side 624, Lanczos): the quadratic plateau's λ_min = −4/(p p*), λ_max = 4/p", () => {
    const p = 24;
    const s = spec(quadratic, p, 2);
    const point = plateauPoint(s, smallStart(p, 2, 1, 0, 1));
    const h = hessianSpectrum(s, point.overlaps);
    expect(h.solver).toBe("lanczos");
    expect(Math.abs(h.inSpan[0] + 4 / (p * 2))).toBeLessThan(1e-9);
    const top = Math.max(h.inSpan[h.inSpan.length - 1], h.perpendicular[h.perpendicular.length - 1]);
    expect(Math.abs(top - 4 / p)).toBeLessThan(1e-9);
  });

  it("relu (no closed-form kernel derivatives) takes the kernel-differences route", () => {
    const s = spec(relu, 2, 1);
    const h = hessianSpectrum(s, randomPoint(2, 1, 4));
    expect(h.method).toBe("kernel-differences");
    expect(() => hessianSpectrum(s, randomPoint(2, 1, 4), { method: "analytic" })).toThrow(/method/);
  });
});

describe("kernel differences (no closed-form kernel): against finite differences of populationLoss", () => {
  for (const [name, act, seed] of [
    ["tanh (quadrature I2)", tanh, 31],
    ["relu (declared I2, kink away from ρ = ±1)", relu, 32],
  ] as const) {
    it(`${name}, p = 3, p* = 2, random point and second layers`, () => {
      const rng = createRng(seed);
      const s = spec(act, 3, 2, {
        a: Float64Array.from({ length: 3 }, () => rng.uniform(-1.5, 1.5)),
        b: Float64Array.from({ length: 2 }, () => rng.uniform(0.3, 1.5)),
      });
      const o = randomPoint(3, 2, seed);
      const kernel = numericPairKernel(act);
      const h = structuredKernelHessian(s, o, kernel);
      expect(kernel.ok).toBe(true);
      const H = h.dense();
      const fd = finiteDifferenceHessian(s, o, { basis: h.basis });
      let scale = 0;
      for (const x of H) scale = Math.max(scale, Math.abs(x));
      expect(scale).toBeGreaterThan(1e-2);
      for (let i = 0; i < h.size; i++) {
        for (let k = 0; k < h.size; k++) {
          expect(Math.abs(H[i * h.size + k] - fd.inSpan[i][k])).toBeLessThan(1e-4 * scale);
        }
      }
      for (let i = 0; i < 3; i++) {
        for (let k = 0; k < 3; k++) {
          expect(Math.abs(h.perpendicular[i * 3 + k] - fd.perpendicular[i][k])).toBeLessThan(1e-4 * scale);
        }
      }
      const spectrum = hessianSpectrum(s, o);
      expect(spectrum.method).toBe("kernel-differences");
      const byLoss = hessianSpectrum(s, o, { method: "finite-differences" });
      for (let k = 0; k < spectrum.inSpan.length; k++) {
        expect(Math.abs(spectrum.inSpan[k] - byLoss.inSpan[k])).toBeLessThan(1e-4 * scale);
      }
    });
  }

  it("a student equal to a teacher (singular pair covariance) falls back to the loss route", () => {
    const s = spec(tanh, 2, 2);
    const o = {
      Q: [
        [1, 0],
        [0, 1],
      ],
      M: [
        [1, 0],
        [0, 0.5],
      ],
      T: [
        [1, 0],
        [0, 1],
      ],
    };
    expect(hessianSpectrum(s, o).method).toBe("finite-differences");
  });
});
