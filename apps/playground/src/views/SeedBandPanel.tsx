// Several seeds of an online/paired config: the simulation's eg(α) as mean ± std over S seeds (seed, seed+1,
// …, run one after another in their own worker), with the ODE of the same config drawn on top.
import { useEffect, useMemo, useState } from "react";
import { fmt, LineChart, type LineSeries } from "../charts/LineChart.js";
import { seedBand } from "../seeds/band.js";
import { SeedsClient } from "../seeds/client.js";
import { MAX_SEEDS } from "../state/url-codec.js";
import type { ResolvedConfig } from "../worker/engine.js";
import { SOURCE_COLORS } from "./colors.js";

const BAND_FILL = "rgba(225,87,89,0.18)";
const UPPER = "mean + std";
const LOWER = "mean − std";

export function SeedBandPanel({
  config,
  resolved,
  seeds,
  onSeeds,
  locked,
}: {
  /** The run config as in the URL (what the seeds worker validates and runs). */
  config: Record<string, unknown>;
  resolved?: ResolvedConfig;
  seeds: number;
  onSeeds: (seeds: number) => void;
  locked: boolean;
}) {
  const client = useMemo(() => new SeedsClient(), []);
  const [view, setView] = useState(client.view);
  useEffect(() => {
    const off = client.subscribe(() => setView(client.view));
    return () => {
      off();
      client.dispose();
    };
  }, [client]);
  const applies = resolved?.kind === "online" || resolved?.kind === "paired";
  const key = JSON.stringify(config);
  // biome-ignore lint/correctness/useExhaustiveDependencies: restarts when the config (by value) or S changes
  useEffect(() => {
    if (applies && seeds >= 2) client.start(config, seeds);
    else client.cancel();
  }, [key, seeds, applies]);
  const band = useMemo(() => seedBand(view.curves), [view.curves]);
  if (!applies) return null;

  const series: LineSeries[] = [];
  if (seeds >= 2 && band.t.length > 0) {
    const sim = SOURCE_COLORS.sim;
    series.push(
      { label: UPPER, color: "rgba(225,87,89,0.5)", width: 0.8, x: band.t, y: band.upper },
      { label: LOWER, color: "rgba(225,87,89,0.5)", width: 0.8, x: band.t, y: band.lower },
      { label: `eg simulation, mean of ${band.count} seeds`, color: sim, width: 2, x: band.t, y: band.mean },
    );
  }
  // The ODE last, so it is drawn on top of the band.
  if (seeds >= 2 && view.ode)
    series.push({ label: "eg ODE", color: SOURCE_COLORS.ode, width: 2, x: view.ode.t, y: view.ode.eg });

  const status =
    seeds < 2
      ? "Set 2 or more seeds to run the simulation for each and draw eg as mean ± std with the ODE on top."
      : view.error
        ? `seeds: ${view.error}`
        : view.done
          ? `${view.curves.length} of ${seeds} seeds done (seeds ${String(config.seed ?? 0)}…${Number(config.seed ?? 0) + seeds - 1}); band: mean ± sample std`
          : `${view.curves.length} of ${seeds} seeds done${view.progress ? `; seed ${view.progress.seed} at α = ${fmt(view.progress.alpha)}` : ""}`;
  return (
    <div data-testid="panel-seeds">
      <div className="panel-tools">
        <label>
          seeds{" "}
          <input
            type="number"
            min={1}
            max={MAX_SEEDS}
            step={1}
            value={seeds}
            disabled={locked}
            data-testid="seeds"
            onChange={(e) => {
              const n = Math.round(Number(e.currentTarget.value));
              if (n >= 1 && n <= MAX_SEEDS) onSeeds(n);
            }}
          />
        </label>
        <span
          className="analysis-line"
          data-testid="seeds-status"
          data-seeds-done={view.curves.length}
          data-final-alpha={band.t.at(-1)}
          data-final-mean={band.mean.at(-1)}
          data-final-std={band.std.at(-1)}
        >
          {status}
        </span>
      </div>
      {series.length > 0 && (
        <LineChart
          id="seeds"
          title={`eg(α) over ${seeds} seeds: simulation mean ± std, ODE on top`}
          xLabel="α"
          yLabel="eg"
          logX
          logY
          series={series}
          fills={[{ upper: UPPER, lower: LOWER, color: BAND_FILL }]}
        />
      )}
    </div>
  );
}
