// Spectral students (Giambagli et al. 2023): node importance of the first layer (its effective dense
// weights from @pupil/models' spectralToDense) and the pruning ramp (test MSE with the nodes of normalised importance ≤ c removed, λ_out,i masked).
import { DEFAULT_CUTOFFS, pruningRamp, rampKnee } from "@pupil/analysis";
import { F64Net, type NetParams, type NetSpec, type SpectralParams, spectralToDense } from "@pupil/models";

/** L_i = ‖W_i‖·√d of the first layer's effective rows. */
export function firstLayerImportance(spec: NetSpec, params: NetParams): number[] {
  const p = params[0];
  const W =
    p.kind === "spectral"
      ? spectralToDense(p, spec.layers[0].units, spec.inputDim)
      : { rows: spec.layers[0].units, cols: spec.inputDim, data: p.W };
  const out: number[] = [];
  for (let i = 0; i < W.rows; i++) {
    let s = 0;
    for (let j = 0; j < W.cols; j++) s += W.data[i * W.cols + j] ** 2;
    out.push(Math.sqrt(s) * Math.sqrt(W.cols));
  }
  return out;
}

/** The pruning ramp of a spectral first layer on the test set, as [cutoff, kept, test MSE] rows, and its knee. */
export function spectralPruning(
  spec: NetSpec,
  params: NetParams,
  test: { x: Float64Array; y: Float64Array },
): { ramp: number[][]; knee: number } {
  const first = params[0];
  if (first.kind !== "spectral") throw new Error("pruning needs a spectral first layer");
  const n = test.x.length / spec.inputDim;
  const ramp = pruningRamp(
    firstLayerImportance(spec, params),
    (mask) => {
      const masked = params.map((p, i) => (i === 0 ? { ...(p as SpectralParams), maskOut: mask } : p));
      return new F64Net(spec, masked, Math.min(n, 1000)).evaluateMse(test.x, test.y, n);
    },
    DEFAULT_CUTOFFS,
  );
  return { ramp: ramp.map((r) => [r.cutoff, r.kept, r.loss]), knee: rampKnee(ramp) };
}
