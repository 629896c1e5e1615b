import type { ResolvedConfig } from "@pupil/experiments";
import type { Snapshot } from "@pupil/plugin";
import { describe, expect, it } from "vitest";
import { vectorMetricFigure } from "./figures.js";
import { seriesColors } from "./svg.js";

const config = { name: "spec", kind: "train" } as unknown as ResolvedConfig;
const snaps: Snapshot[] = [0, 1, 2, 3].map((t) => ({
  step: t * 10,
  t,
  timeUnit: "epoch",
  source: "train",
  loss: {},
  metrics: {
    "specialization-best": Array.from({ length: 10 }, (_, j) => Math.min(1, 0.2 + 0.08 * t * (j + 1))),
  },
}));

describe("report figures", () => {
  it("a vector metric: one distinct colour per node, its declared label and threshold line, legend off the data", () => {
    const svg = vectorMetricFigure(config, snaps, "specialization-best")!;
    const strokes = [...svg.matchAll(/<path [^>]*stroke="([^"]+)"[^>]*data-label="node \d+"/g)].map(
      (m) => m[1],
    );
    expect(strokes).toHaveLength(10);
    expect(new Set(strokes).size).toBe(10);
    expect(svg).toContain("best match ρ*_j");
    expect(svg).not.toMatch(/>spec: specialization-best</);
    expect(svg).toMatch(/data-threshold="0.95"/);
    expect(svg).toContain("specialised (τ = 0.95)");
    // The plot frame's right edge; every legend sample line starts right of it.
    const frame =
      /<rect x="(\d+)" y="(\d+)" width="([\d.]+)" height="[\d.]+" fill="none" stroke="#333"\/>/.exec(svg)!;
    const right = Number(frame[1]) + Number(frame[3]);
    const legend = [
      ...svg.matchAll(
        /<line x1="([\d.]+)" y1="[\d.]+" x2="[\d.]+" y2="[\d.]+" stroke="[^"]+" stroke-width="2"/g,
      ),
    ];
    expect(legend).toHaveLength(10);
    for (const l of legend) expect(Number(l[1])).toBeGreaterThan(right);
  });

  it("seriesColors gives n distinct colours for any n", () => {
    for (const n of [1, 8, 9, 20]) expect(new Set(seriesColors(n)).size).toBe(n);
  });
});
