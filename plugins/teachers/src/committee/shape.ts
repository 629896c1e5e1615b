import type { TeacherShape } from "@pupil/plugin";

/** The committee teacher's (p*, N) from a shape {inputDim: N, widths: [p*]}; errors name the field. */
export function committeeShape(shape: TeacherShape, id: string): { pStar: number; N: number } {
  const N = shape?.inputDim;
  if (!Number.isInteger(N) || N < 1) {
    throw new Error(`teacher "${id}": shape.inputDim must be an integer ≥ 1 (got ${String(N)})`);
  }
  if (!Array.isArray(shape.widths) || shape.widths.length !== 1) {
    throw new Error(
      `teacher "${id}": shape.widths must hold exactly one width [p*] for a committee machine (got ${JSON.stringify(shape.widths)})`,
    );
  }
  const pStar = shape.widths[0];
  if (!Number.isInteger(pStar) || pStar < 1) {
    throw new Error(`teacher "${id}": shape.widths[0] (p*) must be an integer ≥ 1 (got ${String(pStar)})`);
  }
  if (shape.outputs !== undefined && shape.outputs !== 1) {
    throw new Error(
      `teacher "${id}": shape.outputs must be 1 or absent: a committee teacher has one output, its second layer b comes from the run's spec (got ${String(shape.outputs)})`,
    );
  }
  return { pStar, N };
}
