// The merged sweep table: one row per grid point, mean ± std over seeds of the summaries' headline numbers.
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { RunSummary } from "@pupil/experiments";
import { readJson } from "@pupil/experiments/node";
import { num } from "../ui/format.js";
import type { SweepManifest } from "./plan.js";

export const TABLE_METRICS: { name: string; get: (s: RunSummary) => unknown }[] = [
  { name: "final_eg", get: (s) => s.final?.eg },
  { name: "escape_alpha", get: (s) => s.escapeAlpha },
  { name: "plateau_eg", get: (s) => (s.plateau as { eg?: number } | undefined)?.eg },
  { name: "test_mse", get: (s) => (s.kind === "distill" ? undefined : s.final?.losses?.test) },
  { name: "test_accuracy", get: (s) => s.final?.metrics?.["test-accuracy"] },
  { name: "best_test_accuracy", get: (s) => s.final?.metrics?.["best-test-accuracy"] },
  { name: "test_ce", get: (s) => (s.kind === "distill" ? s.final?.losses?.test : undefined) },
];

export interface TableRow {
  params: Record<string, unknown>;
  runs: number;
  diverged: number;
  missing: number;
  stats: Record<string, { mean: number; std: number; n: number } | undefined>;
}

/** Mean and sample standard deviation; with one value the deviation is unknown (NaN), never 0. */
export function meanStd(xs: number[]): { mean: number; std: number; n: number } | undefined {
  if (xs.length === 0) return undefined;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const std =
    xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : Number.NaN;
  return { mean, std, n: xs.length };
}

/** "0.1234 ± 0.01" over several values; "0.1234 (n = 1)" for one, where a ± 0 would claim a precision. */
export function formatStat(s: { mean: number; std: number; n: number }): string {
  return s.n > 1 ? `${num(s.mean, 4)} ± ${num(s.std, 2)}` : `${num(s.mean, 4)} (n = ${s.n})`;
}

export function readSummaries(sweepDir: string, manifest: SweepManifest): (RunSummary | undefined)[] {
  return manifest.points.map((p) => {
    const file = join(sweepDir, p.dir, "summary.json");
    return existsSync(file) ? readJson<RunSummary>(file) : undefined;
  });
}

export function sweepTable(manifest: SweepManifest, summaries: (RunSummary | undefined)[]): TableRow[] {
  const rows = new Map<string, { params: Record<string, unknown>; list: (RunSummary | undefined)[] }>();
  manifest.points.forEach((p, i) => {
    const key = JSON.stringify(p.params);
    if (!rows.has(key)) rows.set(key, { params: p.params, list: [] });
    rows.get(key)!.list.push(summaries[i]);
  });
  return [...rows.values()].map(({ params, list }) => {
    const done = list.filter((s): s is RunSummary => s !== undefined);
    const ok = done.filter((s) => s.status === "done");
    const stats: TableRow["stats"] = {};
    for (const m of TABLE_METRICS) {
      const xs = ok.map(m.get).filter((x): x is number => typeof x === "number" && Number.isFinite(x));
      stats[m.name] = meanStd(xs);
    }
    return {
      params,
      runs: list.length,
      diverged: done.length - ok.length,
      missing: list.length - done.length,
      stats,
    };
  });
}

const cell = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

export function tableCsv(manifest: SweepManifest, rows: TableRow[]): string {
  const keys = manifest.grid.map((g) => g.key);
  const head = [
    ...keys,
    "runs",
    "diverged",
    "missing",
    ...TABLE_METRICS.flatMap((m) => [`${m.name}_mean`, `${m.name}_std`, `${m.name}_n`]),
  ];
  const lines = [head.join(",")];
  for (const r of rows) {
    const stats = TABLE_METRICS.flatMap((m) => {
      const s = r.stats[m.name];
      return s ? [String(s.mean), s.n > 1 ? String(s.std) : "", String(s.n)] : ["", "", "0"];
    });
    lines.push(
      [
        ...keys.map((k) => `"${cell(r.params[k]).replace(/"/g, '""')}"`),
        r.runs,
        r.diverged,
        r.missing,
        ...stats,
      ].join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}

export function tableMarkdown(manifest: SweepManifest, rows: TableRow[]): string {
  const keys = manifest.grid.map((g) => g.key);
  const metrics = TABLE_METRICS.filter((m) => rows.some((r) => r.stats[m.name]));
  const head = [...keys, "runs", ...metrics.map((m) => `${m.name.replace(/_/g, " ")} (mean ± std)`)];
  const lines = [`| ${head.join(" | ")} |`, `|${head.map(() => " --- ").join("|")}|`];
  for (const r of rows) {
    const runs = `${r.runs - r.diverged - r.missing}/${r.runs}${r.diverged ? ` (${r.diverged} diverged)` : ""}`;
    const stats = metrics.map((m) => {
      const s = r.stats[m.name];
      return s ? formatStat(s) : "–";
    });
    lines.push(`| ${[...keys.map((k) => cell(r.params[k])), runs, ...stats].join(" | ")} |`);
  }
  return `${lines.join("\n")}\n`;
}
