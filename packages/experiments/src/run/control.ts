// Pause, resume, single-step and stop for a run. The engine calls gate() before each grid point.

export type RunStatus = "running" | "paused" | "stopping";

export class RunControl {
  #paused = false;
  #stopped = false;
  #steps = 0;
  #wake: (() => void) | undefined;
  #listeners: ((status: RunStatus) => void)[] = [];

  get status(): RunStatus {
    return this.#stopped ? "stopping" : this.#paused ? "paused" : "running";
  }
  get stopped(): boolean {
    return this.#stopped;
  }

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
  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#changed();
  }
  /** While paused: let exactly one more grid point through, then stay paused. */
  step(): void {
    if (this.#stopped) return;
    if (!this.#paused) this.#paused = true;
    this.#steps += 1;
    this.#changed();
  }
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#changed();
  }

  /** Resolves true when the next grid point may run, false when the run is to stop. */
  async gate(): Promise<boolean> {
    for (;;) {
      if (this.#stopped) return false;
      if (!this.#paused) return true;
      if (this.#steps > 0) {
        this.#steps -= 1;
        return true;
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }
}
