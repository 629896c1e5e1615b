// DepthwiseConv2dNativeBackpropFilter / BackpropInput, which tfjs-backend-wasm does not have, as plain loops on
// the wasm heap (the same sums as the cpu backend's kernels, with flat indexing). Not SIMD: depthwise layers
// are cheap next to full convolutions, and pupil's nets do not use them.
import type { backend_util, TensorInfo } from "@tensorflow/tfjs-core";
import type { Heap } from "./wasm-heap.js";

type ConvInfo = backend_util.Conv2DInfo;

/**
 * Both gradients visit the same (image, output position, tap) triples, those whose input pixel lies inside the
 * image: `visit` gets the float offsets of dy's channels at the output position, of the input pixel's channels
 * (x or dx) and of the tap's filter entries (w or dW), and does the C × M products there.
 */
function forEachTap(
  info: ConvInfo,
  dy0: number,
  pixel0: number,
  tap0: number,
  visit: (dy: number, pixel: number, tap: number) => void,
): void {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outChannels: CO } = info;
  const { outHeight: OH, outWidth: OW, filterHeight: FH, filterWidth: FW } = info;
  const { strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  for (let b = 0; b < B; b++)
    for (let oh = 0; oh < OH; oh++)
      for (let fh = 0; fh < FH; fh++) {
        const r = oh * sh + fh - top;
        if (r < 0 || r >= H) continue;
        for (let ow = 0; ow < OW; ow++) {
          const dy = dy0 + ((b * OH + oh) * OW + ow) * CO;
          for (let fw = 0; fw < FW; fw++) {
            const col = ow * sw + fw - left;
            if (col < 0 || col >= W) continue;
            visit(dy, pixel0 + ((b * H + r) * W + col) * C, tap0 + (fh * FW + fw) * CO);
          }
        }
      }
}

/** dW[fh, fw, c, m] = Σ_{b, oh, ow} x[b, oh·sh + fh − top, ow·sw + fw − left, c] · dy[b, oh, ow, c·M + m]. */
export function depthwiseFilterGrad(
  heap: Heap,
  x: TensorInfo,
  dy: TensorInfo,
  info: ConvInfo,
  out: TensorInfo,
): void {
  const { inChannels: C, outChannels: CO, filterHeight: FH, filterWidth: FW } = info;
  const M = CO / C;
  const f32 = heap.f32();
  const o0 = heap.address(out) >>> 2;
  f32.fill(0, o0, o0 + FH * FW * CO);
  forEachTap(info, heap.address(dy) >>> 2, heap.address(x) >>> 2, o0, (g, xp, wp) => {
    for (let c = 0; c < C; c++) {
      const xv = f32[xp + c];
      for (let m = 0; m < M; m++) f32[wp + c * M + m] += xv * f32[g + c * M + m];
    }
  });
}

/** dx[b, r, col, c] = Σ over the taps and outputs that read it of dy[b, oh, ow, c·M + m] · w[fh, fw, c, m]. */
export function depthwiseInputGrad(
  heap: Heap,
  dy: TensorInfo,
  filter: TensorInfo,
  info: ConvInfo,
  out: TensorInfo,
): void {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outChannels: CO } = info;
  const M = CO / C;
  const f32 = heap.f32();
  const o0 = heap.address(out) >>> 2;
  f32.fill(0, o0, o0 + B * H * W * C);
  forEachTap(info, heap.address(dy) >>> 2, o0, heap.address(filter) >>> 2, (g, xp, wp) => {
    for (let c = 0; c < C; c++) {
      let acc = 0;
      for (let m = 0; m < M; m++) acc += f32[g + c * M + m] * f32[wp + c * M + m];
      f32[xp + c] += acc;
    }
  });
}
