import type { Snapshot } from "@pupil/plugin";
import { erf, quadratic, relu } from "@pupil/plugin-activations";
import { createRng } from "@pupil/tensors";
import { describe, expect, it } from "vitest";
import { recordSteps } from "./schedule.js";
import { simulateOnline } from "./simulate.js";
import { OnlineSimulator, type OnlineSimulatorState } from "./simulator.js";
import { gaussianTeacher, makeSpec } from "./test-helpers.js";

async function collect(it: AsyncIterable<Snapshot>): Promise<Snapshot[]> {
  const out: Snapshot[] = [];
  for await (const s of it) out.push(s);
  return out;
}

const strip = (s: Snapshot) => ({ ...s, throughput: undefined });

describe("record schedule", () => {
  it("log-spaced: α = 10^(k/perDecade) from one step to alphaMax, rounded to whole steps, starting at 0", () => {
    // N = 100: α = 0.01, 0.0316, 0.1, 0.316, 1, 3.16, 10 → steps 1, 3, 10, 32, 100, 316, 1000
    expect(recordSteps(100, 10, { perDecade: 2 })).toEqual([0, 1, 3, 10, 32, 100, 316, 1000]);
  });

  it("explicit α values are rounded to the nearest step; alphaMax is always the last", () => {
    expect(recordSteps(100, 3, { at: [2, 0.123, 0.5, 7] })).toEqual([0, 12, 50, 200, 300]);
  });

  it("a resumed run records only after its step", () => {
    expect(recordSteps(100, 10, { perDecade: 1 }, 10, false)).toEqual([100, 1000]);
  });
});

describe("simulateOnline", () => {
  const spec = makeSpec(erf, { N: 80, p: 3, pStar: 2, lr: 0.6, labelNoise: 0.05 });
  const teacher = gaussianTeacher(2, 80);

  it("yields snapshots at the recorded steps, identical to stepping an OnlineSimulator by hand", async () => {
    const snaps = await collect(
      simulateOnline({ spec, seed: 4, teacher, alphaMax: 5, record: { perDecade: 1, at: [2.5] } }),
    );
    // N = 80: α = 0.1, 1 (10^k from one step, 1/80, up), 2.5 (asked for) and 5 (alphaMax)
    expect(snaps.map((s) => s.step)).toEqual([0, 8, 80, 200, 400]);
    expect(snaps.map((s) => s.t)).toEqual([0, 0.1, 1, 2.5, 5]);
    for (const s of snaps) {
      expect(s.source).toBe("sim");
      expect(s.timeUnit).toBe("alpha");
      expect(s.seed).toBe(4);
    }
    const sim = new OnlineSimulator(spec, { seed: 4, teacher });
    for (const s of snaps) {
      sim.step(s.step - sim.steps);
      expect(strip(sim.snapshot())).toEqual(strip(s));
    }
  });

  it("resuming from a saved state gives the same later snapshots as one uninterrupted run", async () => {
    const record = { perDecade: 3 };
    const whole = await collect(simulateOnline({ spec, seed: 9, teacher, alphaMax: 4, record }));
    let saved: OnlineSimulatorState | undefined;
    await collect(
      simulateOnline({
        spec,
        seed: 9,
        teacher,
        alphaMax: 1,
        record,
        onSnapshot: (sim) => {
          saved = JSON.parse(JSON.stringify(sim.getState()));
        },
      }),
    );
    const rest = await collect(simulateOnline({ spec, from: saved, alphaMax: 4, record }));
    expect(rest[0].step).toBe(172); // 10^(1/3)·80 = 172.3: the first recorded step after α = 1
    expect(rest.map(strip)).toEqual(whole.filter((s) => s.step > 80).map(strip));
  });

  it("stops when its AbortSignal fires", async () => {
    const controller = new AbortController();
    const run = simulateOnline({
      spec,
      seed: 1,
      teacher,
      alphaMax: 1e4,
      record: { perDecade: 1 },
      signal: controller.signal,
    });
    await run.next();
    controller.abort(new Error("stopped by the test"));
    await expect(run.next()).rejects.toThrow(/stopped by the test/);
  });

  it("bad options name the field", async () => {
    await expect(
      collect(simulateOnline({ spec, seed: 1, teacher, record: { perDecade: 0 }, alphaMax: 1 })),
    ).rejects.toThrow(/record\.perDecade/);
    await expect(collect(simulateOnline({ spec, seed: 1, teacher, record: { at: [-1] } }))).rejects.toThrow(
      /record\.at\[0\]/,
    );
    await expect(collect(simulateOnline({ spec, seed: 1, teacher }))).rejects.toThrow(/alphaMax/);
    await expect(collect(simulateOnline({ spec, teacher, alphaMax: 1 }))).rejects.toThrow(/seed/);
    await expect(collect(simulateOnline({ spec, seed: 1, alphaMax: 1 }))).rejects.toThrow(/teacher/);
  });
});

describe("a snapshot's eg is the population loss of the simulated network", () => {
  for (const [name, act] of [
    ["quadratic", quadratic],
    ["erf", erf],
    ["relu (quadrature where no closed form)", relu],
  ] as const) {
    it(`${name}: snapshot loss.gen against a Monte Carlo average of ½(ŷ − y)² with the run's own weights`, () => {
      const N = 40;
      const p = 3;
      const pStar = 2;
      const spec = makeSpec(act, { N, p, pStar, lr: 0.3, secondLayerLr: 0.2 });
      const sim = new OnlineSimulator(spec, { seed: 2, teacher: gaussianTeacher(pStar, N) });
      sim.step(400);
      const eg = sim.snapshot().loss.gen!;
      const { student, teacher, a } = sim.weights;
      const W = student[0].data;
      const Wt = teacher[0].data;
      const rng = createRng("mc");
      const x = new Float64Array(N);
      const samples = 40_000;
      let s1 = 0;
      let s2 = 0;
      for (let n = 0; n < samples; n++) {
        rng.fillNormal(x);
        let yhat = 0;
        for (let j = 0; j < p; j++) {
          let h = 0;
          for (let i = 0; i < N; i++) h += W[j * N + i] * x[i];
          yhat += a[j] * act.f(h / Math.sqrt(N));
        }
        let y = 0;
        for (let r = 0; r < pStar; r++) {
          let h = 0;
          for (let i = 0; i < N; i++) h += Wt[r * N + i] * x[i];
          y += spec.b[r] * act.f(h / Math.sqrt(N));
        }
        const l = 0.5 * (yhat - y) ** 2;
        s1 += l;
        s2 += l * l;
      }
      const mean = s1 / samples;
      const se = Math.sqrt((s2 / samples - mean * mean) / samples);
      expect(Math.abs(eg - mean)).toBeLessThan(5 * se);
      expect(se).toBeLessThan(0.05 * mean); // the check is sharp
    });
  }
});
