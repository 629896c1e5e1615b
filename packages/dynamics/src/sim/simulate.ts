// simulateOnline: an online run as the one data stream (AsyncIterable<Snapshot>).
import type { Snapshot, TeacherWeights } from "@pupil/plugin";
import type { CommitteeSpec, Overlaps } from "../common/index.js";
import { checkRecord, type RecordSpec, recordSteps } from "./schedule.js";
import { OnlineSimulator, type OnlineSimulatorOptions, type OnlineSimulatorState } from "./simulator.js";

export interface SimulateOnlineOptions extends Omit<OnlineSimulatorOptions, "seed" | "teacher"> {
  spec: CommitteeSpec;
  /** Required unless `from` is given (the state carries its seed). */
  seed?: number;
  /** Required unless `from` is given (the state carries the teacher). */
  teacher?: TeacherWeights;
  /** Last α (rounded to a whole step); default the largest record.at. */
  alphaMax?: number;
  /** Log-spaced (perDecade) and/or explicit (at) α values; every value is rounded to the nearest step. */
  record?: RecordSpec;
  /** Continue a run from getState() instead of starting afresh (no snapshot is repeated at its step). */
  from?: OnlineSimulatorState;
  /** Stops the run between chunks of steps (the iterator then throws the signal's reason). */
  signal?: AbortSignal;
  /** Called with the simulator after each snapshot (for example to keep its getState()). */
  onSnapshot?: (sim: OnlineSimulator, snapshot: Snapshot) => void;
}

/** About this many multiply-adds between yields to the event loop. */
const CHUNK_WORK = 1 << 24;

/**
 * Runs one-pass SGD and yields a Snapshot at α = 0 and at every recorded α up to alphaMax (the steps
 * round(αN): t = step/N may differ from a requested α by at most 1/(2N)). Throws DivergenceError on blow-up.
 */
export async function* simulateOnline(
  options: SimulateOnlineOptions,
): AsyncGenerator<Snapshot, void, undefined> {
  const { spec, from, signal } = options;
  const alphaMax = checkRecord(options.record, options.alphaMax);
  let sim: OnlineSimulator;
  if (from !== undefined) {
    sim = OnlineSimulator.fromState(spec, from, { kernel: options.kernel });
  } else {
    if (options.seed === undefined) throw new Error("seed: required (or pass `from`, a saved state)");
    if (options.teacher === undefined) throw new Error("teacher: required (or pass `from`, a saved state)");
    sim = new OnlineSimulator(spec, { ...options, seed: options.seed, teacher: options.teacher });
  }
  const steps = recordSteps(spec.N, alphaMax, options.record ?? {}, sim.steps, from === undefined);
  const chunk = Math.max(1, Math.floor(CHUNK_WORK / ((spec.p + spec.pStar) * spec.N * spec.batch)));
  const yieldNow =
    typeof setImmediate === "function"
      ? () => new Promise<void>((r) => setImmediate(r))
      : () => new Promise<void>((r) => setTimeout(r, 0));
  for (const target of steps) {
    while (sim.steps < target) {
      signal?.throwIfAborted();
      sim.step(Math.min(chunk, target - sim.steps));
      if (sim.steps < target) await yieldNow();
    }
    const snapshot = sim.snapshot();
    options.onSnapshot?.(sim, snapshot);
    yield snapshot;
  }
}

/**
 * The exact overlaps (Q, M, T; v when the second layer is trained) of the simulator's starting point with
 * this seed and teacher, so an ODE can start where the finite-N simulation starts.
 */
export function initialOverlaps(
  spec: CommitteeSpec,
  options: { seed: number; teacher: TeacherWeights; init?: Float64Array },
): Overlaps {
  return new OnlineSimulator(spec, { ...options, kernel: "js" }).overlaps();
}
