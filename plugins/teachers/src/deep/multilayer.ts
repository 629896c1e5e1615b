// Tian's multi-layer teacher: each layer's rows distinct discrete unit-norm vectors, biases U(−0.5, 0.5),
// optional fan-out decay per layer, then biases tuned layer by layer to minus the median pre-activation over
// x ~ N(0, σ² I) (each node active on about half the inputs) and the output standardised (zero mean, unit
// variance per output unit on the same inputs).
import { type DenseWeights, defineTeacher } from "@pupil/plugin";
import {
  applyFanOutDecay,
  checkDims,
  discreteLevels,
  distinctDiscreteRows,
  numberParam,
} from "./discrete.js";

function median(values: Float64Array): number {
  const s = Float64Array.from(values).sort();
  const n = s.length;
  return n % 2 === 1 ? s[(n - 1) / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
}

export const multilayerDiscreteTeacher = defineTeacher({
  id: "multilayer-discrete",
  title: "Multi-layer distinct discrete teacher with median-tuned biases (Tian 2020)",
  doc:
    "shape {inputDim, widths: [w1, …, wL], outputs: c}. params: p (fan-out power, every layer, default 0), " +
    "inputStd (σ of x, default 10), tuneSamples (default 2000), slope (leaky-ReLU slope, default 0 = ReLU), " +
    "tuneBias (default 1), standardize (default 1).",
  // Declared, so a misspelt key is refused at the config boundary instead of ignored.
  params: {
    p: { type: "number", default: 0, min: 0, doc: "fan-out decay power, every layer" },
    inputStd: { type: "number", default: 10, doc: "σ of the inputs the biases are tuned on" },
    tuneSamples: { type: "number", default: 2000, min: 1, doc: "inputs drawn to tune the biases" },
    slope: { type: "number", default: 0, doc: "leaky-ReLU slope (0 = ReLU)" },
    tuneBias: {
      type: "number",
      default: 1,
      doc: "1: hidden biases set to minus the median pre-activation; 0: no",
    },
    standardize: {
      type: "number",
      default: 1,
      doc: "1: standardise the output units over the tuning inputs; 0: no",
    },
    levels: { type: "number", default: 9, min: 2, doc: "number of discrete weight levels in [−1, 1]" },
  },
  generate({ shape, params, rng }) {
    const inputDim = checkDims("shape.inputDim", shape.inputDim);
    if (!Array.isArray(shape.widths) || shape.widths.length === 0) {
      throw new Error("shape.widths must be a non-empty array of positive integers");
    }
    const widths = shape.widths.map((w, i) => checkDims(`shape.widths[${i}]`, w));
    const outputs = checkDims("shape.outputs", shape.outputs ?? 1);
    const p = numberParam(params, "p", 0);
    if (p < 0) throw new Error(`params.p must be ≥ 0, got ${p}`);
    const inputStd = numberParam(params, "inputStd", 10);
    const samples = checkDims("params.tuneSamples", numberParam(params, "tuneSamples", 2000));
    const slope = numberParam(params, "slope", 0);
    const tuneBias = numberParam(params, "tuneBias", 1) !== 0;
    const standardize = numberParam(params, "standardize", 1) !== 0;
    const levels = discreteLevels(numberParam(params, "levels", 9));

    const sizes = [...widths, outputs];
    const layers: DenseWeights[] = [];
    let fanIn = inputDim;
    sizes.forEach((units, l) => {
      const field = l < widths.length ? `shape.widths[${l}]` : "shape.outputs";
      const data = distinctDiscreteRows(units, fanIn, levels, rng, field);
      if (l > 0) applyFanOutDecay(data, units, fanIn, p);
      const bias = new Float64Array(units);
      for (let i = 0; i < units; i++) bias[i] = rng.uniform(-0.5, 0.5);
      layers.push({ rows: units, cols: fanIn, data, bias });
      fanIn = units;
    });

    // Layer-by-layer tuning on a fixed sample drawn from a fork (so the weights above do not depend on it).
    const tuneRng = rng.fork(7);
    let h = new Float64Array(samples * inputDim);
    tuneRng.fillNormal(h);
    for (let k = 0; k < h.length; k++) h[k] *= inputStd;
    const outStats: { mean: number; std: number }[] = [];
    layers.forEach((L, l) => {
      const last = l === layers.length - 1;
      const z = new Float64Array(samples * L.rows);
      const column = new Float64Array(samples);
      for (let i = 0; i < L.rows; i++) {
        for (let s = 0; s < samples; s++) {
          let acc = 0;
          for (let j = 0; j < L.cols; j++) acc += L.data[i * L.cols + j] * h[s * L.cols + j];
          column[s] = acc;
        }
        const bias = L.bias as Float64Array;
        if (!last && tuneBias) bias[i] = -median(column);
        for (let s = 0; s < samples; s++) z[s * L.rows + i] = column[s] + bias[i];
        if (last && standardize) {
          let mean = 0;
          for (let s = 0; s < samples; s++) mean += z[s * L.rows + i];
          mean /= samples;
          let v = 0;
          for (let s = 0; s < samples; s++) v += (z[s * L.rows + i] - mean) ** 2;
          const std = Math.sqrt(v / samples) || 1;
          for (let j = 0; j < L.cols; j++) L.data[i * L.cols + j] /= std;
          bias[i] = (bias[i] - mean) / std;
          outStats.push({ mean, std });
        }
      }
      if (!last) for (let k = 0; k < z.length; k++) z[k] = z[k] > 0 ? z[k] : slope * z[k];
      h = z;
    });
    return {
      layers,
      meta: {
        fanOutPower: p,
        inputStd,
        tuneSamples: samples,
        slope,
        tuneBias,
        standardize,
        outputStats: outStats,
      },
    };
  },
});
