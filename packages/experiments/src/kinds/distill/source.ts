// The distill run as one Source on the epoch axis: each advance trains (or replays from the stage cache) one
// epoch of the stage it falls in (teacher, the loss's pre-stages, student) and reports its snapshot. Its
// checkpoint holds every trainer's weights and optimiser slots (the loss's own modules among them), the
// epoch reached (which fixes the data order: epoch e of a stage is permuted by (stage seed, e)), the best
// accuracy so far and the stage's snapshots for the cache. A stop asked for inside an epoch takes effect at
// the next batch boundary: the checkpoint then also holds the batches done and the epoch's running sums, so
// the resumed epoch trains the remaining batches of the same permutation and ends with the same snapshot.
import type { BatchStream } from "@pupil/datasets";
import { ConvNet } from "@pupil/models";
import { crossEntropy, type LossInstance, type Snapshot, type Tensor, type Tf } from "@pupil/plugin";
import type { Source, StepInterrupt } from "../../run/source.js";
import { nextTurn } from "../../run/turn.js";
import { lookupStage, type StageEntry, stageKey, storeStage } from "./cache.js";
import { type DistillData, loadDistillData, testStream, trainStream } from "./data.js";
import { createLoss, type DistillPlan, type Stage, stageAt } from "./plan.js";
import {
  assignValues,
  decodeValues,
  readValues,
  VariablesTrainer,
  type VariablesTrainerState,
} from "./trainer.js";

export interface DistillSourceState {
  format: "pupil-distill/1";
  /** Global epochs completed. */
  done: number;
  step: number;
  best: number;
  teacher: VariablesTrainerState;
  pre: VariablesTrainerState[];
  student: VariablesTrainerState;
  /** The loss's whole state as its contract defines it: trainableVariables then frozenVariables. */
  loss: string[];
  /** Snapshots of the current stage so far (stored with the stage's result in the cache). */
  stageSnapshots: Snapshot[];
  /** A cached stage being replayed: its snapshots. */
  replay: Snapshot[] | null;
  /** An epoch stopped between two batches (absent or null: at an epoch boundary). */
  progress?: EpochProgress | null;
}

/** How far the current epoch got: its global number, the batches trained and the running sums over them. */
export interface EpochProgress {
  epoch: number;
  batches: number;
  lossSum: number;
  termSum: number;
  count: number;
}

/** One batch's contribution: the objective and the distillation term, both per-sample means. */
interface BatchResult {
  loss: number;
  term: number;
}

interface Streams {
  teacher: BatchStream;
  pre: BatchStream;
  student: BatchStream;
  test: BatchStream;
}

/** Per-stage data-order seeds, derived from the run's seed. */
const seeds = (seed: number) => ({ teacher: 4 * seed + 1, pre: 4 * seed + 2, student: 4 * seed + 3 });

export class DistillSource implements Source {
  readonly name = "distill";
  readonly #plan: DistillPlan;
  readonly #tf: Tf;
  readonly #teacher: ConvNet;
  readonly #student: ConvNet;
  readonly #loss: LossInstance | undefined;
  readonly #teacherTrainer: VariablesTrainer;
  readonly #preTrainers: VariablesTrainer[];
  readonly #studentTrainer: VariablesTrainer;
  #data: DistillData | undefined;
  #streams: Streams | undefined;
  #done = 0;
  #step = 0;
  #best = 0;
  #stageSnapshots: Snapshot[] = [];
  #replay: Snapshot[] | null = null;
  #progress: EpochProgress | null = null;
  /** performance.now() when this process started training the current stage at its first epoch. */
  #stageStart: number | undefined;

