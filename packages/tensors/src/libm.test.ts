import { describe, expect, it } from "vitest";
import { fdlibmExp, fdlibmLog } from "./libm.js";
import { createRng } from "./rng.js";

/** |a − b| in units of the last place of b. */
function ulps(a: number, b: number): number {
  if (a === b) return 0;
  const e = Math.floor(Math.log2(Math.abs(b)));
  return Math.abs(a - b) / 2 ** Math.max(e - 52, -1074);
}

describe("fdlibm exp and log", () => {
  const rng = createRng("libm");
  const inputs = (n: number, draw: () => number) => Array.from({ length: n }, draw);

  it("agree with the engine's Math.exp / Math.log to 1 ulp over their ranges", () => {
    let worst = 0;
    for (const x of [
      ...inputs(20000, () => (rng.nextFloat64() - 0.5) * 1490),
      ...inputs(20000, () => -0.5 * (4 * rng.nextFloat64()) ** 2), // the ziggurat's wedge test
      ...inputs(20000, () => (rng.nextFloat64() - 0.5) * 1e-6),
    ]) {
      worst = Math.max(worst, ulps(fdlibmExp(x), Math.exp(x)));
    }
    for (const x of [
      ...inputs(20000, () => 1 - rng.nextFloat64()), // the ziggurat's tail
      ...inputs(20000, () => 2 ** ((rng.nextFloat64() - 0.5) * 2000)),
      ...inputs(20000, () => 1 + (rng.nextFloat64() - 0.5) * 1e-5),
      ...inputs(200, () => rng.nextFloat64() * 1e-310), // subnormal
    ]) {
      worst = Math.max(worst, ulps(fdlibmLog(x), Math.log(x)));
    }
    expect(worst).toBeLessThanOrEqual(1);
  });

  it("are exact where the answer is, and handle the special values", () => {
    expect(fdlibmExp(0)).toBe(1);
    expect(fdlibmLog(1)).toBe(0);
    expect(fdlibmLog(2 ** 40)).toBe(40 * Math.LN2);
    expect(fdlibmExp(1)).toBe(Math.E);
    expect(fdlibmExp(800)).toBe(Number.POSITIVE_INFINITY);
    expect(fdlibmExp(-800)).toBe(0);
    expect(fdlibmExp(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(fdlibmExp(Number.NaN)).toBeNaN();
    expect(fdlibmLog(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(fdlibmLog(-1)).toBeNaN();
    expect(fdlibmLog(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });
});
