// snapshots.jsonl: one Snapshot as JSON per line (the output contract).
import { readFileSync } from "node:fs";
import type { Snapshot } from "@pupil/plugin";
import { runDirError } from "./errors.js";

export function snapshotLine(snapshot: Snapshot): string {
  return `${JSON.stringify(snapshot)}\n`;
}

/** Parses JSONL text; a torn last line (a writer killed mid-line) is ignored, any other bad line throws. */
export function parseSnapshots(text: string, file = "snapshots.jsonl"): Snapshot[] {
  const lines = text.split("\n");
  const out: Snapshot[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    try {
      out.push(JSON.parse(line) as Snapshot);
    } catch (error) {
      if (i === lines.length - 1) return;
      throw runDirError(
        `${file}:${i + 1} is not a JSON snapshot (the log is corrupt)`,
        file,
        line.length > 40 ? `${line.slice(0, 40)}…` : line,
        `one JSON snapshot per line (${(error as Error).message})`,
      );
    }
  });
  return out;
}

export function readSnapshots(file: string): Snapshot[] {
  return parseSnapshots(readFileSync(file, "utf8"), file);
}
