import { erf, quadratic, relu, tanh } from "@pupil/plugin-activations";
import { describe, expect, it } from "vitest";
import { DivergenceError, overlapsOf } from "../common/index.js";
import { wasmKernelAvailable } from "./kernel-wasm.js";
import { initialOverlaps } from "./simulate.js";
import { OnlineSimulator } from "./simulator.js";
import { gaussianTeacher, makeSpec, maxAbsDiff } from "./test-helpers.js";

const kernels = ["js", "wasm"] as const;

describe("OnlineSimulator determinism", () => {
  it("wasm SIMD is available on this Node", () => {
    expect(wasmKernelAvailable()).toBe(true);
  });

  for (const kernel of kernels) {
    it(`${kernel}: the same seed gives bit-identical runs, a different seed a different one`, () => {
      const spec = makeSpec(erf, { N: 64, p: 3, pStar: 2, lr: 0.5, labelNoise: 0.1 });
      const teacher = gaussianTeacher(2, 64);
      const run = (seed: number) => {
        const sim = new OnlineSimulator(spec, { seed, teacher, kernel });
        sim.step(400);
        return sim;
      };
      const a = run(7);
      const b = run(7);
      const c = run(8);
      expect(a.kernelName).toBe(kernel);
      expect(Array.from(a.weights.student[0].data)).toEqual(Array.from(b.weights.student[0].data));
      expect(a.overlaps()).toEqual(b.overlaps());
      expect(a.getState()).toEqual(b.getState());
      expect(maxAbsDiff(a.overlaps().Q, c.overlaps().Q)).toBeGreaterThan(1e-3);
    });
  }
});

describe("wasm kernel against the plain JS oracle", () => {
  // Odd N exercises the scalar tail, p = 6 the four-row block plus two single rows, B = 3 the rank-3 update.
  const cases = [
    { name: "quadratic, p=6, odd N", act: quadratic, over: { N: 73, p: 6, pStar: 2 } },
    {
      name: "erf, batch 3, noise, weight decay, trained second layer",
      act: erf,
      over: {
        N: 50,
        p: 5,
        pStar: 3,
        batch: 3,
        labelNoise: 0.3,
        weightDecay: 0.2,
        secondLayerLr: 0.4,
        lr: 0.8,
      },
    },
    { name: "relu, lr scaled by p", act: relu, over: { N: 41, p: 9, pStar: 1, lrScaling: "eta*p" as const } },
  ];
  for (const { name, act, over } of cases) {
    it(`${name}: bit-identical weights, second layer, overlaps and RNG state`, () => {
      const spec = makeSpec(act, over);
      const teacher = gaussianTeacher(over.pStar, over.N);
      const js = new OnlineSimulator(spec, { seed: 3, teacher, kernel: "js" });
      const wasm = new OnlineSimulator(spec, { seed: 3, teacher, kernel: "wasm" });
      js.step(500);
      wasm.step(500);
      // Identical operation order (two-lane partial sums, no FMA) makes them agree exactly, not just to rounding.
      expect(Array.from(wasm.weights.student[0].data)).toEqual(Array.from(js.weights.student[0].data));
      expect(Array.from(wasm.weights.a)).toEqual(Array.from(js.weights.a));
      expect(wasm.getState()).toEqual(js.getState());
      // and the run really moved
      expect(maxAbsDiff(js.overlaps().Q, initialOverlaps(spec, { seed: 3, teacher }).Q)).toBeGreaterThan(
        1e-3,
      );
    });
  }
});

describe("pipelined steps (B = 1: the next input drawn before the update, one sweep over W)", () => {
  for (const kernel of kernels) {
    it(`${kernel}: step(n) equals n calls of step(1) bit for bit (odd N, p = 6, weight decay)`, () => {
      const spec = makeSpec(erf, { N: 51, p: 6, pStar: 2, weightDecay: 0.3, labelNoise: 0.1, lr: 0.7 });
      const teacher = gaussianTeacher(2, 51);
      const fused = new OnlineSimulator(spec, { seed: 13, teacher, kernel });
      const single = new OnlineSimulator(spec, { seed: 13, teacher, kernel });
      fused.step(300);
      for (let t = 0; t < 300; t++) single.step(1);
      expect(fused.getState()).toEqual(single.getState());
    });
  }
});

