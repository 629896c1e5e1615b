// Evaluation figures: MSE and classification accuracy, and the last/best summary over a run.

export function meanSquaredError(prediction: ArrayLike<number>, target: ArrayLike<number>): number {
  if (prediction.length !== target.length || target.length === 0) {
    throw new Error(
      `prediction and target must be non-empty and of equal length, got ${prediction.length} and ${target.length}`,
    );
  }
  let s = 0;
  for (let i = 0; i < target.length; i++) s += (prediction[i] - target[i]) ** 2;
  return s / target.length;
}

/** Fraction of rows whose argmax of `scores` (n × classes) equals `labels[i]`. */
export function accuracy(scores: ArrayLike<number>, labels: ArrayLike<number>, classes: number): number {
  const n = labels.length;
  if (!Number.isInteger(classes) || classes <= 0)
    throw new Error(`classes must be a positive integer, got ${classes}`);
  if (scores.length !== n * classes || n === 0)
    throw new Error(`scores must hold labels.length×classes = ${n * classes} values, got ${scores.length}`);
  let hits = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (scores[i * classes + c] > scores[i * classes + best]) best = c;
    if (best === labels[i]) hits += 1;
  }
  return hits / n;
}

/** Tracks the last and best value of a figure over a run (best = lowest for losses, highest for accuracy). */
export class LastAndBest {
  last = Number.NaN;
  best = Number.NaN;
  bestAt = -1;
  constructor(readonly goal: "min" | "max") {}
  add(value: number, at: number): this {
    this.last = value;
    if (Number.isNaN(this.best) || (this.goal === "min" ? value < this.best : value > this.best)) {
      this.best = value;
      this.bestAt = at;
    }
    return this;
  }
}
