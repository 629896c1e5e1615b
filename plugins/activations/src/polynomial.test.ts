// linear and quadratic closed forms against a brute-force Isserlis sum over all pairings: an exact,
// independent route (Monte Carlo in integrals.test.ts is another).
import type { Covariance } from "@pupil/plugin";
import { describe, expect, it } from "vitest";
import { linear, quadratic } from "./polynomial.js";
import { indexTuples } from "./test-support/monte-carlo.js";

/** E[u_{x1} … u_{xm}] for u ~ N(0, C): the sum over perfect matchings of the product of C entries. */
function isserlis(C: Covariance, indices: number[]): number {
  if (indices.length === 0) return 1;
  if (indices.length % 2 === 1) return 0;
  const [first, ...rest] = indices;
  let sum = 0;
  for (let j = 0; j < rest.length; j++) {
    const others = rest.filter((_, k) => k !== j);
    sum += C.data[first * C.n + rest[j]] * isserlis(C, others);
  }
  return sum;
}

const C: Covariance = {
  n: 3,
  data: [1.3, 0.4, -0.7, 0.4, 0.9, 0.25, -0.7, 0.25, 2.1],
};

describe("polynomial activations vs Isserlis", () => {
  it("quadratic: I2 = E[u_a² u_b²], J2 = E[2u_a 2u_b], I3 = E[2u_i u_b u_c²], I4 = E[4 u_i u_k u_a² u_b²]", () => {
    const q = quadratic.integrals!;
    for (const [a, b] of indexTuples(3, 2)) {
      expect(q.I2!(C, a, b)).toBeCloseTo(isserlis(C, [a, a, b, b]), 12);
      expect(q.J2!(C, a, b)).toBeCloseTo(4 * isserlis(C, [a, b]), 12);
    }
    for (const [i, b, c] of indexTuples(3, 3)) {
      expect(q.I3!(C, i, b, c)).toBeCloseTo(2 * isserlis(C, [i, b, c, c]), 12);
    }
    for (const [i, k, a, b] of indexTuples(3, 4)) {
      expect(q.I4!(C, i, k, a, b)).toBeCloseTo(4 * isserlis(C, [i, k, a, a, b, b]), 12);
    }
  });

  it("linear: I2 = E[u_a u_b], J2 = 1, I3 = E[u_b u_c], I4 = E[u_a u_b]", () => {
    const l = linear.integrals!;
    for (const [i, k, a, b] of indexTuples(3, 4)) {
      expect(l.I2!(C, a, b)).toBe(isserlis(C, [a, b]));
      expect(l.J2!(C, a, b)).toBe(1);
      expect(l.I3!(C, i, a, b)).toBe(isserlis(C, [a, b]));
      expect(l.I4!(C, i, k, a, b)).toBe(isserlis(C, [a, b]));
    }
  });

  it("quadratic I4 at a single unit variance is E[4u⁶] = 60", () => {
    expect(quadratic.integrals!.I4!({ n: 1, data: [1] }, 0, 0, 0, 0)).toBe(60);
  });
});
