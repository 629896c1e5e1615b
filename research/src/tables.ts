// Markdown tables from results/*.json, written between markers in the package README.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { meanStd } from "@pupil/analysis";
import type { SpectralArmResult, SpectralConfig } from "./spectral.js";

function spectralTables(dir: string): string {
  // Results may come from several processes (one file each, e.g. spectral-a.json, spectral-b.json).
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => /^spectral(-[\w-]+)?\.json$/.test(f))
        .sort()
    : [];
  if (files.length === 0) return "_No spectral results yet: run `node research/run.mjs spectral`._\n";
  const parsed = files.map(
    (f) =>
      JSON.parse(readFileSync(join(dir, f), "utf8")) as {
        provenance?: { commit: string; dirty: boolean; dirtyFiles?: string[]; date: string; note?: string };
        config: SpectralConfig;
        results: SpectralArmResult[];
      },
  );
  const config = parsed[0].config;
  const sources = parsed.map(
    (p, i) =>
      `${files[i]}: ${p.provenance ? `commit ${p.provenance.commit}${p.provenance.dirty ? ` plus uncommitted changes${p.provenance.dirtyFiles ? ` to ${p.provenance.dirtyFiles.join(", ")}` : ""}` : ""}, ${p.provenance.date.slice(0, 16).replace("T", " ")} UTC${p.provenance.note ? ` (${p.provenance.note})` : ""}` : "unrecorded"}`,
  );
  // One result per (seed, width, arm): the first file in name order wins if two processes ran the same arm.
  const all = parsed
    .flatMap((p) => p.results.map((r) => ({ ...r, seed: p.config.seed })))
    .filter(
      (r, i, list) =>
        list.findIndex((o) => o.seed === r.seed && o.width === r.width && o.arm === r.arm) === i,
    );
  const seeds = [...new Set(all.map((r) => r.seed))].sort((a, b) => a - b);
  // The history and ramp tables show the first seed; the summary table every seed.
  const sorted = all
    .filter((r) => r.seed === seeds[0])
    .sort((a, b) => a.width - b.width || a.arm.localeCompare(b.arm));
  const lines: string[] = [];
  lines.push(
    `Setting: ${config.trainSamples} training samples, ${config.testSamples} test samples, ${config.epochs} epochs, Adam lr ${config.lr}, batch ${config.batchSize}, seeds ${seeds.join(", ")}, teacher 10 → ${config.teacherWidths.join(" → ")} → sum.`,
    "",
    "| width | arm | seeds | test MSE (mean ± std) | active nodes (L_i/max L ≥ 0.05), per seed | mean ± std | knee (fewest kept with test MSE ≤ 2× unpruned), per seed |",
    "| ---: | --- | ---: | ---: | ---: | ---: | ---: |",
  );
  const keys = [...new Set(all.map((r) => `${r.width}|${r.arm}`))]
    .map((k) => k.split("|"))
    .sort((a, b) => Number(a[0]) - Number(b[0]) || a[1].localeCompare(b[1]));
  for (const [width, arm] of keys) {
    const group = all
      .filter((r) => r.width === Number(width) && r.arm === arm)
      .sort((a, b) => a.seed - b.seed);
    const mse = meanStd(group.map((r) => r.testMse));
    const active = meanStd(group.map((r) => r.active));
    lines.push(
      `| ${width} | ${arm} | ${group.map((r) => r.seed).join(", ")} | ${mse.mean.toExponential(2)} ± ${mse.std.toExponential(1)} | ${group.map((r) => r.active).join(", ")} | ${active.mean.toFixed(1)} ± ${active.std.toFixed(1)} | ${group.map((r) => r.knee).join(", ")} |`,
    );
  }
  lines.push("", `Active-node count during training, seed ${seeds[0]} (spectral arm / direct arm):`, "");
  const widths = [...new Set(sorted.map((r) => r.width))];
  const epochs = sorted[0]?.activeHistory.map((h) => h.epoch) ?? [];
  lines.push(
    `| epoch | ${widths.map((w) => `w=${w}`).join(" | ")} |`,
    `| ---: | ${widths.map(() => "---:").join(" | ")} |`,
  );
  for (const [k, epoch] of epochs.entries()) {
    const cells = widths.map((w) => {
      const s = sorted.find((r) => r.width === w && r.arm === "spectral")?.activeHistory[k]?.active ?? "–";
      const d = sorted.find((r) => r.width === w && r.arm === "direct")?.activeHistory[k]?.active ?? "–";
      return `${s} / ${d}`;
    });
    lines.push(`| ${epoch} | ${cells.join(" | ")} |`);
  }
  lines.push("", `Pruning ramp, spectral arm, seed ${seeds[0]}: nodes kept → test MSE, by cutoff c:`, "");
  const spectral = sorted.filter((r) => r.arm === "spectral");
  lines.push(
    `| c | ${spectral.map((r) => `w=${r.width} kept`).join(" | ")} | ${spectral.map((r) => `w=${r.width} MSE`).join(" | ")} |`,
  );
  lines.push(
    `| ---: | ${spectral.map(() => "---:").join(" | ")} | ${spectral.map(() => "---:").join(" | ")} |`,
  );
  for (const [k, c] of config.cutoffs.entries()) {
    lines.push(
      `| ${c.toFixed(2)} | ${spectral.map((r) => r.ramp[k].kept).join(" | ")} | ${spectral.map((r) => r.ramp[k].loss.toExponential(2)).join(" | ")} |`,
    );
  }
  lines.push("", `Produced by: ${sources.join("; ")}.`);
  return `${lines.join("\n")}\n`;
}

export function replaceBetween(text: string, marker: string, body: string): string {
  const start = `<!-- ${marker}:start -->`;
  const end = `<!-- ${marker}:end -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < 0) return `${text}\n${start}\n${body}${end}\n`;
  return `${text.slice(0, i + start.length)}\n${body}${text.slice(j)}`;
}

export function writeTables(dir: string, readme: string): void {
  let text = existsSync(readme) ? readFileSync(readme, "utf8") : "";
  text = replaceBetween(text, "spectral-results", spectralTables(dir));
  const spec = join(dir, "specialization.md");
  if (existsSync(spec)) text = replaceBetween(text, "specialization-results", readFileSync(spec, "utf8"));
  const multi = join(dir, "multilayer.md");
  if (existsSync(multi)) text = replaceBetween(text, "multilayer-results", readFileSync(multi, "utf8"));
  writeFileSync(readme, text);
}
