import { describe, expect, it } from "vitest";
import { firstCrossings, orderAgreement, recoveryRate, specializationOrder } from "./order.js";

const series = [
  { t: 0, best: [0.2, 0.1, 0.3] },
  { t: 10, best: [0.96, 0.5, 0.3] },
  { t: 20, best: [0.97, 0.5, 0.951] },
  { t: 30, best: [0.9, 0.99, 0.99] },
];

describe("specialization order", () => {
  it("first crossing of ρ* > τ per node, and the crossing order", () => {
    expect(firstCrossings(series)).toEqual([10, 30, 20]);
    expect(specializationOrder(series)).toEqual([0, 2, 1]);
    expect(firstCrossings(series, 0.99)).toEqual([null, null, null]);
    expect(specializationOrder(series, 0.98)).toEqual([1, 2]);
  });

  it("order agreement with fan-out order (index order)", () => {
    expect(orderAgreement([10, 30, 20])).toBeCloseTo(2 / 3, 14);
    expect(orderAgreement([1, 2, 3])).toBe(1);
    expect(orderAgreement([1, null, null])).toBeNull();
  });

  it("recovery rate over seeds", () => {
    expect(
      recoveryRate([
        [0.99, 0.5],
        [0.96, 0.97],
        [0.9, 0.999],
      ]),
    ).toEqual([2 / 3, 2 / 3]);
  });

  it("refuses bad input, naming it", () => {
    expect(() => firstCrossings(series, 2)).toThrow(/threshold/);
    expect(() => firstCrossings([])).toThrow(/series/);
    expect(() => firstCrossings([series[1], series[0]])).toThrow(/non-decreasing/);
    expect(() => recoveryRate([])).toThrow(/finalBest/);
  });
});
