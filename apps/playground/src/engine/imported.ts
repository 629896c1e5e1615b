// A CLI run directory's analysis events, so an opened run shows the same plateau and specialisation marks
// as a live one. Plateau: the engine's own live observer (plateauObserver) fed the logged snapshots with
// summary.json's plateau level per source. Specialisation: summary.json's first crossings (the definition
// the live node-specialized events use), in their order.
import { plateauObserver } from "@pupil/experiments";
import type { Snapshot } from "@pupil/plugin";
import type { AnalysisEvent } from "../worker/engine.js";

interface SourceFields {
  plateau?: { eg?: unknown };
  specialization?: Record<string, { threshold?: unknown; firstCrossing?: unknown; order?: unknown }>;
}

const isNumber = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);

export function importedAnalysis(
  bySource: Record<string, Snapshot[]>,
  summary: Record<string, unknown> | undefined,
): Record<string, AnalysisEvent[]> {
  const out: Record<string, AnalysisEvent[]> = {};
  const perSource = (summary?.bySource ?? {}) as Record<string, SourceFields>;
  for (const [source, snaps] of Object.entries(bySource)) {
    const fields = perSource[source] ?? (summary?.source === source ? (summary as SourceFields) : {});
    const events: AnalysisEvent[] = [];
    const level = fields.plateau?.eg;
    if (isNumber(level) && level > 0) {
      const observer = plateauObserver(() => level);
      for (const s of snaps) events.push(...observer.push(s));
    }
    for (const [metric, spec] of Object.entries(fields.specialization ?? {})) {
      const first = spec.firstCrossing;
      if (!isNumber(spec.threshold) || !Array.isArray(first) || !Array.isArray(spec.order)) continue;
      for (const node of spec.order) {
        const t = first[node as number];
        if (!isNumber(t)) continue;
        const value = snaps.find((s) => s.t === t)?.metrics[metric];
        const rho = Array.isArray(value) ? Number(value[node as number]) : Number.NaN;
        events.push({ type: "node-specialized", t, node: node as number, rho, threshold: spec.threshold });
      }
    }
    if (events.length > 0) out[source] = events;
  }
  return out;
}
