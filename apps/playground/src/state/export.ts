// What the export buttons write: the config (with the reproducibility stamp), the equivalent `pupil run`
// command, snapshots as JSON lines or CSV. Pure functions (tested); the download itself is in the view.
import type { Snapshot } from "@pupil/plugin";
import { flatten } from "./url-codec.js";

export interface Stamp {
  configHash: string;
  versions: Record<string, string>;
  url?: string;
}

/** The config file the CLI reads: the URL's config plus a `pupil` stamp (which the CLI ignores on input). */
export function configFile(config: Record<string, unknown>, stamp: Stamp): string {
  const { pupil: _old, ...rest } = config;
  return `${JSON.stringify({ ...rest, pupil: { playground: stamp } }, null, 2)}\n`;
}

const shellQuote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);

/**
 * The equivalent command line. From a preset with only scalar changes: `pupil run PRESET --set k=v ...`;
 * otherwise the config file written by configFile, run as `pupil run FILE`.
 */
export function cliCommand(
  config: Record<string, unknown>,
  preset: { name: string; config: Record<string, unknown> } | undefined,
  file = "playground-config.json",
): string {
  if (preset) {
    // Plugin refs ({ id, params }) are single --set values.
    const leaf = (path: string) => /(^|\.)(activation|teacherActivation)$/.test(path);
    const base = new Map(flatten(preset.config, "", leaf).map(([k, v]) => [k, JSON.stringify(v)]));
    const now = new Map(flatten(config, "", leaf).map(([k, v]) => [k, JSON.stringify(v)]));
    const removed = [...base.keys()].some((k) => !now.has(k));
    if (!removed) {
      const sets = [...now]
        .filter(([k, v]) => base.get(k) !== v)
        .map(
          ([k, v]) => `--set ${shellQuote(`${k}=${typeof JSON.parse(v) === "string" ? JSON.parse(v) : v}`)}`,
        );
      return ["pupil run", preset.name, ...sets].join(" ");
    }
  }
  return `pupil run ${file}`;
}

const withoutWallClock = (s: Snapshot): Snapshot => {
  const { throughput: _t, ...rest } = s;
  return rest;
};

/** snapshots.jsonl as the CLI writes it (no wall-clock fields). */
export function snapshotsJsonl(snaps: readonly Snapshot[]): string {
  return snaps.map((s) => `${JSON.stringify(withoutWallClock(s))}\n`).join("");
}

/** One row per snapshot: source, step, t, the losses, every overlap entry and scalar metric as a column. */
export function snapshotsCsv(snaps: readonly Snapshot[]): string {
  const columns = new Set<string>();
  const rows = snaps.map((s) => {
    const row: Record<string, number | string> = {
      source: s.source,
      step: s.step,
      t: s.t,
      time_unit: s.timeUnit,
    };
    for (const [k, v] of Object.entries(s.loss)) if (typeof v === "number") row[`loss_${k}`] = v;
    for (const key of ["Q", "M", "T"] as const) {
      s.overlaps?.[key]?.forEach((r, i) => {
        r.forEach((v, j) => {
          row[`${key}_${i}_${j}`] = v;
        });
      });
    }
    for (const [k, v] of Object.entries(s.metrics)) {
      if (typeof v === "number") row[k] = v;
      else if (Array.isArray(v) && v.every((x) => typeof x === "number"))
        (v as number[]).forEach((x, i) => {
          row[`${k}_${i}`] = x;
        });
    }
    for (const k of Object.keys(row)) columns.add(k);
    return row;
  });
  const header = [...columns];
  const cell = (v: number | string | undefined) => (v === undefined ? "" : String(v));
  return `${[header.join(","), ...rows.map((r) => header.map((h) => cell(r[h])).join(","))].join("\n")}\n`;
}

/** Snapshots from a CLI run directory's snapshots.jsonl (blank lines skipped; a bad line names its number). */
export function parseJsonl(text: string): Snapshot[] {
  const out: Snapshot[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    try {
      out.push(JSON.parse(line) as Snapshot);
    } catch {
      throw new Error(`snapshots.jsonl line ${i + 1}: not JSON`);
    }
  });
  return out;
}
