// The metrics as MetricPlugins: values computed from a Snapshot and, where they need them, the weights.
import { type DenseWeights, defineMetric, type MetricPlugin, type WeightsView } from "@pupil/plugin";
import { createRng } from "@pupil/tensors";
import { bestMatch, PearsonAccumulator, specializationCounts } from "./pearson.js";
import { activeNodeCount, rowImportance } from "./spectral.js";

export interface SpecializationOptions {
  /** Evaluation inputs x ~ N(0, inputStd² I); default 2048 samples, σ = 1, seed 1. */
  readonly samples?: number;
  readonly inputStd?: number;
  readonly seed?: number;
  /** Slope of the (leaky) ReLU applied to both first layers; default 0 (ReLU). */
  readonly slope?: number;
}

/** First-layer post-activations of `layer` on rows of x (B × layer.rows). */
function hidden(
  layer: DenseWeights,
  x: Float64Array,
  B: number,
  slope: number,
  out: Float64Array,
): Float64Array {
  const { rows, cols, data, bias } = layer;
  for (let s = 0; s < B; s++) {
    for (let i = 0; i < rows; i++) {
      let z = bias ? bias[i] : 0;
      for (let j = 0; j < cols; j++) z += data[i * cols + j] * x[s * cols + j];
      out[s * rows + i] = z > 0 ? z : slope * z;
    }
  }
  return out;
}

/** ρ between the teacher's and the student's first hidden layers on a seeded Gaussian evaluation set. */
export function firstLayerCorrelation(weights: WeightsView, options: SpecializationOptions = {}): number[][] {
  const teacher = weights.teacher?.[0];
  const student = weights.student[0];
  if (!teacher) throw new Error("weights.teacher is required for specialization metrics");
  if (teacher.cols !== student.cols) {
    throw new Error(
      `weights.teacher[0].cols (${teacher.cols}) must equal weights.student[0].cols (${student.cols})`,
    );
  }
  const samples = options.samples ?? 2048;
  const std = options.inputStd ?? 1;
  const slope = options.slope ?? 0;
  const rng = createRng(options.seed ?? 1);
  const B = 256;
  const x = new Float64Array(B * teacher.cols);
  const ht = new Float64Array(B * teacher.rows);
  const hs = new Float64Array(B * student.rows);
  const acc = new PearsonAccumulator(teacher.rows, student.rows);
  for (let done = 0; done < samples; done += B) {
    const b = Math.min(B, samples - done);
    rng.fillNormal(x, 0, b * teacher.cols);
    for (let k = 0; k < b * teacher.cols; k++) x[k] *= std;
    acc.add(hidden(teacher, x, b, slope, ht), hidden(student, x, b, slope, hs), b);
  }
  return acc.correlation();
}

/** Specialization metrics with the given evaluation set (the pack holds the defaults). */
export function specializationMetrics(options: SpecializationOptions = {}): MetricPlugin[] {
  return [
    defineMetric({
      id: "specialization",
      title: "Pearson ρ between teacher and student first-layer nodes",
      output: { type: "matrix" },
      view: "heatmap",
      needsWeights: true,
      compute: (_s, w) => firstLayerCorrelation(w as WeightsView, options),
    }),
    defineMetric({
      id: "specialization-best",
      title: "Best match ρ*_j = max_k ρ_jk per teacher node",
      label: "best match ρ*_j",
      output: { type: "vector" },
      view: "bar",
      // Tian 2020: a teacher node is specialised once some student node correlates above 0.95.
      threshold: { value: 0.95, label: "specialised (τ = 0.95)", event: "node-specialized" },
      needsWeights: true,
      compute: (_s, w) => bestMatch(firstLayerCorrelation(w as WeightsView, options)).value,
    }),
    defineMetric({
      id: "specialization-count",
      title: "Student nodes with ρ_jk > τ, τ = 0.5 … 0.95 (rows) per teacher node (columns)",
      output: { type: "matrix" },
      view: "heatmap",
      needsWeights: true,
      compute: (_s, w) => specializationCounts(firstLayerCorrelation(w as WeightsView, options)),
    }),
  ];
}

export const spectralImportance = defineMetric({
  id: "spectral-importance",
  title: "Node importance L_i of the student's first layer",
  doc: "‖W_i‖·√N of the effective first layer, equal to |λ_i|·‖φ_i‖·√N when λ_in = 0.",
  output: { type: "vector" },
  view: "bar",
  needsWeights: true,
  compute: (_s, w) => rowImportance((w as WeightsView).student[0]),
});

export const activeNodes = defineMetric({
  id: "active-nodes",
  title: "Active first-layer nodes (L_i / max L ≥ 0.05)",
  output: { type: "scalar" },
  view: "line",
  needsWeights: true,
  compute: (_s, w) => activeNodeCount(rowImportance((w as WeightsView).student[0])),
});

export const evalMse = defineMetric({
  id: "eval-mse",
  title: "Generalisation error: the test MSE, or the population loss eg when the run has no test set",
  output: { type: "scalar" },
  view: "line",
  compute: (s) => s.loss.test ?? s.loss.gen ?? Number.NaN,
});
