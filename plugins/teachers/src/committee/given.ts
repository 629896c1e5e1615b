import { defineTeacher } from "@pupil/plugin";
import { committeeShape } from "./shape.js";

/** Teacher weights given in params.weights as p* rows of N numbers (a saved or hand-made teacher). */
export const givenTeacher = defineTeacher({
  id: "given",
  title: "Given committee teacher",
  doc: "Uses params.weights: number[][] with p* rows of N finite numbers.",
  params: { weights: { type: "number[][]", doc: "p* rows of N finite numbers: the teacher's first layer" } },
  generate({ shape, params }) {
    const { pStar, N } = committeeShape(shape, "given");
    const weights = params?.weights;
    if (!Array.isArray(weights) || weights.length !== pStar) {
      throw new Error(
        `teacher "given": params.weights must be an array of p* = ${pStar} rows (got ${Array.isArray(weights) ? `${weights.length} rows` : typeof weights})`,
      );
    }
    const data = new Float64Array(pStar * N);
    for (let r = 0; r < pStar; r++) {
      const row: unknown = weights[r];
      if (!Array.isArray(row) || row.length !== N) {
        throw new Error(
          `teacher "given": params.weights[${r}] must be an array of N = ${N} numbers (got ${Array.isArray(row) ? `length ${row.length}` : typeof row})`,
        );
      }
      for (let i = 0; i < N; i++) {
        const v = row[i];
        if (typeof v !== "number" || !Number.isFinite(v)) {
          throw new Error(
            `teacher "given": params.weights[${r}][${i}] must be a finite number (got ${String(v)})`,
          );
        }
        data[r * N + i] = v;
      }
    }
    return { layers: [{ rows: pStar, cols: N, data }] };
  },
});