describe("incremental overlaps", () => {
  const cases = [
    { name: "B = 1", act: quadratic, over: { N: 120, p: 4, pStar: 2, lr: 0.3 } },
    {
      name: "B = 4 with weight decay",
      act: tanh,
      over: { N: 90, p: 3, pStar: 3, batch: 4, weightDecay: 0.5, lr: 1 },
    },
  ];
  for (const { name, act, over } of cases) {
    for (const kernel of kernels) {
      it(`${name} (${kernel}): the O(p²) updates match Q = WWᵀ/N and M = WW*ᵀ/N recomputed`, () => {
        const spec = makeSpec(act, over);
        const teacher = gaussianTeacher(over.pStar, over.N);
        // recomputeEvery beyond the run: the overlaps are purely incremental here
        const sim = new OnlineSimulator(spec, { seed: 11, teacher, kernel, recomputeEvery: 1e9 });
        sim.step(3000);
        const w = sim.weights;
        const full = overlapsOf(w.student[0].data, w.teacher[0].data, over.N, over.p, over.pStar);
        const inc = sim.overlaps();
        const scale = Math.max(...full.Q.map((r) => Math.max(...r.map(Math.abs))));
        expect(maxAbsDiff(inc.Q, full.Q)).toBeLessThan(1e-11 * scale);
        expect(maxAbsDiff(inc.M, full.M)).toBeLessThan(1e-11 * scale);
        expect(maxAbsDiff(inc.T, full.T)).toBeLessThan(1e-13);
        // the overlaps moved far more than the tolerance
        expect(maxAbsDiff(inc.Q, initialOverlaps(spec, { seed: 11, teacher }).Q)).toBeGreaterThan(1e-2);
      });
    }
  }

  it("initialOverlaps are the exact overlaps of the simulator's first weights", () => {
    const spec = makeSpec(erf, { N: 200, p: 3, pStar: 2 });
    const teacher = gaussianTeacher(2, 200);
    const sim = new OnlineSimulator(spec, { seed: 5, teacher });
    const w = sim.weights;
    expect(initialOverlaps(spec, { seed: 5, teacher })).toEqual(
      overlapsOf(w.student[0].data, w.teacher[0].data, 200, 3, 2),
    );
    // a fresh Gaussian start: Q ≈ I, M = O(N^-½)
    const q = initialOverlaps(spec, { seed: 5, teacher }).Q;
    expect(Math.abs(q[0][0] - 1)).toBeLessThan(5 * Math.sqrt(2 / 200));
  });
});

describe("resume", () => {
  for (const kernel of kernels) {
    it(`${kernel}: a run resumed from getState() (through JSON) is bit-identical to an uninterrupted one`, () => {
      const spec = makeSpec(erf, {
        N: 60,
        p: 3,
        pStar: 2,
        batch: 2,
        labelNoise: 0.2,
        secondLayerLr: 0.5,
        lr: 0.7,
      });
      const teacher = gaussianTeacher(2, 60);
      const whole = new OnlineSimulator(spec, { seed: 21, teacher, kernel, recomputeEvery: 250 });
      whole.step(900);
      const first = new OnlineSimulator(spec, { seed: 21, teacher, kernel, recomputeEvery: 250 });
      first.step(333);
      const saved = JSON.parse(JSON.stringify(first.getState()));
      // resume on the other kernel too: the state is kernel-independent
      const other = kernel === "js" ? "wasm" : "js";
      for (const resumeKernel of [kernel, other] as const) {
        const resumed = OnlineSimulator.fromState(spec, saved, { kernel: resumeKernel });
        expect(resumed.steps).toBe(333);
        resumed.step(567);
        expect(resumed.getState()).toEqual(whole.getState());
        expect(resumed.overlaps()).toEqual(whole.overlaps());
      }
    });
  }

  it("fromState refuses a state for other dimensions, naming the field", () => {
    const spec = makeSpec(erf, { N: 30, p: 2, pStar: 1 });
    const state = new OnlineSimulator(spec, { seed: 1, teacher: gaussianTeacher(1, 30) }).getState();
    expect(() => OnlineSimulator.fromState({ ...spec, p: 3, a: new Float64Array(3) }, state)).toThrow(
      /state\.p/,
    );
    expect(() => OnlineSimulator.fromState(spec, { ...state, format: "x" } as never)).toThrow(
      /state\.format/,
    );
  });
});

