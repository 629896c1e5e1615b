// Options and saved state of an OnlineSimulator, and their checks (errors name the field).
import type { TeacherWeights } from "@pupil/plugin";
import type { CommitteeSpec } from "../common/index.js";
import type { KernelChoice } from "./kernel-select.js";

export interface OnlineSimulatorOptions {
  /** Seeds the student's initial weights, the inputs and the label noise (independent sub-streams). */
  seed: number;
  /** The teacher: layers[0] is the p*×N first layer (a TeacherPlugin's output). */
  teacher: TeacherWeights;
  /** Student first layer W (p×N row-major) to start from; default i.i.d. N(0,1) from the seed. */
  init?: Float64Array;
  /** "wasm" (SIMD kernel), "js" (plain loops, the oracle) or "auto" (wasm when available; the default). */
  kernel?: KernelChoice;
  /** Steps between exact recomputations of Q and M (they are updated incrementally in between); default 1000. */
  recomputeEvery?: number;
  /** Divergence bound on the population loss eg, checked at snapshots; default 1e6. */
  maxLoss?: number;
}

/** Everything a run needs to continue bit-identically (JSON-safe); pair it with the same spec. */
export interface OnlineSimulatorState {
  format: "pupil-online-sim/1";
  N: number;
  p: number;
  pStar: number;
  seed: number;
  step: number;
  /** Student first layer, p×N row-major. */
  W: number[];
  /** Teacher first layer, p*×N row-major. */
  teacher: number[];
  /** Student second layer (changes when it is trained). */
  a: number[];
  /** The incrementally maintained overlaps, p×p and p×p*. */
  Q: number[];
  M: number[];
  dataRng: string;
  noiseRng: string;
  recomputeEvery: number;
  maxLoss: number;
}

/** Checks the options against the (already validated) spec; returns the teacher's data and the defaults filled. */
export function checkOptions(
  options: OnlineSimulatorOptions,
  spec: CommitteeSpec,
): { teacher: Float64Array; recomputeEvery: number; maxLoss: number } {
  const { N, p, pStar } = spec;
  if (options === null || typeof options !== "object") throw new Error("options: expected { seed, teacher }");
  if (!Number.isSafeInteger(options.seed)) {
    throw new Error(`options.seed: expected a safe integer, got ${String(options.seed)}`);
  }
  const teacher = checkTeacher(options.teacher, pStar, N);
  if (options.init !== undefined) {
    if (!(options.init instanceof Float64Array) || options.init.length !== p * N) {
      throw new Error(`options.init: expected a Float64Array of length p·N = ${p * N} (p×N row-major)`);
    }
    const bad = options.init.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new Error(`options.init[${bad}]: expected a finite number, got ${options.init[bad]}`);
  }
  const recomputeEvery = options.recomputeEvery ?? 1000;
  if (!Number.isInteger(recomputeEvery) || recomputeEvery < 1) {
    throw new Error(`options.recomputeEvery: expected an integer ≥ 1, got ${String(recomputeEvery)}`);
  }
  const maxLoss = options.maxLoss ?? 1e6;
  if (!(maxLoss > 0)) throw new Error(`options.maxLoss: expected a number > 0, got ${String(maxLoss)}`);
  return { teacher, recomputeEvery, maxLoss };
}

export function checkTeacher(teacher: TeacherWeights, pStar: number, N: number): Float64Array {
  const layer = teacher?.layers?.[0];
  if (!layer)
    throw new Error("options.teacher: expected TeacherWeights with layers[0] (the p*×N first layer)");
  if (layer.rows !== pStar || layer.cols !== N) {
    throw new Error(
      `options.teacher.layers[0]: expected p*×N = ${pStar}×${N} (rows = spec.pStar, cols = spec.N), got ${layer.rows}×${layer.cols}`,
    );
  }
  if (!(layer.data instanceof Float64Array) || layer.data.length !== pStar * N) {
    throw new Error(`options.teacher.layers[0].data: expected a Float64Array of length ${pStar * N}`);
  }
  for (let i = 0; i < layer.data.length; i++) {
    if (!Number.isFinite(layer.data[i])) {
      throw new Error(`options.teacher.layers[0].data[${i}]: expected a finite number, got ${layer.data[i]}`);
    }
  }
  return layer.data;
}
