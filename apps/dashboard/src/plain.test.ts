import type { Snapshot } from "@pupil/plugin";
import { describe, expect, it } from "vitest";
import { JsonPrinter, PlainPrinter } from "./plain.js";

const snap = (source: string, t: number, eg: number): Snapshot => ({
  step: t * 100,
  t,
  timeUnit: "alpha",
  source,
  loss: { gen: eg },
  overlaps: { Q: [[1.5]], M: [[0.1]], T: [[1]] },
  metrics: {},
  throughput: { value: 1000, unit: "steps/s" },
});

describe("non-TTY output", () => {
  it("one plain line per snapshot at a fixed cadence, the last one always, with the ODE beside the simulation", () => {
    let clock = 0;
    const lines: string[] = [];
    const printer = new PlainPrinter(
      (t) => lines.push(t),
      1,
      "paired",
      () => clock,
    );
    const feed = (t: number, wall: number) => {
      clock = wall;
      printer.onEvent({ type: "snapshot", snapshot: snap("ode", t, 0.5) });
      printer.onEvent({ type: "snapshot", snapshot: snap("sim", t, 0.6) });
    };
    feed(0, 0);
    feed(1, 0.3);
    feed(2, 0.9);
    feed(3, 1.1);
    feed(4, 1.5);
    printer.flush();
    expect(lines).toEqual([
      "[sim] α=0.000 step=0 eg=0.6000 ode=0.5000 Δ=20.0% diagQ=[1.50]\n",
      "[sim] α=3.000 step=300 eg=0.6000 ode=0.5000 Δ=20.0% diagQ=[1.50]\n",
      "[sim] α=4.000 step=400 eg=0.6000 ode=0.5000 Δ=20.0% diagQ=[1.50]\n",
    ]);
  });

  it("--json: every snapshot as one JSON line, without wall-clock fields", () => {
    const lines: string[] = [];
    const printer = new JsonPrinter((t) => lines.push(t));
    printer.onEvent({ type: "snapshot", snapshot: snap("ode", 1, 0.5) });
    printer.onEvent({ type: "checkpoint", state: { format: "pupil-run/1", next: 1, sources: {} } });
    printer.onEvent({ type: "snapshot", snapshot: snap("sim", 1, 0.6) });
    expect(lines).toHaveLength(2);
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed.map((p) => p.source)).toEqual(["ode", "sim"]);
    expect(parsed[0].throughput).toBeUndefined();
    expect(parsed[1].overlaps.Q).toEqual([[1.5]]);
  });
});
