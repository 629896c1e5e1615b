// pupil report DIR... [--out DIR] [--at α1,α2]
import { existsSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ConfigError, type ConfigIssue, type ResolvedConfig, type RunSummary } from "@pupil/experiments";
import { isRunDir, prepareOutDir, RUN_FILES, readJson, readSnapshots } from "@pupil/experiments/node";
import { list, parse } from "../args.js";
import type { Io } from "../io.js";
import { distillRunFigures, distillSweepFigure } from "../report/distill.js";
import {
  egFigure,
  escapeOf,
  nearest,
  overlapFigure,
  pruningFigure,
  scalarMetricFigure,
  sweepFigure,
  trainLossFigure,
  vectorMetricFigure,
} from "../report/figures.js";
import type { SweepManifest } from "../sweep/plan.js";
import { incompleteRuns } from "../sweep/status.js";
import { readSummaries, sweepTable, tableCsv, tableMarkdown } from "../sweep/table.js";

export const REPORT_HELP = `pupil report DIR... [--out DIR] [--at α1,α2,...]
  Writes SVG figures (no browser needed). For a run directory: eg vs α on log axes with the ODE overlaid
  when the run is paired (eg-vs-alpha.svg) and M/Q overlap heatmaps at chosen α (overlaps-alpha-A.svg).
  For a sweep directory (from pupil sweep or --emit-jobs): the merged table.csv/table.md and escape α and
  final eg against the swept parameter (escape-vs-KEY.svg, final-eg-vs-KEY.svg).

Options:
  --out DIR      where to write (default DIR/report for each DIR)
  --at α,...     α values for the overlap heatmaps (default: the start, the escape α if any, the end)
  --allow-missing  a sweep with missing or unfinished runs still exits 0 (they are listed on stderr
                 either way; without this flag the tables are written and the exit code is 1)

Examples:
  pupil report runs/quadratic-escape-20260101-120000
  pupil report runs/sweep-p --out figures
  pupil report runs/a runs/b --at 1,10,100`;

