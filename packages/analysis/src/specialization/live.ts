// Teacher nodes becoming specialised, point by point, by firstCrossings' definition: node j is specialised
// at the first t with ρ*_j > τ (τ = 0.95 as in Tian 2020).

export interface NodeSpecializedEvent {
  readonly type: "node-specialized";
  readonly t: number;
  readonly node: number;
  readonly rho: number;
  readonly threshold: number;
}

export interface SpecializationTrackerState {
  threshold: number;
  crossed: (number | null)[];
}

export class SpecializationTracker {
  #s: SpecializationTrackerState;

  constructor(threshold = 0.95) {
    if (!(threshold >= -1 && threshold <= 1))
      throw new Error(`threshold must be in [-1, 1], got ${threshold}`);
    this.#s = { threshold, crossed: [] };
  }

  static fromState(state: SpecializationTrackerState): SpecializationTracker {
    const tracker = new SpecializationTracker(state.threshold);
    tracker.#s = { threshold: state.threshold, crossed: [...state.crossed] };
    return tracker;
  }

  getState(): SpecializationTrackerState {
    return { threshold: this.#s.threshold, crossed: [...this.#s.crossed] };
  }

  /** First crossing per node so far (null: not yet), as firstCrossings would give for the points pushed. */
  get firstCrossings(): readonly (number | null)[] {
    return this.#s.crossed;
  }

  push(t: number, best: readonly number[]): NodeSpecializedEvent[] {
    const { crossed, threshold } = this.#s;
    const events: NodeSpecializedEvent[] = [];
    best.forEach((rho, node) => {
      if (crossed[node] === undefined) crossed[node] = null;
      if (crossed[node] === null && rho > threshold) {
        crossed[node] = t;
        events.push({ type: "node-specialized", t, node, rho, threshold });
      }
    });
    return events;
  }
}
