// The one data stream: every run (ODE, online SGD, minibatch training) is an AsyncIterable<Snapshot>.
// Its JSON form, one object a line, is the run log's contract (snapshots.jsonl): keep field names stable.

export type SnapshotSource = "ode" | "sim" | "train" | (string & {});

/** The natural unit of `t`: α = steps/N for ODE and online runs, epochs for training. */
export type TimeUnit = "alpha" | "epoch" | "step";

export interface SnapshotLoss {
  /** Population (generalisation) error eg. */
  gen?: number;
  train?: number;
  test?: number;
}

export interface SnapshotOverlaps {
  /** Q_jk = w_j·w_k/N (student–student), p×p. */
  Q: number[][];
  /** M_jr = w_j·w*_r/N (student–teacher), p×p*. */
  M: number[][];
  /** T_rs = w*_r·w*_s/N (teacher–teacher), p*×p*. */
  T: number[][];
  /** Student second layer when it is trained. */
  v?: number[];
}

export interface Snapshot {
  /** SGD steps, ODE steps or optimiser steps since the start. */
  step: number;
  /** Time in its natural unit (`timeUnit`). */
  t: number;
  timeUnit: TimeUnit;
  source: SnapshotSource;
  loss: SnapshotLoss;
  overlaps?: SnapshotOverlaps;
  metrics: Record<string, number | number[] | number[][]>;
  /** Units of `t` (or steps) per wall-clock second since the previous snapshot. */
  throughput?: { value: number; unit: string };
  /** Seed of the run that produced it (ensembles interleave several). */
  seed?: number;
}
