import { describe, expect, it } from "vitest";
import { createStepper, type IntegratorOptions } from "./steppers.js";

// y' = A y with A = [[-0.1, 1], [-1, -0.1]]: y(t) = e^{-0.1t}(cos t, -sin t) from (1, 0).
const f = (y: Float64Array, dy: Float64Array) => {
  dy[0] = -0.1 * y[0] + y[1];
  dy[1] = -y[0] - 0.1 * y[1];
};
const exact = (t: number) => [Math.exp(-0.1 * t) * Math.cos(t), -Math.exp(-0.1 * t) * Math.sin(t)];

function errorAt(opts: IntegratorOptions, t: number): { error: number; steps: number } {
  const s = createStepper(opts, f, Float64Array.from([1, 0]));
  s.advanceTo(t);
  const e = exact(t);
  return { error: Math.hypot(s.y[0] - e[0], s.y[1] - e[1]), steps: s.state.steps };
}

describe("steppers on a linear ODE with a known solution", () => {
  it("Dormand–Prince reaches its tolerance and tighter tolerances cost more steps", () => {
    const loose = errorAt({ method: "rk45", rtol: 1e-6, atol: 1e-9 }, 10);
    const tight = errorAt({ method: "rk45", rtol: 1e-11, atol: 1e-13 }, 10);
    expect(loose.error).toBeLessThan(1e-4);
    expect(tight.error).toBeLessThan(1e-9);
    expect(tight.steps).toBeGreaterThan(loose.steps);
  });

  it("RK4 converges at order 4 and Euler at order 1 (error ratio when halving dt)", () => {
    const rk4 = errorAt({ method: "rk4", dt: 0.1 }, 5).error / errorAt({ method: "rk4", dt: 0.05 }, 5).error;
    const euler =
      errorAt({ method: "euler", dt: 0.01 }, 5).error / errorAt({ method: "euler", dt: 0.005 }, 5).error;
    expect(rk4).toBeGreaterThan(14);
    expect(rk4).toBeLessThan(18);
    expect(euler).toBeGreaterThan(1.8);
    expect(euler).toBeLessThan(2.2);
  });

  it("lands exactly on every requested time", () => {
    for (const opts of [
      { method: "rk45" } as const,
      { method: "rk4", dt: 0.3 } as const,
      { method: "euler", dt: 0.07 } as const,
    ]) {
      const s = createStepper(opts, f, Float64Array.from([1, 0]));
      for (const t of [0.1, 1 / 3, 2.5, 2.5, 7.123456789]) {
        s.advanceTo(t);
        expect(s.state.t).toBe(t);
      }
    }
  });

  it("rejects bad options naming the field", () => {
    expect(() => createStepper({ method: "rk4", dt: 0 }, f, new Float64Array(2))).toThrow(/integrator\.dt/);
    expect(() => createStepper({ method: "rk45", rtol: -1 }, f, new Float64Array(2))).toThrow(
      /integrator\.rtol/,
    );
    expect(() => createStepper({ method: "midpoint" } as never, f, new Float64Array(2))).toThrow(
      /integrator\.method/,
    );
  });
});
