// Stage results shared between runs: a trained teacher, a trained pre-stage (the paraphraser). The key is a
// hash of exactly the config part that produced the result; the entry keeps that part verbatim and a lookup
// compares it, so a hash collision is a miss, never a wrong teacher.
import { fnv1a32 } from "@pupil/datasets";
import type { Snapshot } from "@pupil/plugin";
import type { StageCache } from "../../run/host.js";

export interface StageEntry {
  /** The config part that produced it (compared on lookup). */
  readonly part: unknown;
  /** The trained variables' values, float32 base64, in the stage's variable order. */
  readonly values: string[];
  /** The stage's snapshots, replayed on a hit so the run's log is the same as when it trained. */
  readonly snapshots: Snapshot[];
  /** Wall-clock seconds the stage took to train (absent when it was resumed part way): provenance only. */
  readonly seconds?: number;
}

/** JSON with object keys sorted, so equal parts give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );
}

export function stageKey(stage: string, part: unknown): string {
  const text = canonicalJson(part);
  const bytes = new TextEncoder().encode(text);
  const reversed = bytes.slice().reverse();
  const hex = (n: number) => n.toString(16).padStart(8, "0");
  return `distill-${stage}-${hex(fnv1a32(bytes))}${hex(fnv1a32(reversed))}`;
}

export async function lookupStage(
  cache: StageCache | undefined,
  key: string,
  part: unknown,
): Promise<StageEntry | undefined> {
  if (!cache) return undefined;
  const entry = (await cache.get(key)) as StageEntry | undefined;
  if (!entry || canonicalJson(entry.part) !== canonicalJson(part)) return undefined;
  if (!Array.isArray(entry.values) || !Array.isArray(entry.snapshots)) return undefined;
  return entry;
}

export async function storeStage(
  cache: StageCache | undefined,
  key: string,
  entry: StageEntry,
): Promise<void> {
  if (cache) await cache.set(key, entry);
}
