// Pause, resume, single-step, step-to-a-time and stop for a run. The engine asks gate() before each grid
// point what to do: advance to it, stop, or first stop the sources at a stepTo time before it.

export type RunStatus = "running" | "paused" | "stopping";

/**
 * What the engine does before grid point `next`: advance to it, end the run, or advance the sources to
 * `stopAt` (a stepTo time between the last point reached and `next`), emit that snapshot and ask again.
 */
export type GateDecision = "advance" | "stop" | { stopAt: number };

export class RunControl {
  #paused = false;
  #stopped = false;
  #steps = 0;
  /** A stepTo time not reached yet: grid points up to it run, then the run stops there and stays paused. */
  #target: number | undefined;
  #wake: (() => void) | undefined;
  #listeners: ((status: RunStatus) => void)[] = [];

  get status(): RunStatus {
    return this.#stopped ? "stopping" : this.#paused ? "paused" : "running";
  }
  get stopped(): boolean {
    return this.#stopped;
  }
  /**
   * How many times gate() has let the engine go (to a grid point or a stepTo time): a host that counts the
   * points it has received knows whether one is being computed right now.
   */
  get passes(): number {
    return this.#passes;
  }
  #passes = 0;

  onStatus(listener: (status: RunStatus) => void): void {
    this.#listeners.push(listener);
  }

  #reported: RunStatus = "running";

  #changed(): void {
    if (this.status !== this.#reported) {
      this.#reported = this.status;
      for (const l of this.#listeners) l(this.status);
    }
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  pause(): void {
    if (this.#paused || this.#stopped) return;
    this.#paused = true;
    this.#changed();
  }
  /** Runs on; a pending stepTo is dropped. */
  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#target = undefined;
    this.#changed();
  }
  /** While paused: let exactly one more grid point through, then stay paused. */
  step(): void {
    if (this.#stopped) return;
    if (!this.#paused) this.#paused = true;
    this.#steps += 1;
    this.#changed();
  }
  /**
   * Pauses, then runs until time `t` (α for committee runs, epochs for train runs) and stays paused there:
   * grid points up to t go through as usual; when t lies between grid points the sources stop at t (a
   * simulation at the nearest whole SGD step, a trainer at the next whole epoch) and the engine emits a
   * "step-snapshot" there, which is not part of the recorded log. A later stepTo replaces a pending one;
   * a time at or before where the run stands only pauses it.
   */
  stepTo(t: number): void {
    if (typeof t !== "number" || Number.isNaN(t)) {
      throw new Error(`stepTo: expected a time (α or epoch), got ${String(t)}`);
    }
    if (this.#stopped) return;
    this.#paused = true;
    this.#target = t;
    this.#changed();
  }
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#changed();
  }

  /**
   * Decides what happens before grid point time `next`; `reached` is the time the sources stand at
   * (-Infinity before the first point). Waits while paused with nothing to do.
   */
  async gate(next: number, reached: number = Number.NEGATIVE_INFINITY): Promise<GateDecision> {
    const decision = await this.#decide(next, reached);
    if (decision !== "stop") this.#passes += 1;
    return decision;
  }

  async #decide(next: number, reached: number): Promise<GateDecision> {
    for (;;) {
      if (this.#stopped) return "stop";
      if (this.#target !== undefined) {
        const target = this.#target;
        if (next <= target) return "advance";
        this.#target = undefined;
        if (target > reached) return { stopAt: target };
      }
      if (!this.#paused) return "advance";
      if (this.#steps > 0) {
        this.#steps -= 1;
        return "advance";
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }
}
