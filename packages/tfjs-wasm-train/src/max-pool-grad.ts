// MaxPoolGrad on the wasm heap: each output's gradient goes to the first maximum of its window (padding
// excluded), as in the cpu backend. With the pooled output at hand and channels a multiple of 4, the SIMD kernel
// (max_pool_grad in asm/conv-kernels.wat) does it; otherwise one JS pass over the windows, channels innermost.
import type { backend_util, TensorInfo } from "@tensorflow/tfjs-core";
import type { ConvKernels, Heap } from "./wasm-heap.js";

export function maxPoolGrad(
  k: ConvKernels,
  heap: Heap,
  x: TensorInfo,
  y: TensorInfo | undefined,
  dy: TensorInfo,
  info: backend_util.Conv2DInfo,
  out: TensorInfo,
): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth } = info;
  if (batchSize * outHeight * outWidth * inChannels === 0) {
    const dx = heap.address(out) >>> 2;
    heap.f32().fill(0, dx, dx + batchSize * inHeight * inWidth * inChannels);
    return;
  }
  if (y && inChannels % 4 === 0 && info.dilationHeight === 1 && info.dilationWidth === 1) {
    const dx = heap.address(out);
    heap.f32().fill(0, dx >>> 2, (dx >>> 2) + batchSize * inHeight * inWidth * inChannels);
    k.max_pool_grad(
      heap.address(x),
      heap.address(y),
      heap.address(dy),
      dx,
      batchSize,
      inHeight,
      inWidth,
      inChannels,
      outHeight,
      outWidth,
      info.filterHeight,
      info.filterWidth,
      info.strideHeight,
      info.strideWidth,
      info.padInfo.top,
      info.padInfo.left,
    );
    return;
  }
  maxPoolGradJs(heap, x, dy, info, out);
}

function maxPoolGradJs(
  heap: Heap,
  x: TensorInfo,
  dy: TensorInfo,
  info: backend_util.Conv2DInfo,
  out: TensorInfo,
): void {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const fh = info.effectiveFilterHeight;
  const fw = info.effectiveFilterWidth;
  const { top, left } = info.padInfo;
  const f32 = heap.f32();
  const x0 = heap.address(x) >>> 2;
  const dy0 = heap.address(dy) >>> 2;
  const dx0 = heap.address(out) >>> 2;
  f32.fill(0, dx0, dx0 + B * H * W * C);
  const best = new Float32Array(C);
  const where = new Int32Array(C);
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      const r0 = oh * sh - top;
      for (let ow = 0; ow < OW; ow++) {
        const c0 = ow * sw - left;
        best.fill(Number.NEGATIVE_INFINITY);
        where.fill(-1);
        for (let r = r0; r < r0 + fh; r += dh) {
          if (r < 0 || r >= H) continue;
          for (let col = c0; col < c0 + fw; col += dw) {
            if (col < 0 || col >= W) continue;
            const p = x0 + ((b * H + r) * W + col) * C;
            for (let c = 0; c < C; c++) {
              const v = f32[p + c];
              if (v > best[c] || where[c] < 0) {
                best[c] = v;
                where[c] = p + c - x0;
              }
            }
          }
        }
        const g = dy0 + ((b * OH + oh) * OW + ow) * C;
        for (let c = 0; c < C; c++) if (where[c] >= 0) f32[dx0 + where[c]] += f32[g + c];
      }
    }
  }
}
