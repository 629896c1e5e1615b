// The plateau's entry and exit and the escape, computed point by point as a run streams, by exactly the
// definitions detectPlateau and escapeAlpha apply to the whole log: entry = first point with
// |eg − L| ≤ relTol·L; exit = first point after entry with eg < L/2, interpolated in α with the point
// before; escape = the same crossing searched from the start. So a live event log and a summary computed
// afterwards from the same snapshots agree.

export type PlateauEvent =
  | { readonly type: "plateau-entered"; readonly t: number; readonly eg: number; readonly plateauEg: number }
  | { readonly type: "plateau-left"; readonly t: number; readonly plateauEg: number }
  | { readonly type: "escape"; readonly t: number; readonly plateauEg: number };

/** Everything the tracker needs to continue (JSON-safe), for checkpoints. */
export interface PlateauTrackerState {
  plateauEg: number;
  relTol: number;
  index: number;
  prev: [number, number] | null;
  entryIndex: number;
  exited: boolean;
  escaped: boolean;
}

export class PlateauTracker {
  #s: PlateauTrackerState;

  constructor(plateauEg: number, relTol = 0.05) {
    if (!(plateauEg > 0)) throw new Error(`plateauEg: expected a plateau level > 0, got ${plateauEg}`);
    if (!(relTol > 0)) throw new Error(`relTol: expected > 0, got ${relTol}`);
    this.#s = { plateauEg, relTol, index: 0, prev: null, entryIndex: -1, exited: false, escaped: false };
  }

  static fromState(state: PlateauTrackerState): PlateauTracker {
    const tracker = new PlateauTracker(state.plateauEg, state.relTol);
    tracker.#s = { ...state, prev: state.prev ? [state.prev[0], state.prev[1]] : null };
    return tracker;
  }

  getState(): PlateauTrackerState {
    return { ...this.#s, prev: this.#s.prev ? [this.#s.prev[0], this.#s.prev[1]] : null };
  }

  /** The next point of the loss curve (points without a finite eg are skipped, as lossCurve does). */
  push(t: number, eg: number | undefined): PlateauEvent[] {
    if (typeof eg !== "number" || !Number.isFinite(eg)) return [];
    const s = this.#s;
    const L = s.plateauEg;
    const half = L / 2;
    const events: PlateauEvent[] = [];
    const interpolated = () => {
      if (!s.prev) return t;
      const [t0, e0] = s.prev;
      return t0 + ((e0 - half) / (e0 - eg)) * (t - t0);
    };
    if (s.entryIndex < 0 && Math.abs(eg - L) <= s.relTol * L) {
      s.entryIndex = s.index;
      events.push({ type: "plateau-entered", t, eg, plateauEg: L });
    } else if (s.entryIndex >= 0 && !s.exited && s.index > s.entryIndex && eg < half) {
      s.exited = true;
      events.push({ type: "plateau-left", t: interpolated(), plateauEg: L });
    }
    if (!s.escaped && eg < half) {
      s.escaped = true;
      events.push({ type: "escape", t: s.index === 0 ? t : interpolated(), plateauEg: L });
    }
    s.prev = [t, eg];
    s.index += 1;
    return events;
  }
}
