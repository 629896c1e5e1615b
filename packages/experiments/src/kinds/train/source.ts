// Training as a Source: @pupil/models' Trainer (Float64Array route, deterministic per seed) advanced epoch
// by epoch; its checkpoint is the Trainer's state (weights, optimiser moments, shuffle RNG, epoch).
import { Trainer, type TrainerOptions, type TrainerState, toDenseWeights } from "@pupil/models";
import type { Snapshot, WeightsView } from "@pupil/plugin";
import type { Source } from "../../run/source.js";
import { nextTurn } from "../../run/turn.js";
import type { TrainPlan } from "./plan.js";
import { spectralPruning } from "./spectral.js";

export class TrainSource implements Source {
  readonly name = "train" as const;
  /** Whole epochs, one at a time: stopping on the way changes nothing. */
  readonly splitsExactly = true;
  readonly #plan: TrainPlan;
  readonly #options: Omit<TrainerOptions, "params">;
  #trainer: Trainer;

  constructor(plan: TrainPlan) {
    const t = plan.config.train;
    this.#plan = plan;
    this.#options = {
      net: plan.student,
      train: plan.data.train,
      test: plan.data.test,
      optimizer: { type: t.optimizer, lr: plan.config.lr, batchSize: t.batchSize },
      epochs: t.epochs,
      seed: plan.config.seed,
      route: "f64",
      evalEvery: t.evalEvery,
    };
    this.#trainer = new Trainer({ ...this.#options, params: plan.init });
  }

  async advanceTo(epoch: number): Promise<Snapshot> {
    // An epoch at a time, with a turn of the event loop between, so pause/stop get through long stretches.
    while (this.#trainer.epoch < epoch) {
      this.#trainer.advanceTo(this.#trainer.epoch + 1);
      if (this.#trainer.epoch < epoch) await nextTurn();
    }
    const snapshot = this.#trainer.snapshot();
    const t = this.#plan.config.train;
    // At the end, a spectral student's pruning ramp: [cutoff, kept, test MSE] rows and the knee.
    if (t.student.spectral && snapshot.t === t.epochs) {
      const { ramp, knee } = spectralPruning(
        this.#plan.student,
        this.#trainer.params(),
        this.#plan.data.test,
      );
      snapshot.metrics["pruning-ramp"] = ramp;
      snapshot.metrics["pruning-knee"] = knee;
    }
    return snapshot;
  }

  checkpoint(): TrainerState {
    return this.#trainer.getState();
  }

  restore(state: unknown): void {
    this.#trainer.dispose();
    this.#trainer = Trainer.fromState(this.#options, state as TrainerState);
  }

  weights(): WeightsView {
    // The student as dense layers (a spectral layer as its effective W), as metric plugins expect.
    return {
      student: toDenseWeights(this.#plan.student, this.#trainer.params()),
      teacher: this.#plan.teacher,
    };
  }

  dispose(): void {
    this.#trainer.dispose();
  }
}
