// Live analysis observers built from @pupil/analysis: the plateau tracker (level from the start of the
// source, as the summary's plateauPoint) and the node-specialisation tracker for metrics that declare a
// "node-specialized" threshold.
import {
  PlateauTracker,
  type PlateauTrackerState,
  SpecializationTracker,
  type SpecializationTrackerState,
} from "@pupil/analysis";
import type { MetricPlugin, Snapshot } from "@pupil/plugin";
import type { AnalysisEvent, LiveAnalysis } from "./source.js";

interface PlateauObserverState {
  /** null: the level could not be found (the summary reports the same failure); absent: not yet known. */
  plateauEg?: number | null;
  tracker?: PlateauTrackerState;
}

/**
 * Plateau entry/exit and escape of one source. `level(first)` gives the plateau eg from the source's first
 * snapshot with overlaps (it may throw: then no plateau events, as the summary reports an error).
 */
export function plateauObserver(level: (first: Snapshot) => number, state?: unknown): LiveAnalysis {
  const saved = state as PlateauObserverState | undefined;
  let plateauEg = saved?.plateauEg;
  let tracker = saved?.tracker ? PlateauTracker.fromState(saved.tracker) : undefined;
  return {
    push(snapshot) {
      if (plateauEg === undefined) {
        if (!snapshot.overlaps) return [];
        try {
          plateauEg = level(snapshot);
          tracker = plateauEg > 0 ? new PlateauTracker(plateauEg) : undefined;
        } catch {
          plateauEg = null;
        }
      }
      return tracker ? tracker.push(snapshot.t, snapshot.loss.gen) : [];
    },
    getState: (): PlateauObserverState => ({ plateauEg, tracker: tracker?.getState() }),
  };
}

/** Node-specialised events for every vector metric that declares threshold.event "node-specialized". */
export function specializationObserver(
  metrics: readonly MetricPlugin[],
  state?: unknown,
): LiveAnalysis | undefined {
  const watched = metrics.filter((m) => m.threshold?.event === "node-specialized");
  if (watched.length === 0) return undefined;
  const saved = (state ?? {}) as Record<string, SpecializationTrackerState>;
  const trackers = new Map(
    watched.map((m) => [
      m.id,
      saved[m.id]
        ? SpecializationTracker.fromState(saved[m.id])
        : new SpecializationTracker(m.threshold?.value ?? 0.95),
    ]),
  );
  return {
    push(snapshot) {
      const events: AnalysisEvent[] = [];
      for (const [id, tracker] of trackers) {
        const value = snapshot.metrics[id];
        if (Array.isArray(value) && value.every((x) => typeof x === "number")) {
          events.push(...tracker.push(snapshot.t, value as number[]));
        }
      }
      return events;
    },
    getState: () => Object.fromEntries([...trackers].map(([id, t]) => [id, t.getState()])),
  };
}
