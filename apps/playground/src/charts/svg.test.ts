import { describe, expect, it } from "vitest";
import { chartSvg } from "./svg.js";

const props = {
  id: "loss",
  title: "eg <ODE & sim>",
  xLabel: "α",
  yLabel: "eg",
  logX: true,
  logY: true,
  series: [
    {
      label: "eg ODE",
      color: "#1f4e8c",
      x: [0, 0.01, 0.1, 1, 10, 100],
      y: [0.8, 0.8, 0.79, 0.7, 0.01, 1e-4],
    },
    { label: "eg simulation", color: "#e15759", dash: [5, 3], x: [0.01, 1, 100], y: [0.8, 0.71, 2e-4] },
  ],
  bands: [{ from: 0.01, to: 5, color: "rgba(237,201,72,0.25)", label: "plateau" }],
  markers: [{ x: 5, label: "escape", color: "#b07aa1" }],
};

describe("chartSvg", () => {
  const svg = chartSvg(props);

  it("draws one polyline per series, skipping points a log axis cannot show", () => {
    const lines = [...svg.matchAll(/<polyline [^>]*points="([^"]*)"/g)].map((m) => m[1].split(" "));
    expect(lines.map((l) => l.length)).toEqual([5, 3]); // α = 0 dropped on the log x axis
  });

  it("puts decade ticks on log axes and the legend below the plot, and escapes text", () => {
    for (const label of ["0.01", "0.1", "1", "10", "100"]) expect(svg).toContain(`>${label}</text>`);
    expect(svg).toContain(">1e-4</text>");
    const frame = /<rect x="70" y="40" width="\d+" height="(\d+)" fill="none"/.exec(svg);
    const plotBottom = 40 + Number(frame?.[1]);
    const legendYs = [...svg.matchAll(/<text x="\d+" y="(\d+)">eg (ODE|simulation)<\/text>/g)].map((m) =>
      Number(m[1]),
    );
    expect(legendYs).toHaveLength(2);
    for (const y of legendYs) expect(y).toBeGreaterThan(plotBottom + 30);
    expect(svg).toContain("eg &#60;ODE &#38; sim&#62;");
  });
});