describe("divergence and bad input", () => {
  it("a learning rate far too large stops with a DivergenceError naming α and the cause", () => {
    const spec = makeSpec(quadratic, { N: 50, p: 2, pStar: 1, lr: 40 });
    const sim = new OnlineSimulator(spec, { seed: 1, teacher: gaussianTeacher(1, 50) });
    let caught: unknown;
    try {
      sim.step(5000);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DivergenceError);
    const err = caught as DivergenceError;
    expect(err.message).toMatch(/learning rate/);
    expect(err.message).toMatch(/α = /);
    expect(err.step).toBeGreaterThan(0);
    expect(err.alpha).toBeCloseTo(err.step / 50, 12);
  });

  it("the loss bound is checked at snapshots", () => {
    const spec = makeSpec(quadratic, { N: 50, p: 2, pStar: 1, lr: 0.1 });
    const sim = new OnlineSimulator(spec, { seed: 1, teacher: gaussianTeacher(1, 50), maxLoss: 1e-6 });
    expect(() => sim.snapshot()).toThrow(DivergenceError);
  });

  const teacher = gaussianTeacher(2, 20);
  const base = makeSpec(erf, { N: 20, p: 2, pStar: 2 });
  const bad: [string, () => unknown, RegExp][] = [
    ["p < 1", () => new OnlineSimulator({ ...base, p: 0 }, { seed: 1, teacher }), /spec\.p\b/],
    ["N < 1", () => new OnlineSimulator({ ...base, N: 0 }, { seed: 1, teacher }), /spec\.N\b/],
    ["lr ≤ 0", () => new OnlineSimulator({ ...base, lr: 0 }, { seed: 1, teacher }), /spec\.lr\b/],
    ["B < 1", () => new OnlineSimulator({ ...base, batch: 0 }, { seed: 1, teacher }), /spec\.batch\b/],
    [
      "teacher of the wrong shape",
      () => new OnlineSimulator(base, { seed: 1, teacher: gaussianTeacher(3, 20) }),
      /teacher\.layers\[0\].*2×20/,
    ],
    [
      "teacher with the wrong N",
      () => new OnlineSimulator(base, { seed: 1, teacher: gaussianTeacher(2, 21) }),
      /teacher\.layers\[0\]/,
    ],
    [
      "init of the wrong length",
      () => new OnlineSimulator(base, { seed: 1, teacher, init: new Float64Array(3) }),
      /options\.init/,
    ],
    [
      "init with a NaN",
      () => new OnlineSimulator(base, { seed: 1, teacher, init: new Float64Array(40).fill(Number.NaN) }),
      /options\.init\[0\]/,
    ],
    ["non-integer seed", () => new OnlineSimulator(base, { seed: 1.5, teacher }), /options\.seed/],
    [
      "unknown kernel",
      () => new OnlineSimulator(base, { seed: 1, teacher, kernel: "gpu" as never }),
      /options\.kernel/,
    ],
    ["negative step count", () => new OnlineSimulator(base, { seed: 1, teacher }).step(-1), /\bn\b/],
  ];
  for (const [name, make, pattern] of bad) {
    it(`${name} → an error naming the parameter`, () => {
      expect(make).toThrow(pattern);
    });
  }
});

describe("an erf committee's activations evaluated by the kernel", () => {
  // The kernel takes over g and g' when the activation declares family "erf" (confirmed by value). Without the
  // declaration the same function goes through the plugin's f and df: the runs must agree to rounding (the
  // kernel's erf and exp are Cody's and fdlibm's, like the plugin's, so here they agree exactly).
  const { family: _family, ...undeclared } = erf;
  for (const kernel of kernels) {
    it(`${kernel}: the kernel route = the plugin's f/df route, student and teacher, to rounding`, () => {
      const over = { N: 101, p: 5, pStar: 3, lr: 0.4, labelNoise: 0.05 };
      const teacher = gaussianTeacher(3, 101);
      const run = (act: typeof erf) => {
        const sim = new OnlineSimulator(makeSpec(act, over), { seed: 3, teacher, kernel });
        sim.step(1500);
        return sim;
      };
      const viaKernel = run(erf);
      const viaPlugin = run(undeclared as typeof erf);
      const scale = Math.max(...viaPlugin.overlaps().Q.flat().map(Math.abs));
      expect(maxAbsDiff(viaKernel.overlaps().Q, viaPlugin.overlaps().Q)).toBeLessThanOrEqual(1e-10 * scale);
      expect(maxAbsDiff(viaKernel.overlaps().M, viaPlugin.overlaps().M)).toBeLessThanOrEqual(1e-10 * scale);
      expect(viaKernel.steps).toBe(1500);
    });
  }
});
