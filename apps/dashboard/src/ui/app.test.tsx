import { buildRegistry, plateauObserver, resolveConfig, runExperiment } from "@pupil/experiments";
import type { Snapshot } from "@pupil/plugin";
import activations from "@pupil/plugin-activations";
import teachers from "@pupil/plugin-teachers";
import { render } from "ink-testing-library";
import { describe, expect, it, vi } from "vitest";
import { Dashboard } from "./app.js";
import { sparkline, studentOrder } from "./format.js";
import { DashboardStore } from "./store.js";

const config = resolveConfig({
  name: "panel-test",
  kind: "paired",
  N: 100,
  lr: 0.1,
  alphaMax: 10,
  model: { activation: "quadratic", p: 3, pStar: 2 },
});
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ESC = String.fromCharCode(27);
const strip = (s: string) =>
  s
    .split(ESC)
    .map((part, i) => (i === 0 ? part : part.replace(/^\[[0-9;]*m/, "")))
    .join("");

function snap(source: string, t: number, eg: number, M: number[][], Qd: number[]): Snapshot {
  const Q = Qd.map((q, j) => Qd.map((_, k) => (j === k ? q : 0)));
  return {
    step: Math.round(t * 100),
    t,
    timeUnit: "alpha",
    source,
    loss: { gen: eg },
    overlaps: {
      Q,
      M,
      T: [
        [1, 0],
        [0, 1],
      ],
    },
    metrics: {},
  };
}

describe("dashboard panels", () => {
  it("a train run: epochs on the axis, ρ*_j per teacher node drawn from the metric's declared view, no empty overlap panels", async () => {
    const metricsPack = (await import("@pupil/plugin-metrics")).default;
    const registry = buildRegistry({ packs: [activations, teachers, metricsPack] });
    const train = resolveConfig(
      { kind: "train", lr: 0.01, train: { epochs: 10, metrics: ["specialization-best"] } },
      { registry },
    );
    const store = new DashboardStore(train, { registry });
    const controls = { pause: vi.fn(), resume: vi.fn(), step: vi.fn(), stop: vi.fn() };
    const ui = render(<Dashboard store={store} controls={controls} fps={50} />);
    const best = [0.97, 0.5, 0.96, 0.2];
    store.apply({
      type: "snapshot",
      snapshot: {
        step: 10,
        t: 2,
        timeUnit: "epoch",
        source: "train",
        loss: { train: 0.1, test: 0.2 },
        metrics: { "specialization-best": best },
      },
    });
    await wait(100);
    const frame = strip(ui.lastFrame() ?? "");
    expect(frame).toContain("best match ρ*_j");
    expect(frame).toContain("2/4 > 0.95");
    expect(frame).toContain("log epoch");
    expect(frame).not.toContain("M: –");
    expect(frame).not.toContain("diag Q");
    expect(frame).not.toContain("log α");
    ui.unmount();
  });

  it("show eg beside the ODE's prediction, their difference, M, diag Q and the status, within 80 columns", async () => {
    const store = new DashboardStore(config, { dir: "runs/x" });
    const controls = { pause: vi.fn(), resume: vi.fn(), step: vi.fn(), stop: vi.fn() };
    const ui = render(<Dashboard store={store} controls={controls} fps={50} />);
    const M = [
      [0.12, -0.5],
      [0.93, 0.01],
      [0.2, 0.4],
    ];
    store.apply({ type: "snapshot", snapshot: snap("ode", 2, 0.25, M, [1, 1, 1]) });
    store.apply({ type: "snapshot", snapshot: snap("sim", 2, 0.3, M, [0.91, 1.2, 0.77]) });
    await wait(100);
    const frame = strip(ui.lastFrame() ?? "");
    expect(frame).toContain("panel-test");
    expect(frame).toContain("sim 0.3000");
    expect(frame).toContain("ode 0.2500");
    expect(frame).toContain("Δ 20.0%"); // (0.3 − 0.25)/0.25
    expect(frame).toContain("0.93");
    expect(frame).toContain("-0.50");
    expect(frame).toContain("0.910 1.20 0.770");
    expect(frame).toContain("running");
    expect(frame).toContain("log: runs/x");
    for (const line of frame.split("\n")) expect([...line].length).toBeLessThanOrEqual(80);
    // students ordered by their best teacher: s1 (t0, 0.93), s0 (t1, −0.5), s2 (t1, 0.4)
    expect(frame.indexOf("s1 ")).toBeLessThan(frame.indexOf("s0 "));
    expect(frame.indexOf("s0 ")).toBeLessThan(frame.indexOf("s2 "));
    ui.unmount();
  });

  it("keys: space pauses and resumes, s steps, q stops, l and ? toggle", async () => {
    const store = new DashboardStore(config);
    const controls = { pause: vi.fn(), resume: vi.fn(), step: vi.fn(), stop: vi.fn() };
    const ui = render(<Dashboard store={store} controls={controls} fps={50} />);
    await wait(50);
    ui.stdin.write(" ");
    expect(controls.pause).toHaveBeenCalledTimes(1);
    store.apply({ type: "status", status: "paused" });
    ui.stdin.write(" ");
    expect(controls.resume).toHaveBeenCalledTimes(1);
    ui.stdin.write("s");
    expect(controls.step).toHaveBeenCalledTimes(1);
    ui.stdin.write("l");
    ui.stdin.write("?");
    await wait(100);
    const frame = strip(ui.lastFrame() ?? "");
    expect(frame).toContain("lin α");
    expect(frame).toContain("toggle log/linear α");
    ui.stdin.write("q");
    expect(controls.stop).toHaveBeenCalledTimes(1);
    ui.unmount();
  });

  it("renders at most fps frames a second however fast snapshots come", async () => {
    const store = new DashboardStore(config);
    const controls = { pause: vi.fn(), resume: vi.fn(), step: vi.fn(), stop: vi.fn() };
    const ui = render(<Dashboard store={store} controls={controls} fps={10} />);
    const before = ui.frames.length;
    for (let i = 1; i <= 2000; i++)
      store.apply({
        type: "snapshot",
        snapshot: snap(
          "sim",
          i / 200,
          1 / i,
          [
            [0, 0],
            [0, 0],
            [0, 0],
          ],
          [1, 1, 1],
        ),
      });
    await wait(350);
    expect(ui.frames.length - before).toBeLessThanOrEqual(5);
    expect(strip(ui.lastFrame() ?? "")).toContain("α 10.0/10.0");
    ui.unmount();
  });

  it("pauses and resumes a real run from the keyboard", async () => {
    const registry = await buildRegistry({ packs: [activations, teachers] });
    const handle = runExperiment(
      resolveConfig({ ...config, alphaMax: 3, record: { perDecade: 10 } }),
      registry,
    );
    const store = new DashboardStore(config);
    const ui = render(<Dashboard store={store} controls={handle} fps={50} />);
    ui.stdin.write(" ");
    const done = (async () => {
      for await (const e of handle.events()) store.apply(e);
    })();
    await wait(200);
    expect(strip(ui.lastFrame() ?? "")).toContain("paused");
    const alpha = store.model.alpha;
    await wait(150);
    expect(store.model.alpha).toBe(alpha);
    ui.stdin.write(" ");
    await done;
    await wait(60);
    expect(store.model.status).toBe("done");
    expect(store.model.alpha).toBe(3);
    ui.unmount();
  });
});

describe("dashboard store", () => {
  it("measures the rate and ETA after a one-second warm-up, ignoring the slow start", () => {
    let wall = 0;
    const store = new DashboardStore(resolveConfig({ ...config, alphaMax: 100 }), { now: () => wall });
    const feed = (t: number, at: number) => {
      wall = at;
      store.apply({
        type: "snapshot",
        snapshot: snap(
          "sim",
          t,
          0.5,
          [
            [0, 0],
            [0, 0],
            [0, 0],
          ],
          [1, 1, 1],
        ),
      });
    };
    feed(0, 0);
    feed(1, 0.5); // warm-up: 2 α/s, not representative
    expect(store.model.etaSeconds).toBeUndefined();
    feed(2, 1.0); // first point after warm-up: the reference
    feed(12, 2.0);
    feed(22, 3.0); // (22 − 2) α in 2 s = 10 α/s
    expect(store.model.rate).toBeCloseTo(10, 12);
    expect(store.model.etaSeconds).toBeCloseTo((100 - 22) / 10, 12);
  });

  it("a log read back from disk (pupil watch) gets the same events from the kind's live analysis", () => {
    const M0 = [
      [0, 0],
      [0, 0],
      [0, 0],
    ];
    const store = new DashboardStore(config, { observe: () => plateauObserver(() => 0.5) });
    for (const [t, eg] of [
      [0, 0.9],
      [1, 0.51],
      [2, 0.5],
      [3, 0.3],
      [4, 0.2],
    ]) {
      store.apply({ type: "snapshot", snapshot: snap("sim", t, eg, M0, [1, 1, 1]) });
    }
    const events = store.model.events.join("\n");
    expect(events).toMatch(/sim: plateau entered at α=1\.00 \(eg=0\.510\)/);
    // left and escape: eg crosses 0.25 between α = 3 (0.3) and α = 4 (0.2), at 3.5
    expect(events).toMatch(/sim: plateau left at α=3\.50/);
    expect(events).toMatch(/sim: escape at α=3\.50/);
  });

  it("logs the engine's analysis events (no thresholds of its own)", () => {
    const store = new DashboardStore(config);
    const M0 = [
      [0, 0],
      [0, 0],
      [0, 0],
    ];
    // Flat eg alone is no plateau here: only the engine's events (the summary's definitions) are logged.
    for (const t of [1, 2, 3, 4, 5]) {
      store.apply({ type: "snapshot", snapshot: snap("sim", t, 0.5, M0, [1, 1, 1]) });
    }
    expect(store.model.events.join("\n")).not.toMatch(/plateau/);
    store.apply({
      type: "analysis",
      source: "sim",
      event: { type: "plateau-entered", t: 4, eg: 0.5, plateauEg: 0.5 },
    });
    store.apply({ type: "analysis", source: "sim", event: { type: "plateau-left", t: 6, plateauEg: 0.5 } });
    store.apply({ type: "analysis", source: "sim", event: { type: "escape", t: 6, plateauEg: 0.5 } });
    store.apply({
      type: "analysis",
      source: "train",
      event: { type: "node-specialized", t: 7, node: 0, rho: 0.96, threshold: 0.95 },
    });
    const events = store.model.events.join("\n");
    expect(events).toMatch(/sim: plateau entered at α=4\.00 \(eg=0\.500\)/);
    expect(events).toMatch(/sim: plateau left at α=6\.00/);
    expect(events).toMatch(/sim: escape at α=6\.00/);
    expect(events.match(/teacher node 0 specialized \(ρ\*=0\.96 > 0\.95\)/g)).toHaveLength(1);
  });
});

describe("panel helpers", () => {
  it("sparkline: one column per α bucket, heights on log eg", () => {
    const pts = [1, 10, 100, 1000].map((alpha, i) => ({ alpha, eg: 10 ** -i }));
    expect(sparkline(pts, 4, true)).toBe("█▆▃▁");
    expect(sparkline([], 4, true)).toBe("");
  });
  it("studentOrder groups students by their best teacher", () => {
    expect(
      studentOrder([
        [0.1, 0.9],
        [0.8, 0.1],
        [-0.95, 0],
      ]),
    ).toEqual([2, 1, 0]);
  });

  it("while the summary is analysed: status summarising, one progress line rewritten in place", async () => {
    const store = new DashboardStore(config, { dir: "runs/x" });
    const controls = { pause: vi.fn(), resume: vi.fn(), step: vi.fn(), stop: vi.fn() };
    const ui = render(<Dashboard store={store} controls={controls} fps={50} />);
    store.setStatus("summarising");
    store.analysisProgress("ode", "plateau", 0, 4);
    store.analysisProgress("ode", "hessian at the end", 3, 4);
    await wait(60);
    const frame = strip(ui.lastFrame() ?? "");
    expect(frame).toContain("summarising");
    expect(frame).toContain("analysing ode: hessian at the end (4/4)");
    expect(store.model.events.filter((e) => e.startsWith("analysing "))).toEqual([
      "analysing ode: hessian at the end (4/4)",
    ]);
    ui.unmount();
  });
});
