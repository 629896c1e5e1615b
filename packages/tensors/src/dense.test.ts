import { describe, expect, it } from "vitest";
import {
  add,
  commutator,
  eye,
  frobenius,
  fromRows,
  isSymmetric,
  matMul,
  scale,
  sub,
  toRows,
  trace,
  transpose,
  zeros,
} from "./dense.js";

const A = [
  [1, 2, 3],
  [4, 5, 6],
];
const B = [
  [7, 8],
  [9, 10],
  [11, 12],
];

describe("dense helpers", () => {
  it("build, transpose and multiply (hand-computed products)", () => {
    expect(zeros(2, 3)).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(eye(2)).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(transpose(A)).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    // [1 2 3; 4 5 6]·[7 8; 9 10; 11 12] = [58 64; 139 154]
    expect(matMul(A, B)).toEqual([
      [58, 64],
      [139, 154],
    ]);
    expect(matMul(eye(2), A)).toEqual(A);
  });

  it("add, sub, scale, frobenius, trace, commutator", () => {
    expect(add(A, A)).toEqual(scale(A, 2));
    expect(sub(A, A)).toEqual(zeros(2, 3));
    expect(frobenius(A)).toBeCloseTo(Math.sqrt(1 + 4 + 9 + 16 + 25 + 36), 14);
    expect(trace(matMul(A, B))).toBe(58 + 154);
    const P = [
      [0, 1],
      [0, 0],
    ];
    const Q = [
      [0, 0],
      [1, 0],
    ];
    // [P, Q] = PQ − QP = diag(1, −1)
    expect(commutator(P, Q)).toEqual([
      [1, 0],
      [0, -1],
    ]);
    expect(frobenius(commutator(eye(2), P))).toBe(0);
  });

  it("round-trips flat row-major data", () => {
    const flat = fromRows(A);
    expect(Array.from(flat)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(toRows(flat, 2, 3)).toEqual(A);
    expect(toRows([1, 2, 3, 4, 5, 6], 3, 2)).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
  });

  it("isSymmetric uses a relative tolerance", () => {
    expect(
      isSymmetric([
        [1, 2],
        [2, 1],
      ]),
    ).toBe(true);
    expect(
      isSymmetric(
        [
          [1, 2],
          [2 + 1e-9, 1],
        ],
        1e-12,
      ),
    ).toBe(false);
    expect(
      isSymmetric(
        [
          [1, 2],
          [2 + 1e-13, 1],
        ],
        1e-12,
      ),
    ).toBe(true);
    expect(isSymmetric(A)).toBe(false);
  });

  it("names the bad argument", () => {
    expect(() => matMul(A, A)).toThrow(/B: expected 3 rows/);
    expect(() => add(A, B)).toThrow(/B: expected shape 2×3/);
    expect(() => trace(A)).toThrow(/A: expected a square/);
    expect(() => transpose([[1, 2], [3]])).toThrow(/A\[1\]/);
    expect(() => toRows([1, 2], 2, 2)).toThrow(/data/);
    expect(() => zeros(-1)).toThrow(/rows/);
    expect(() => fromRows([])).toThrow(/rows/);
  });
});
