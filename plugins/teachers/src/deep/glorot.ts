// The spectral experiment's teacher (Giambagli et al. 2023): Glorot-uniform ReLU layers without bias and a
// fixed all-ones output layer (the output is the sum of the last hidden layer).
import { type DenseWeights, defineTeacher } from "@pupil/plugin";
import { checkDims } from "./discrete.js";

export const glorotReluTeacher = defineTeacher({
  id: "glorot-relu",
  title: "Glorot-uniform ReLU teacher with a fixed all-ones output",
  doc:
    "shape {inputDim, widths: [h1, h2, …], outputs?}: Glorot-uniform layers (limit √(6/(fan_in+fan_out))), no " +
    "bias, ReLU between; with `outputs` a last all-ones layer (outputs × h_last). The paper's 10 → 20 → h2 with " +
    "h2 = 10 is widths [20, 10], outputs 1.",
  params: {}, // takes none: any key in a config is refused
  generate({ shape, rng }) {
    const inputDim = checkDims("shape.inputDim", shape.inputDim);
    if (!Array.isArray(shape.widths) || shape.widths.length === 0) {
      throw new Error("shape.widths must be a non-empty array of positive integers");
    }
    const layers: DenseWeights[] = [];
    let fanIn = inputDim;
    shape.widths.forEach((w, i) => {
      const units = checkDims(`shape.widths[${i}]`, w);
      const limit = Math.sqrt(6 / (fanIn + units));
      const data = new Float64Array(units * fanIn);
      for (let k = 0; k < data.length; k++) data[k] = rng.uniform(-limit, limit);
      layers.push({ rows: units, cols: fanIn, data });
      fanIn = units;
    });
    if (shape.outputs !== undefined) {
      const outputs = checkDims("shape.outputs", shape.outputs);
      layers.push({ rows: outputs, cols: fanIn, data: new Float64Array(outputs * fanIn).fill(1) });
    }
    return {
      layers,
      meta: { init: "glorot-uniform", bias: false, activation: "relu", output: "fixed all-ones" },
    };
  },
});
