// Tian's two-layer teacher: h = ReLU(W1 x + b1), y = W2 h + b2 in the W x convention (rows = output units),
// so Tian's columns of W1 are our rows. Hidden node i's fan-out is column i of W2, scaled by 1/(i+1)^p.
import { type DenseWeights, defineTeacher } from "@pupil/plugin";
import {
  applyFanOutDecay,
  checkDims,
  discreteLevels,
  distinctDiscreteRows,
  numberParam,
} from "./discrete.js";

export const discreteFanoutTeacher = defineTeacher({
  id: "discrete-fanout",
  title: "Distinct discrete two-layer teacher with fan-out decay (Tian 2020)",
  doc:
    "shape {inputDim: d, widths: [m], outputs: c}. First-layer rows: distinct unit-norm vectors with entries in " +
    "{−1, −0.75, …, 1}; second layer likewise; biases params.bias (−0.1); column i of W2 divided by (i+1)^p " +
    "with p = params.p (0 = no decay).",
  // Declared, so a misspelt key ({"P": 7}) is refused at the config boundary instead of ignored.
  params: {
    p: { type: "number", default: 0, min: 0, doc: "fan-out decay power: column i of W2 divided by (i+1)^p" },
    bias: { type: "number", default: -0.1, doc: "every bias" },
    levels: { type: "number", default: 9, min: 2, doc: "number of discrete weight levels in [−1, 1]" },
  },
  generate({ shape, params, rng }) {
    const d = checkDims("shape.inputDim", shape.inputDim);
    if (!Array.isArray(shape.widths) || shape.widths.length !== 1) {
      throw new Error(
        `shape.widths must have exactly one hidden width for discrete-fanout, got ${JSON.stringify(shape.widths)}`,
      );
    }
    const m = checkDims("shape.widths[0]", shape.widths[0]);
    const c = checkDims("shape.outputs", shape.outputs ?? 1);
    const p = numberParam(params, "p", 0);
    if (p < 0) throw new Error(`params.p must be ≥ 0, got ${p}`);
    const bias = numberParam(params, "bias", -0.1);
    const levels = discreteLevels(numberParam(params, "levels", 9));
    const first: DenseWeights = {
      rows: m,
      cols: d,
      data: distinctDiscreteRows(m, d, levels, rng, "shape.widths[0]"),
      bias: new Float64Array(m).fill(bias),
    };
    const w2 = distinctDiscreteRows(c, m, levels, rng, "shape.outputs");
    applyFanOutDecay(w2, c, m, p);
    const second: DenseWeights = { rows: c, cols: m, data: w2, bias: new Float64Array(c).fill(bias) };
    return {
      layers: [first, second],
      meta: { fanOutPower: p, bias, levels: Array.from(levels), activation: "relu" },
    };
  },
});
