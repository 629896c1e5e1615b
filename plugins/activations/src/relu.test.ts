import { describe, expect, it } from "vitest";
import { leakyRelu, relu } from "./relu.js";

describe("leaky-relu parameters", () => {
  it("defaults to slope 0.01 and configures other slopes without changing the original", () => {
    expect(leakyRelu.params?.slope.default).toBe(0.01);
    expect(leakyRelu.values).toEqual({ slope: 0.01 });
    expect(leakyRelu.f(-2)).toBe(-0.02);
    const steep = leakyRelu.configure!({ slope: 0.2 });
    expect(steep.values).toEqual({ slope: 0.2 });
    expect(steep.f(-1)).toBe(-0.2);
    expect(steep.df(-1)).toBe(0.2);
    expect(steep.f(3)).toBe(3);
    expect(leakyRelu.f(-1)).toBe(-0.01);
    // configure({}) keeps the current slope; a configured plugin configures again.
    expect(steep.configure!({}).values).toEqual({ slope: 0.2 });
    expect(steep.configure!({ slope: 0.5 }).f(-2)).toBe(-1);
  });

  it("reports parity from the slope: 1 is the identity (odd), -1 is |z| (even)", () => {
    expect(leakyRelu.parity).toBe("none");
    expect(leakyRelu.configure!({ slope: 1 }).parity).toBe("odd");
    const abs = leakyRelu.configure!({ slope: -1 });
    expect(abs.parity).toBe("even");
    expect(abs.f(-3)).toBe(3);
  });

  it("at slope 0 has exactly ReLU's closed forms", () => {
    const zero = leakyRelu.configure!({ slope: 0 });
    const C = { n: 3, data: [1.2, 0.3, -0.4, 0.3, 0.8, 0.1, -0.4, 0.1, 2] };
    expect(zero.integrals!.I2!(C, 0, 2)).toBeCloseTo(relu.integrals!.I2!(C, 0, 2), 15);
    expect(zero.integrals!.J2!(C, 1, 2)).toBeCloseTo(relu.integrals!.J2!(C, 1, 2), 15);
    expect(zero.integrals!.I3!(C, 0, 1, 2)).toBeCloseTo(relu.integrals!.I3!(C, 0, 1, 2), 15);
  });

  it("rejects bad values, naming the parameter", () => {
    expect(() => leakyRelu.configure!({ slope: Number.NaN })).toThrow(
      /'slope' must be a number in \[-1, 1\], got NaN/,
    );
    expect(() => leakyRelu.configure!({ slope: 1.5 })).toThrow(/'slope'.*got 1\.5/);
    expect(() => leakyRelu.configure!({ slope: "0.1" as unknown as number })).toThrow(/'slope'/);
    expect(() => leakyRelu.configure!({ alpha: 0.1 })).toThrow(/unknown parameter 'alpha'.*slope/);
  });
});

describe("relu closed forms at known points", () => {
  it("gives E[relu(u)²] = C/2, E[θ(u)²] = 1/2 and E[θ(u) u relu(u)] = C/2 on the diagonal", () => {
    const C = { n: 1, data: [1.7] };
    expect(relu.integrals!.I2!(C, 0, 0)).toBeCloseTo(0.85, 15);
    expect(relu.integrals!.J2!(C, 0, 0)).toBeCloseTo(0.5, 15);
    expect(relu.integrals!.I3!(C, 0, 0, 0)).toBeCloseTo(0.85, 15);
  });

  it("gives 0 for opposite coordinates (θ = π) and C/(2π) for independent unit ones", () => {
    const opposite = { n: 2, data: [1, -1, -1, 1] };
    expect(relu.integrals!.I2!(opposite, 0, 1)).toBe(0);
    expect(relu.integrals!.J2!(opposite, 0, 1)).toBe(0);
    const independent = { n: 2, data: [1, 0, 0, 1] };
    // E[relu(u)]² = (1/√(2π))² = 1/(2π); P(u_0 > 0, u_1 > 0) = 1/4.
    expect(relu.integrals!.I2!(independent, 0, 1)).toBeCloseTo(1 / (2 * Math.PI), 15);
    expect(relu.integrals!.J2!(independent, 0, 1)).toBeCloseTo(0.25, 15);
  });
});