  constructor(plan: DistillPlan) {
    const d = plan.config.distill;
    this.#plan = plan;
    this.#tf = plan.host.tf;
    const s = seeds(plan.config.seed);
    this.#teacher = new ConvNet(this.#tf, plan.teacherNet, { seed: s.teacher });
    this.#student = new ConvNet(this.#tf, plan.studentNet, { seed: s.student });
    this.#loss = createLoss(plan);
    const optimizer = { type: d.optimizer, momentum: d.momentum };
    const lrOf = (kind: Stage["kind"]) => plan.stages.find((st) => st.kind === kind)?.lr ?? plan.config.lr;
    this.#teacherTrainer = new VariablesTrainer(this.#tf, this.#teacher.variables, {
      ...optimizer,
      lr: lrOf("teacher"),
    });
    this.#preTrainers = (this.#loss?.preStages ?? []).map((pre, i) => {
      const stage = plan.stages.find((st) => st.kind === "pre" && st.preIndex === i);
      // Pre-stages train with Adam (the paraphraser's schedule in the factor-transfer paper).
      return new VariablesTrainer(this.#tf, pre.trainableVariables, { type: "adam", lr: stage?.lr ?? 1e-3 });
    });
    this.#studentTrainer = new VariablesTrainer(
      this.#tf,
      [...this.#student.variables, ...(this.#loss?.trainableVariables ?? [])],
      { ...optimizer, lr: lrOf("student") },
    );
  }

  /** The tfjs backend the nets train on ("tfjs-wasm", "tfjs-webgl", "tfjs-cpu"). */
  get kernel(): string {
    return `tfjs-${this.#tf.getBackend()}`;
  }

  async #ready(): Promise<Streams> {
    if (!this.#streams) {
      const d = this.#plan.config.distill;
      this.#data = await loadDistillData(d.data, this.#plan.host);
      const s = seeds(this.#plan.config.seed);
      this.#streams = {
        teacher: trainStream(this.#data, d.batchSize, s.teacher),
        pre: trainStream(this.#data, d.batchSize, s.pre),
        student: trainStream(this.#data, d.batchSize, s.student),
        test: testStream(this.#data, d.evalBatch),
      };
    }
    return this.#streams;
  }

  /** The config part a stage's result depends on (the cache key's content). */
  #stagePart(stage: Stage): unknown {
    const { config, teacherNet, studentNet, loss } = this.#plan;
    const d = config.distill;
    const teacherStage = this.#plan.stages.find((s) => s.kind === "teacher");
    const teacher = {
      format: "distill-teacher/1",
      seed: config.seed,
      data: d.data,
      net: teacherNet,
      epochs: teacherStage?.epochs,
      lr: teacherStage?.lr,
      optimizer: d.optimizer,
      momentum: d.momentum,
      batchSize: d.batchSize,
      evalBatch: d.evalBatch,
    };
    if (stage.kind === "teacher") return teacher;
    return {
      format: "distill-pre/1",
      teacher,
      // The loss's modules are created from the seed and both nets' tap shapes: all of it is in the key.
      loss: { id: loss?.plugin.id, params: loss?.params },
      studentNet,
      taps: d.taps,
      stage: { index: stage.preIndex, epochs: stage.epochs, lr: stage.lr },
    };
  }

  #stageVariables(stage: Stage) {
    if (stage.kind === "teacher") return this.#teacher.variables;
    return this.#loss?.preStages?.[stage.preIndex ?? 0]?.trainableVariables ?? [];
  }

  async advanceTo(t: number, interrupt?: StepInterrupt): Promise<Snapshot | undefined> {
    const streams = await this.#ready();
    let snapshot: Snapshot | undefined;
    while (this.#done < t) {
      const epoch = this.#done + 1;
      const stage = stageAt(this.#plan, epoch);
      const stageEpoch = epoch - stage.offset;
      // A stage's start happens once, also when its first epoch was stopped and resumed.
      if (stageEpoch === 1 && this.#progress?.epoch !== epoch) {
        this.#best = 0;
        this.#stageSnapshots = [];
        this.#replay = null;
        this.#stageStart = performance.now();
        if (stage.kind !== "student") {
          const part = this.#stagePart(stage);
          const hit = await lookupStage(this.#plan.host.stageCache, stageKey(stage.name, part), part);
          if (hit) {
            assignValues(
              this.#tf,
              this.#stageVariables(stage),
              decodeValues(this.#stageVariables(stage), hit.values, "cache.values"),
            );
            this.#replay = hit.snapshots;
          }
        }
      }
      if (this.#replay) {
        snapshot = structuredClone(this.#replay[stageEpoch - 1]);
        if (!snapshot) throw new Error(`stage cache: no snapshot for ${stage.name} epoch ${stageEpoch}`);
        this.#step = snapshot.step;
      } else {
        snapshot = await this.#trainEpoch(stage, epoch, streams, interrupt);
        if (!snapshot) return undefined;
      }
      this.#stageSnapshots.push(structuredClone(snapshot));
      this.#done = epoch;
      if (stageEpoch === stage.epochs) {
        if (stage.kind !== "student" && !this.#replay) {
          const part = this.#stagePart(stage);
          const entry: StageEntry = {
            part,
            values: readValues(this.#stageVariables(stage)),
            snapshots: this.#stageSnapshots,
            ...(this.#stageStart === undefined
              ? {}
              : { seconds: (performance.now() - this.#stageStart) / 1000 }),
          };
          await storeStage(this.#plan.host.stageCache, stageKey(stage.name, part), entry);
        }
        this.#replay = null;
      }
      if (this.#done < t) await nextTurn();
    }
    if (!snapshot) throw new Error(`advanceTo(${t}): the run is already at epoch ${this.#done}`);
    return snapshot;
  }

  /** Tensors of the current batch of `stream` (n images). */
  #batch(stream: BatchStream, n: number): { x: Tensor; y: Tensor } {
    const tf = this.#tf;
    const set = stream.dataset;
    const shape = [n, set.height, set.width, set.channels];
    const classes = set.classNames.length;
    return {
      x: tf.tensor(stream.x.subarray(0, n * set.imageSize), shape, "float32"),
      y: tf.tensor(stream.y.subarray(0, n * classes), [n, classes], "float32"),
    };
  }

  /**
   * Trains global epoch `epoch` (of `stage`) batch by batch from where it stands, yielding a turn after each
   * batch when `interrupt` is given; returns undefined when a stop was asked for before its last batch.
   */
  async #trainEpoch(
    stage: Stage,
    epoch: number,
    streams: Streams,
    interrupt: StepInterrupt | undefined,
  ): Promise<Snapshot | undefined> {
    const stageEpoch = epoch - stage.offset;
    const batch = this.#batchTrainer(stage);
    const stream =
      stage.kind === "teacher" ? streams.teacher : stage.kind === "pre" ? streams.pre : streams.student;
    const p: EpochProgress =
      this.#progress?.epoch === epoch
        ? this.#progress
        : { epoch, batches: 0, lossSum: 0, termSum: 0, count: 0 };
    this.#progress = p;
    stream.startEpoch(stageEpoch - 1);
    for (let k = 0; k < p.batches; k++) stream.next();
    for (let n = stream.next(); n > 0; n = stream.next()) {
      const r = batch(stream, n);
      p.lossSum += r.loss * n;
      p.termSum += r.term * n;
      p.count += n;
      p.batches += 1;
      this.#step += 1;
      if (interrupt && p.batches < stream.batchesPerEpoch) {
        await nextTurn();
        if (interrupt.requested) return undefined;
      }
    }
    this.#progress = null;
    const net =
      stage.kind === "teacher" ? this.#teacher : stage.kind === "student" ? this.#student : undefined;
    return this.#snapshot(stage, stageEpoch, p.lossSum / p.count, p.termSum / p.count, net);
  }

  /** One optimiser step of `stage` on the stream's current batch (n images). */
  #batchTrainer(stage: Stage): (stream: BatchStream, n: number) => BatchResult {
    const tf = this.#tf;
    const d = this.#plan.config.distill;
    if (stage.kind === "teacher") {
      return (stream, n) => {
        const { x, y } = this.#batch(stream, n);
        const r = this.#teacherTrainer.step(() => ({
          loss: crossEntropy(tf, this.#teacher.forward(x).logits, y),
        }));
        tf.dispose([x, y]);
        return { loss: r.loss, term: 0 };
      };
    }
    if (stage.kind === "pre") {
      const pre = this.#loss?.preStages?.[stage.preIndex ?? 0];
      const trainer = this.#preTrainers[stage.preIndex ?? 0];
      if (!pre || !trainer) throw new Error(`no pre-stage ${stage.preIndex}`);
      return (stream, n) => {
        const { x, y } = this.#batch(stream, n);
        const maps = this.#teacherTaps(x, false);
        const r = trainer.step(() => ({ loss: pre.loss(maps.features) }));
        tf.dispose([x, y, ...maps.all]);
        return { loss: r.loss, term: 0 };
      };
    }
    const loss = this.#loss;
    return (stream, n) => {
      const { x, y } = this.#batch(stream, n);
      const teacher = loss ? this.#teacherTaps(x, true) : undefined;
      const r = this.#studentTrainer.step(() => {
        if (!loss || !teacher) return { loss: crossEntropy(tf, this.#student.forward(x).logits, y) };
        const f = this.#student.forward(x, d.taps.student);
        const total = loss.loss({
          studentLogits: f.logits,
          teacherLogits: teacher.logits as Tensor,
          studentFeatures: d.taps.student.map((name) => f.taps[name]),
          teacherFeatures: teacher.features,
          labels: y,
        });
        return { loss: total, ce: crossEntropy(tf, f.logits, y) };
      });
      tf.dispose([x, y, ...(teacher?.all ?? [])]);
      return { loss: r.loss, term: r.ce === undefined ? 0 : r.loss - r.ce };
    };
  }

  /** The frozen teacher's logits and transfer-point maps on x (no gradient is recorded). */
  #teacherTaps(x: Tensor, withLogits: boolean): { logits?: Tensor; features: Tensor[]; all: Tensor[] } {
    const taps = this.#plan.config.distill.taps.teacher;
    const out = this.#tf.tidy(() => {
      const f = this.#teacher.forward(x, taps);
      return [...(withLogits ? [f.logits] : []), ...taps.map((name) => f.taps[name])];
    });
    const logits = withLogits ? out[0] : undefined;
    return { logits, features: withLogits ? out.slice(1) : out, all: out };
  }

  /** Test cross-entropy (mean) and accuracy of a net, over the test part in evalBatch passes. */
  #evaluate(net: ConvNet): { loss: number; accuracy: number } {
    const tf = this.#tf;
    const stream = this.#streams?.test;
    if (!stream) throw new Error("data not loaded");
    stream.startEpoch(0);
    let ce = 0;
    let correct = 0;
    let count = 0;
    for (let n = stream.next(); n > 0; n = stream.next()) {
      const { x, y } = this.#batch(stream, n);
      const [sum, hits] = tf.tidy(() => {
        const logits = net.forward(x).logits;
        const hit = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(y, 1)), "float32"));
        return [crossEntropy(tf, logits, y), hit];
      });
      ce += sum.dataSync()[0] * n;
      correct += hits.dataSync()[0];
      count += n;
      tf.dispose([x, y, sum, hits]);
    }
    return { loss: ce / count, accuracy: correct / count };
  }

  #snapshot(
    stage: Stage,
    stageEpoch: number,
    train: number,
    term: number,
    net: ConvNet | undefined,
  ): Snapshot {
    const metrics: Snapshot["metrics"] = { "stage-epoch": stageEpoch };
    const loss: Snapshot["loss"] = { train };
    if (net) {
      const test = this.#evaluate(net);
      this.#best = Math.max(this.#best, test.accuracy);
      loss.test = test.loss;
      metrics["test-accuracy"] = test.accuracy;
      metrics["best-test-accuracy"] = this.#best;
    }
    if (stage.kind === "student") metrics["distill-term"] = term;
    return {
      step: this.#step,
      t: stage.offset + stageEpoch,
      timeUnit: "epoch",
      source: stage.name,
      loss,
      metrics,
      seed: this.#plan.config.seed,
    };
  }

  #lossVariables() {
    return [...(this.#loss?.trainableVariables ?? []), ...(this.#loss?.frozenVariables ?? [])];
  }

  checkpoint(): DistillSourceState {
    return {
      format: "pupil-distill/1",
      done: this.#done,
      step: this.#step,
      best: this.#best,
      teacher: this.#teacherTrainer.getState(),
      pre: this.#preTrainers.map((p) => p.getState()),
      student: this.#studentTrainer.getState(),
      loss: readValues(this.#lossVariables()),
      stageSnapshots: structuredClone(this.#stageSnapshots),
      replay: this.#replay ? structuredClone(this.#replay) : null,
      progress: this.#progress ? { ...this.#progress } : null,
    };
  }

  restore(raw: unknown): void {
    const state = raw as DistillSourceState;
    if (state?.format !== "pupil-distill/1")
      throw new Error(`checkpoint: expected format "pupil-distill/1", got ${String(state?.format)}`);
    if (!Array.isArray(state.pre) || state.pre.length !== this.#preTrainers.length)
      throw new Error(`checkpoint.pre must hold ${this.#preTrainers.length} states`);
    this.#teacherTrainer.setState(state.teacher, "checkpoint.teacher");
    for (const [i, p] of this.#preTrainers.entries()) p.setState(state.pre[i], `checkpoint.pre[${i}]`);
    this.#studentTrainer.setState(state.student, "checkpoint.student");
    const lossVars = this.#lossVariables();
    assignValues(this.#tf, lossVars, decodeValues(lossVars, state.loss, "checkpoint.loss"));
    this.#done = state.done;
    this.#step = state.step;
    this.#best = state.best;
    this.#stageSnapshots = structuredClone(state.stageSnapshots);
    this.#replay = state.replay ? structuredClone(state.replay) : null;
    this.#progress = checkProgress(state.progress, state.done);
    this.#stageStart = undefined;
  }

  dispose(): void {
    this.#teacherTrainer.dispose();
    for (const p of this.#preTrainers) p.dispose();
    this.#studentTrainer.dispose();
    this.#loss?.dispose();
    this.#teacher.dispose();
    this.#student.dispose();
  }
}

/** A checkpoint's epoch progress, checked field by field (checkpoints written before it existed have none). */
function checkProgress(raw: unknown, done: number): EpochProgress | null {
  if (raw === undefined || raw === null) return null;
  const p = raw as EpochProgress;
  const whole = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;
  if (p.epoch !== done + 1) throw new Error(`checkpoint.progress.epoch must be ${done + 1}, got ${p.epoch}`);
  for (const key of ["batches", "count"] as const)
    if (!whole(p[key])) throw new Error(`checkpoint.progress.${key} must be a whole number, got ${p[key]}`);
  for (const key of ["lossSum", "termSum"] as const)
    if (!Number.isFinite(p[key])) throw new Error(`checkpoint.progress.${key} must be finite, got ${p[key]}`);
  return { epoch: p.epoch, batches: p.batches, lossSum: p.lossSum, termSum: p.termSum, count: p.count };
}
