// Export (config, CLI command, snapshots, charts, weights) and import (a CLI run directory's files).
import type { Snapshot } from "@pupil/plugin";
import { memo, useContext, useState } from "react";
import { ChartShelfContext } from "../charts/LineChart.js";
import { chartSvg } from "../charts/svg.js";
import {
  cliCommand,
  configFile,
  parseJsonl,
  type Stamp,
  snapshotsCsv,
  snapshotsJsonl,
} from "../state/export.js";
import type { Preset, RunInfo, WeightsExport } from "../worker/engine.js";

export function download(name: string, content: string | Blob, type = "application/json"): void {
  const blob = typeof content === "string" ? new Blob([content], { type }) : content;
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export interface ExportPanelProps {
  config: Record<string, unknown>;
  preset?: Preset;
  stamp: Stamp;
  /** Read at click time (the panel does not redraw on every snapshot). */
  snapshots: () => Snapshot[];
  hasSnapshots: boolean;
  name: string;
  weights: () => Promise<WeightsExport | undefined>;
  /** The engine's checkpoint of the run where it stands (continues bit-identically). */
  checkpoint: () => Promise<unknown>;
}

/** Redrawn only when the config, the stamp or whether there is anything to export changes. */
export const ExportPanel = memo(
  ExportPanelView,
  (a, b) =>
    a.config === b.config &&
    a.stamp.configHash === b.stamp.configHash &&
    a.hasSnapshots === b.hasSnapshots &&
    a.name === b.name,
);

function ExportPanelView({
  config,
  preset,
  stamp,
  snapshots,
  hasSnapshots,
  name,
  weights,
  checkpoint,
}: ExportPanelProps) {
  const [chart, setChart] = useState("loss");
  const command = cliCommand(
    config,
    preset ? { name: preset.name, config: preset.config as Record<string, unknown> } : undefined,
  );
  const shelf = useContext(ChartShelfContext);
  const charts = [...shelf.keys()];
  return (
    <section className="panel" data-testid="panel-export">
      <h3>Export</h3>
      <div className="export-row">
        <button
          type="button"
          data-testid="export-config"
          onClick={() => download("playground-config.json", configFile(config, stamp))}
        >
          config JSON
        </button>
        <button
          type="button"
          data-testid="export-jsonl"
          disabled={!hasSnapshots}
          onClick={() =>
            download(`${name}-snapshots.jsonl`, snapshotsJsonl(snapshots()), "application/x-ndjson")
          }
        >
          snapshots JSONL
        </button>
        <button
          type="button"
          data-testid="export-csv"
          disabled={!hasSnapshots}
          onClick={() => download(`${name}-snapshots.csv`, snapshotsCsv(snapshots()), "text/csv")}
        >
          snapshots CSV
        </button>
        <button
          type="button"
          data-testid="export-weights"
          onClick={async () =>
            download(
              `${name}-weights.json`,
              `${JSON.stringify({ ...(await weights()), pupil: { playground: stamp } })}\n`,
            )
          }
        >
          weights JSON
        </button>
        <button
          type="button"
          data-testid="export-checkpoint"
          disabled={!hasSnapshots}
          onClick={async () =>
            download(
              `${name}-checkpoint.json`,
              `${JSON.stringify({ state: await checkpoint(), pupil: { playground: stamp } })}\n`,
            )
          }
        >
          checkpoint JSON
        </button>
      </div>
      <div className="export-row">
        chart{" "}
        <select value={chart} onChange={(e) => setChart(e.target.value)} data-testid="export-chart">
          {charts.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <button
          type="button"
          data-testid="export-svg"
          onClick={() => {
            const entry = shelf.get(chart);
            if (entry) download(`${name}-${chart}.svg`, chartSvg(entry.props), "image/svg+xml");
          }}
        >
          SVG
        </button>
        <button
          type="button"
          data-testid="export-png"
          onClick={() => {
            const canvas = shelf.get(chart)?.chart?.ctx.canvas;
            canvas?.toBlob((blob) => blob && download(`${name}-${chart}.png`, blob));
          }}
        >
          PNG
        </button>
      </div>
      <div className="cli">
        <code data-testid="cli-command">{command}</code>
        <button
          type="button"
          onClick={() => navigator.clipboard?.writeText(command)}
          title="copy the command"
        >
          copy
        </button>
      </div>
      <div className="analysis-line">
        The command runs the same config with the CLI (`pupil run`); the config file carries the seed and this
        badge.
      </div>
    </section>
  );
}

export interface ImportedRun {
  name: string;
  files: string[];
  snapshots: Snapshot[];
  info?: RunInfo;
  summary?: Record<string, unknown>;
}

/** Reads the files of a CLI run directory: snapshots.jsonl (required), config.json and summary.json. */
export async function readRunFiles(files: File[]): Promise<ImportedRun> {
  const byName = new Map(files.map((f) => [f.name, f]));
  const jsonl = byName.get("snapshots.jsonl") ?? files.find((f) => f.name.endsWith(".jsonl"));
  if (!jsonl)
    throw new Error(
      "snapshots.jsonl: not among the dropped files (drop a run directory's snapshots.jsonl, config.json, summary.json)",
    );
  const snapshots = parseJsonl(await jsonl.text());
  const configText = await byName.get("config.json")?.text();
  const summaryText = await byName.get("summary.json")?.text();
  const config = configText ? JSON.parse(configText) : undefined;
  const summary = summaryText ? JSON.parse(summaryText) : undefined;
  const last = snapshots[snapshots.length - 1];
  const info: RunInfo | undefined = config
    ? {
        kind: config.kind,
        name: config.name ?? "imported",
        N: config.N ?? config.train?.inputDim ?? 0,
        p: config.model?.p ?? config.train?.student?.widths?.[0] ?? 0,
        pStar: config.model?.pStar ?? config.train?.teacher?.widths?.[0] ?? 0,
        tMax: config.alphaMax ?? config.train?.epochs ?? last?.t ?? 0,
        timeUnit: last?.timeUnit === "epoch" ? "epoch" : "alpha",
        resolved: config,
      }
    : undefined;
  return { name: config?.name ?? jsonl.name, files: files.map((f) => f.name), snapshots, info, summary };
}

export function OpenRunDir({
  onOpen,
  summary,
}: {
  onOpen: (files: File[]) => void;
  summary?: Record<string, unknown>;
}) {
  const [over, setOver] = useState(false);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop target; the file input inside is the keyboard route
    <section
      className={over ? "panel dropzone over" : "panel dropzone"}
      data-testid="panel-open"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        onOpen([...e.dataTransfer.files]);
      }}
    >
      <h3>Open a CLI run directory</h3>
      <p>
        Drop <code>snapshots.jsonl</code>, <code>summary.json</code> and <code>config.json</code> from a{" "}
        <code>pupil run</code> directory here, or{" "}
        <input
          type="file"
          multiple
          accept=".jsonl,.json"
          data-testid="open-run-input"
          onChange={(e) => onOpen([...(e.target.files ?? [])])}
        />
      </p>
      {summary && (
        <pre className="summary" data-testid="imported-summary">
          {JSON.stringify(summary, null, 1).slice(0, 1200)}
        </pre>
      )}
    </section>
  );
}
