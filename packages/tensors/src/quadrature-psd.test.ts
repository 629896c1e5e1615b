// The PSD-safe factorisation: a singular covariance pushed slightly indefinite by rounding (as integrated
// overlaps are) is clamped to its PSD part; a clearly indefinite one is still refused. Moments are checked
// against their closed forms (E z_a z_b = C_ab, Isserlis for fourth moments), an independent route.
import { describe, expect, it } from "vitest";
import { symEig } from "./linalg.js";
import { GaussianQuadrature, PSD_RELATIVE_TOLERANCE } from "./quadrature.js";

/** C = A Aᵀ of rank 2 in 4-D, minus δ·v vᵀ along a null vector v: smallest eigenvalue exactly −δ. */
function nearlySingular(delta: number): number[][] {
  const A = [
    [0.9, 0.1],
    [0.3, 0.8],
    [0.6, 0.45],
    [1.2, -0.2],
  ];
  const C = A.map((r) => A.map((s) => r[0] * s[0] + r[1] * s[1]));
  // A null vector of Aᵀ: v ⟂ both columns of A (solve a small system by Gram–Schmidt on e1).
  const cols = [A.map((r) => r[0]), A.map((r) => r[1])];
  let v = [0, 0, 1, 0];
  const basis: number[][] = [];
  for (const c of cols) {
    let u = [...c];
    for (const b of basis) {
      const d = u.reduce((s, x, i) => s + x * b[i], 0);
      u = u.map((x, i) => x - d * b[i]);
    }
    const n = Math.hypot(...u);
    basis.push(u.map((x) => x / n));
  }
  for (const b of basis) {
    const d = v.reduce((s, x, i) => s + x * b[i], 0);
    v = v.map((x, i) => x - d * b[i]);
  }
  const n = Math.hypot(...v);
  v = v.map((x) => x / n);
  return C.map((row, i) => row.map((x, j) => x - delta * v[i] * v[j]));
}

const flat = (C: number[][]) => Float64Array.from(C.flat());

describe("GaussianQuadrature on nearly singular covariances", () => {
  it("builds the test matrix right: its smallest eigenvalue is −δ", () => {
    expect(symEig(nearlySingular(1e-6)).values[0]).toBeCloseTo(-1e-6, 12);
  });

  for (const relative of [1e-9, 1e-7, 1e-5]) {
    it(`clamps a negative eigenvalue of ${relative} × the largest variance; second and fourth moments stay right`, () => {
      const C = nearlySingular(0);
      const maxDiag = Math.max(...C.map((r, i) => r[i]));
      const spoilt = nearlySingular(relative * maxDiag);
      const q = new GaussianQuadrature(4, 6);
      for (let a = 0; a < 4; a++) {
        for (let b = 0; b < 4; b++) {
          const m2 = q.expect(flat(spoilt), (z) => z[a] * z[b]);
          expect(Math.abs(m2 - C[a][b])).toBeLessThan(4 * relative * maxDiag + 1e-12);
          // Isserlis: E z_a² z_b² = C_aa C_bb + 2 C_ab².
          const m4 = q.expect(flat(spoilt), (z) => z[a] * z[a] * z[b] * z[b]);
          const exact = C[a][a] * C[b][b] + 2 * C[a][b] ** 2;
          expect(Math.abs(m4 - exact)).toBeLessThan(20 * relative * maxDiag * maxDiag + 1e-11);
        }
      }
    });
  }

  it("still refuses clearly indefinite input, naming the pivot", () => {
    const q = new GaussianQuadrature(2, 8);
    expect(() => q.expect([1, 2, 2, 1], (z) => z[0])).toThrow(/positive semidefinite.*negative pivot/);
    const C = nearlySingular(0);
    const maxDiag = Math.max(...C.map((r, i) => r[i]));
    const q4 = new GaussianQuadrature(4, 4);
    expect(() => q4.expect(flat(nearlySingular(20 * PSD_RELATIVE_TOLERANCE * maxDiag)), (z) => z[0])).toThrow(
      /positive semidefinite/,
    );
  });
});