export async function reportCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    "report",
    args,
    {
      out: { type: "string" },
      at: { type: "string" },
      "allow-missing": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    Number.POSITIVE_INFINITY,
  );
  if (values.help) {
    io.out(`${REPORT_HELP}\n`);
    return 0;
  }
  const issues: ConfigIssue[] = [];
  if (positionals.length === 0)
    issues.push({ path: "DIR", value: undefined, expected: "at least one run or sweep directory" });
  const at = list(values.at)
    .flatMap((s) => s.split(","))
    .map((s) => ({ s, v: Number(s) }));
  for (const { s, v } of at)
    if (!Number.isFinite(v) || v < 0) issues.push({ path: "--at", value: s, expected: "α values ≥ 0" });
  for (const dir of positionals) {
    if (!isRunDir(dir) && !existsSync(join(dir, "sweep.json"))) {
      issues.push({
        path: "DIR",
        value: dir,
        expected: "a run directory (config.json, snapshots.jsonl) or a sweep directory (sweep.json)",
      });
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  const written: string[] = [];
  let incomplete = 0;
  for (const dir of positionals) {
    const out = resolve(
      values.out !== undefined
        ? positionals.length > 1
          ? join(String(values.out), String(positionals.indexOf(dir)))
          : String(values.out)
        : join(dir, "report"),
    );
    // Everything is read and drawn first: a corrupt log or a bad --out exits 2 with nothing written.
    const files: [string, string][] = [];
    const write = (name: string, text: string) => {
      files.push([name, text]);
    };
    if (existsSync(join(dir, "sweep.json"))) incomplete += reportSweep(dir, write, io);
    else
      reportRun(
        dir,
        at.map((a) => a.v),
        write,
      );
    prepareOutDir(out, "--out");
    for (const [name, text] of files) {
      writeFileSync(join(out, name), text);
      written.push(join(out, name));
    }
  }
  io.out(`report written:\n${written.map((w) => `  ${w}`).join("\n")}\n`);
  return incomplete > 0 && !values["allow-missing"] ? 1 : 0;
}

function reportRun(dir: string, at: number[], write: (name: string, text: string) => void): void {
  const config = readJson<ResolvedConfig>(join(dir, RUN_FILES.config));
  const snapshots = readSnapshots(join(dir, RUN_FILES.snapshots));
  const summary = existsSync(join(dir, RUN_FILES.summary))
    ? readJson<RunSummary>(join(dir, RUN_FILES.summary))
    : undefined;
  if (config.kind === "distill") {
    for (const [name, svg] of Object.entries(distillRunFigures(config.name, snapshots))) write(name, svg);
    return;
  }
  if (config.kind === "train") {
    write("loss-vs-epoch.svg", trainLossFigure(config, snapshots));
    const metrics = new Set(snapshots.flatMap((s) => Object.keys(s.metrics)));
    for (const m of metrics) {
      if (m === "pruning-ramp" || m === "pruning-knee") continue;
      const svg = vectorMetricFigure(config, snapshots, m) ?? scalarMetricFigure(config, snapshots, m);
      if (svg) write(`${m}-vs-epoch.svg`, svg);
    }
    const ramp = snapshots.at(-1)?.metrics["pruning-ramp"];
    if (Array.isArray(ramp)) write("pruning-ramp.svg", pruningFigure(config, ramp as number[][]));
    return;
  }
  write("eg-vs-alpha.svg", egFigure(config, snapshots));
  const primary = snapshots.some((s) => s.source === "sim") ? "sim" : String(snapshots[0]?.source ?? "ode");
  const last = snapshots.filter((s) => s.source === primary).at(-1);
  const alphas =
    at.length > 0 ? at : [0, escapeOf(summary), last?.t].filter((a): a is number => a !== undefined);
  const done = new Set<number>();
  for (const alpha of alphas) {
    const snap = nearest(snapshots, primary, alpha);
    if (!snap || done.has(snap.t)) continue;
    done.add(snap.t);
    write(`overlaps-alpha-${Number(snap.t.toPrecision(4))}.svg`, overlapFigure(config, snap));
  }
}

/** Returns how many of the sweep's runs are missing or unfinished (listed on stderr). */
function reportSweep(dir: string, write: (name: string, text: string) => void, io: Io): number {
  const manifest = readJson<SweepManifest>(join(dir, "sweep.json"));
  const incomplete = incompleteRuns(dir, manifest);
  if (incomplete.length > 0)
    io.err(
      `pupil report: ${dir}: ${incomplete.length} of ${manifest.points.length} runs not in the table:\n${incomplete.map((l) => `  ${l}`).join("\n")}\n`,
    );
  const rows = sweepTable(manifest, readSummaries(dir, manifest));
  // The merged table goes next to sweep.json (same files a sweep writes), and into the report folder.
  writeFileSync(join(dir, "table.csv"), tableCsv(manifest, rows));
  writeFileSync(join(dir, "table.md"), tableMarkdown(manifest, rows));
  write("table.csv", tableCsv(manifest, rows));
  write("table.md", tableMarkdown(manifest, rows));
  const accuracy = distillSweepFigure(dir, manifest);
  if (accuracy) write("accuracy-vs-epoch.svg", accuracy);
  const axis = manifest.grid.find((g) => g.values.every((v) => typeof v === "number"));
  if (!axis) return incomplete.length;
  const escapeSvg = sweepFigure(manifest, rows, "escape_alpha", "escape α", false);
  if (escapeSvg) write(`escape-vs-${axis.key}.svg`, escapeSvg);
  const eg = sweepFigure(manifest, rows, "final_eg", "final eg", true);
  if (eg) write(`final-eg-vs-${axis.key}.svg`, eg);
  const mse = sweepFigure(manifest, rows, "test_mse", "test MSE", true);
  if (mse) write(`test-mse-vs-${axis.key}.svg`, mse);
  return incomplete.length;
}
