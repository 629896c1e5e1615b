// The finite-N simulation as a source: advances to each grid α and takes a snapshot there.
import { OnlineSimulator, type OnlineSimulatorState } from "@pupil/dynamics";
import type { Snapshot, WeightsView } from "@pupil/plugin";
import { createRng } from "@pupil/tensors";
import type { Source } from "../../run/source.js";
import { nextTurn } from "../../run/turn.js";
import { type RunPlan, STUDENT_INIT_STREAM } from "./plan.js";
import { studentWithOverlaps } from "./student-init.js";

/** Steps between yields to the event loop (so pause/stop messages get through during long stretches). */
const CHUNK = 20_000;

export class SimSource implements Source {
  readonly name = "sim" as const;
  /** Whole SGD steps from one RNG stream: stopping on the way changes nothing. */
  readonly splitsExactly = true;
  sim: OnlineSimulator;
  readonly #plan: RunPlan;

  constructor(plan: RunPlan) {
    const { config, spec, teacher } = plan;
    this.#plan = plan;
    const maxLoss = config.divergence.egMax;
    let init: Float64Array | undefined;
    if (config.init.Q && config.init.M) {
      const rng = createRng(config.seed).fork(STUDENT_INIT_STREAM);
      init = studentWithOverlaps(config.init.Q, config.init.M, teacher.layers[0].data, spec.N, rng);
    }
    this.sim = new OnlineSimulator(spec, { seed: config.seed, teacher, init, maxLoss });
  }

  /** The simulator's SGD step kernel ("wasm" or "js"). */
  get kernel(): "wasm" | "js" {
    return this.sim.kernelName;
  }

  async advanceTo(alpha: number): Promise<Snapshot> {
    const N = this.sim.spec.N;
    const target = Math.round(alpha * N);
    for (let done = Math.round(this.sim.alpha * N); done < target; ) {
      const n = Math.min(CHUNK, target - done);
      this.sim.step(n);
      done += n;
      if (done < target) await nextTurn();
    }
    return this.sim.snapshot();
  }

  checkpoint(): OnlineSimulatorState {
    return this.sim.getState();
  }

  restore(state: unknown): void {
    this.sim = OnlineSimulator.fromState(this.#plan.spec, state as OnlineSimulatorState);
  }

  weights(): WeightsView {
    const { student, teacher } = this.sim.weights;
    return { student, teacher };
  }
}
