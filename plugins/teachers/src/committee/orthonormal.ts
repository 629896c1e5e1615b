import { defineTeacher } from "@pupil/plugin";
import { committeeShape } from "./shape.js";

/**
 * Orthonormal teacher directions scaled by √N, so T = w*·w*ᵀ/N = I up to rounding (MATH.md §1 default).
 * Gram–Schmidt of Gaussian rows, done twice per row ("twice is enough") for orthogonality to rounding.
 */
export const orthonormalTeacher = defineTeacher({
  id: "orthonormal",
  title: "Orthonormal committee teacher",
  doc: "p*×N first layer with orthogonal rows of norm √N (T = I exactly); needs p* ≤ N.",
  params: {}, // takes none: any key in a config is refused
  generate({ shape, rng }) {
    const { pStar, N } = committeeShape(shape, "orthonormal");
    if (pStar > N) {
      throw new Error(
        `teacher "orthonormal": shape.widths[0] (p* = ${pStar}) must be ≤ shape.inputDim (N = ${N}) for orthonormal rows`,
      );
    }
    const data = new Float64Array(pStar * N);
    rng.fillNormal(data);
    const scale = Math.sqrt(N);
    for (let r = 0; r < pStar; r++) {
      const ro = r * N;
      for (let pass = 0; pass < 2; pass++) {
        for (let s = 0; s < r; s++) {
          const so = s * N;
          let proj = 0;
          for (let i = 0; i < N; i++) proj += data[ro + i] * data[so + i];
          for (let i = 0; i < N; i++) data[ro + i] -= proj * data[so + i];
        }
        let norm2 = 0;
        for (let i = 0; i < N; i++) norm2 += data[ro + i] * data[ro + i];
        // A Gaussian row lies in the span of the earlier ones with probability 0; guard anyway.
        if (!(norm2 > 0))
          throw new Error(`teacher "orthonormal": degenerate draw for row ${r}; use another seed`);
        const inv = 1 / Math.sqrt(norm2);
        for (let i = 0; i < N; i++) data[ro + i] *= inv;
      }
    }
    for (let i = 0; i < data.length; i++) data[i] *= scale;
    return { layers: [{ rows: pStar, cols: N, data }] };
  },
});
