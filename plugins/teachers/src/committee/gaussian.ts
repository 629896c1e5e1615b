import { defineTeacher } from "@pupil/plugin";
import { committeeShape } from "./shape.js";

/** Teacher rows w*_r with i.i.d. N(0,1) entries, so T = w*w*ᵀ/N ≈ I with O(N^-½) fluctuations. */
export const gaussianTeacher = defineTeacher({
  id: "gaussian",
  title: "Gaussian committee teacher",
  doc: "p*×N first layer with i.i.d. N(0,1) entries (T ≈ I up to O(1/√N)).",
  params: {}, // takes none: any key in a config is refused
  generate({ shape, rng }) {
    const { pStar, N } = committeeShape(shape, "gaussian");
    const data = new Float64Array(pStar * N);
    rng.fillNormal(data);
    return { layers: [{ rows: pStar, cols: N, data }] };
  },
});
