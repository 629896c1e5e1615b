import type { Rng } from "@pupil/tensors";
import { erfGain, erfSlope } from "./erf-activation.js";
import { dotPairwise, gemvScaled, type KernelDims, type StepKernel } from "./kernel.js";
import { updateOverlapsInPlace } from "./overlaps-update.js";

/** The plain Float64Array kernel: the reference every faster path is tested against. */
export function createJsKernel(dims: KernelDims, rng: Rng): StepKernel {
  let dataRng = rng;
  const { N, p, pStar, batch } = dims;
  const W = new Float64Array(p * N);
  const Wt = new Float64Array(pStar * N);
  const buffers = [new Float64Array(batch * N), new Float64Array(batch * N)];
  let X = buffers[0];
  const h = new Float64Array(batch * p);
  const ht = new Float64Array(batch * pStar);
  const coef = new Float64Array(batch * p);
  const g = new Float64Array(batch * p);
  const dg = new Float64Array(batch * p);
  const gt = new Float64Array(batch * pStar);
  const Q = new Float64Array(p * p);
  const M = new Float64Array(p * pStar);
  const invSqrtN = 1 / Math.sqrt(N);
  const kernel: StepKernel = {
    name: "js",
    W,
    Wt,
    get X() {
      return X;
    },
    h,
    ht,
    coef,
    g,
    dg,
    gt,
    Q,
    M,
    fillInputs() {
      dataRng.fillNormal(X);
    },
    forward() {
      for (let b = 0; b < batch; b++) {
        gemvScaled(p, N, W, X, b * N, h, b * p, invSqrtN);
        gemvScaled(pStar, N, Wt, X, b * N, ht, b * pStar, invSqrtN);
      }
    },
    fillNext() {
      dataRng.fillNormal(X === buffers[0] ? buffers[1] : buffers[0]);
    },
    updateAndForwardNext(shrink) {
      kernel.update(shrink);
      X = X === buffers[0] ? buffers[1] : buffers[0];
      kernel.forward();
    },
    update(shrink) {
      for (let b = 0; b < batch; b++) {
        const xo = b * N;
        const shrinkNow = b === 0 && shrink !== 1;
        for (let j = 0; j < p; j++) {
          const c = coef[b * p + j];
          const o = j * N;
          if (shrinkNow) for (let i = 0; i < N; i++) W[o + i] = shrink * W[o + i] + c * X[xo + i];
          else for (let i = 0; i < N; i++) W[o + i] = W[o + i] + c * X[xo + i];
        }
      }
    },
    erfActivations(student, teacher) {
      if (student) {
        for (let j = 0; j < h.length; j++) {
          g[j] = erfGain(h[j]);
          dg[j] = erfSlope(h[j]);
        }
      }
      if (teacher) for (let r = 0; r < ht.length; r++) gt[r] = erfGain(ht[r]);
    },
    updateOverlaps(shrink, gram) {
      updateOverlapsInPlace(p, pStar, batch, N, shrink, Q, M, h, ht, coef, gram);
    },
    inputGram(out) {
      for (let b = 0; b < batch; b++) {
        for (let c = 0; c <= b; c++) {
          const g = dotPairwise(N, X, b * N, X, c * N);
          out[b * batch + c] = g;
          out[c * batch + b] = g;
        }
      }
    },
    dataRngState() {
      return dataRng.getState();
    },
    restoreDataRng(rng) {
      dataRng = rng;
    },
  };
  return kernel;
}
