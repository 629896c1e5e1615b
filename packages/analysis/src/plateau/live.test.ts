import type { Snapshot } from "@pupil/plugin";
import { createRng } from "@pupil/tensors";
import { describe, expect, it } from "vitest";
import { SpecializationTracker } from "../specialization/live.js";
import { firstCrossings } from "../specialization/order.js";
import { detectPlateau, escapeAlpha } from "./escape.js";
import { type PlateauEvent, PlateauTracker } from "./live.js";

const snap = (t: number, gen: number): Snapshot => ({
  step: 0,
  t,
  timeUnit: "alpha",
  source: "ode",
  loss: { gen },
  metrics: {},
});

/** A noisy plateau-and-escape curve: descent to L, a flat stretch, an escape, with random wiggles. */
function curve(seed: number): Snapshot[] {
  const rng = createRng(seed);
  const out: Snapshot[] = [];
  for (let i = 0; i <= 80; i++) {
    const t = i === 0 ? 0 : 10 ** (-1 + (3 * i) / 80);
    const base = 0.05 + 0.2 * Math.exp(-t) - 0.049 / (1 + Math.exp(-(t - 20 - 10 * rng.uniform(0, 1))));
    out.push(snap(t, base * (1 + 0.02 * (rng.uniform(0, 1) - 0.5))));
  }
  return out;
}

describe("PlateauTracker", () => {
  it("streams exactly detectPlateau's entry/exit and escapeAlpha, for many random curves", () => {
    let exits = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const snaps = curve(seed);
      const L = 0.05 * (1 + 0.01 * (seed % 3));
      const whole = detectPlateau(snaps, { plateauEg: L });
      let tracker = new PlateauTracker(L);
      const events: PlateauEvent[] = [];
      snaps.forEach((s, i) => {
        // halfway through, continue from a JSON round trip of the state (a checkpoint)
        if (i === 40) tracker = PlateauTracker.fromState(JSON.parse(JSON.stringify(tracker.getState())));
        events.push(...tracker.push(s.t, s.loss.gen));
      });
      const at = (type: string) => events.find((e) => e.type === type)?.t;
      expect(at("plateau-entered")).toBe(whole?.entryAlpha);
      expect(at("plateau-left")).toBe(whole?.exitAlpha);
      expect(at("escape")).toBe(escapeAlpha(snaps, L));
      expect(events.filter((e) => e.type === "escape").length).toBeLessThanOrEqual(1);
      if (whole?.exitAlpha !== undefined) exits += 1;
    }
    // the curves do enter and leave their plateau (the comparison is not vacuous)
    expect(exits).toBeGreaterThan(20);
  });

  it("skips non-finite points and reports an escape already at the first point", () => {
    const tracker = new PlateauTracker(1);
    expect(tracker.push(0, Number.NaN)).toEqual([]);
    expect(tracker.push(1, 0.2)).toEqual([{ type: "escape", t: 1, plateauEg: 1 }]);
  });
});

describe("SpecializationTracker", () => {
  it("streams firstCrossings", () => {
    const rng = createRng(4);
    const series = Array.from({ length: 40 }, (_, k) => ({
      t: k,
      best: Array.from({ length: 5 }, (_, j) =>
        Math.min(1, (k / 40) * (1 + j / 4) + 0.1 * rng.uniform(0, 1)),
      ),
    }));
    const tracker = new SpecializationTracker(0.95);
    const events = series.flatMap((p) => tracker.push(p.t, p.best));
    const first = firstCrossings(series, 0.95);
    expect(tracker.firstCrossings).toEqual(first);
    for (const e of events) expect(first[e.node]).toBe(e.t);
    expect(events.length).toBe(first.filter((t) => t !== null).length);
  });
});
