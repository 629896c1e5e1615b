// Conv2DBackpropFilter and Conv2DBackpropInput for the wasm backend, on the SIMD kernels of asm/conv-kernels.wat.
// The host side only lays data out for them: a zero-padded copy of x (or dx) when the convolution pads or the
// channels are not a multiple of the tile, a transposed filter for the input gradient, and a crop at the end.
// These copies are O(tensor size); the kernels do the O(size × taps × channels) work.
import type { backend_util, TensorInfo } from "@tensorflow/tfjs-core";
import { type ConvKernels, type Heap, roundUp } from "./wasm-heap.js";

type ConvInfo = backend_util.Conv2DInfo;

/** Rows and columns of the padded buffer every tap of every output position lands in. */
function paddedExtent(info: ConvInfo) {
  const needH = (info.outHeight - 1) * info.strideHeight + (info.filterHeight - 1) * info.dilationHeight + 1;
  const needW = (info.outWidth - 1) * info.strideWidth + (info.filterWidth - 1) * info.dilationWidth + 1;
  return { needH, needW, top: info.padInfo.top, left: info.padInfo.left };
}

/** Copies an NHWC tensor into a zeroed [B, Hp, Wp, Cp] buffer at offset (top, left), clipping what falls outside. */
function copyIntoPadded(
  heap: Float32Array,
  src: number,
  dst: number,
  B: number,
  H: number,
  W: number,
  C: number,
  Hp: number,
  Wp: number,
  Cp: number,
  top: number,
  left: number,
): void {
  const s0 = src >>> 2;
  const d0 = dst >>> 2;
  const wCount = Math.max(0, Math.min(W, Wp - left));
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      if (h + top >= Hp) break;
      const sRow = s0 + (b * H + h) * W * C;
      const dRow = d0 + ((b * Hp + h + top) * Wp + left) * Cp;
      if (C === Cp) heap.copyWithin(dRow, sRow, sRow + wCount * C);
      else for (let w = 0; w < wCount; w++) heap.copyWithin(dRow + w * Cp, sRow + w * C, sRow + (w + 1) * C);
    }
  }
}

/** The inverse: the [B, H, W, C] window at (top, left) of a [B, Hp, Wp, Cp] buffer, into an NHWC tensor. */
function cropFromPadded(
  heap: Float32Array,
  src: number,
  dst: number,
  B: number,
  H: number,
  W: number,
  C: number,
  Hp: number,
  Wp: number,
  Cp: number,
  top: number,
  left: number,
): void {
  const s0 = src >>> 2;
  const d0 = dst >>> 2;
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const dRow = d0 + (b * H + h) * W * C;
      const sRow = s0 + ((b * Hp + h + top) * Wp + left) * Cp;
      if (C === Cp) heap.copyWithin(dRow, sRow, sRow + W * C);
      else for (let w = 0; w < W; w++) heap.copyWithin(dRow + w * C, sRow + w * Cp, sRow + w * Cp + C);
    }
  }
}

/** dW = Σ over batch and output positions of x-patch ⊗ dy, written into `out` ([FH, FW, CI, CO]). */
export function conv2dFilterGrad(
  k: ConvKernels,
  heap: Heap,
  x: TensorInfo,
  dy: TensorInfo,
  info: ConvInfo,
  out: TensorInfo,
): void {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: CI, outChannels: CO } = info;
  const { outHeight: OH, outWidth: OW, filterHeight: FH, filterWidth: FW } = info;
  const { needH, needW, top, left } = paddedExtent(info);
  if (CI === 1 && FW > 1 && FW <= 4 && info.dilationWidth === 1) {
    filterGradOneChannel(k, heap, x, dy, info, out);
    return;
  }
  const CIp = roundUp(CI, 4);
  const COp = roundUp(CO, 8);
  const outAddr = heap.address(out);
  const direct = top === 0 && left === 0 && needH <= H && needW <= W && CIp === CI;
  let xAddr = heap.address(x);
  let Hp = H;
  let Wp = W;
  if (!direct) {
    Hp = needH;
    Wp = needW;
    const xp = heap.alloc(B * Hp * Wp * CIp);
    copyIntoPadded(heap.f32(), xAddr, xp, B, H, W, CI, Hp, Wp, CIp, top, left);
    xAddr = xp;
  }
  let dyAddr = heap.address(dy);
  if (COp !== CO) {
    const dyp = heap.alloc(B * OH * OW * COp);
    copyIntoPadded(heap.f32(), dyAddr, dyp, 1, B * OH * OW, 1, CO, B * OH * OW, 1, COp, 0, 0);
    dyAddr = dyp;
  }
  const exact = CIp === CI && COp === CO;
  const dW = exact ? outAddr : heap.alloc(FH * FW * CIp * COp);
  if (exact) heap.f32().fill(0, outAddr >>> 2, (outAddr >>> 2) + FH * FW * CI * CO);
  // Images per chunk: as many as keep the chunk's x and dy within ~96 KB (L2), at least one.
  const perImage = (Hp * Wp * CIp + OH * OW * COp) * 4;
  const chunk = Math.max(1, Math.min(B, Math.floor((96 * 1024) / perImage)));
  if (B * OH * OW > 0)
    k.conv_filter_grad(
      xAddr,
      dyAddr,
      dW,
      B,
      OH,
      OW,
      Hp,
      Wp,
      CIp,
      COp,
      FH,
      FW,
      info.strideHeight,
      info.strideWidth,
      info.dilationHeight,
      info.dilationWidth,
      chunk,
    );
  if (!exact) cropFromPadded(heap.f32(), dW, outAddr, FH * FW, CI, 1, CO, CIp, 1, COp, 0, 0);
}

/** dx = the transposed convolution of dy with the filter, written into `out` ([B, H, W, CI]). */
export function conv2dInputGrad(
  k: ConvKernels,
  heap: Heap,
  dy: TensorInfo,
  filter: TensorInfo,
  info: ConvInfo,
  out: TensorInfo,
): void {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: CI, outChannels: CO } = info;
  const { outHeight: OH, outWidth: OW, filterHeight: FH, filterWidth: FW } = info;
  const { needH, needW, top, left } = paddedExtent(info);
  const CIp = roundUp(CI, 8);
  const taps = FH * FW;
  // wt[tap][co][ci] = filter[tap][ci][co], ci padded with zeros to CIp.
  const wt = heap.alloc(taps * CO * CIp);
  {
    const f32 = heap.f32();
    const f = heap.address(filter) >>> 2;
    const t = wt >>> 2;
    for (let tap = 0; tap < taps; tap++)
      for (let ci = 0; ci < CI; ci++)
        for (let co = 0; co < CO; co++)
          f32[t + (tap * CO + co) * CIp + ci] = f32[f + (tap * CI + ci) * CO + co];
  }
  const Hp = Math.max(needH, top + H);
  const Wp = Math.max(needW, left + W);
  const outAddr = heap.address(out);
  const direct = top === 0 && left === 0 && Hp === H && Wp === W && CIp === CI;
  const dx = direct ? outAddr : heap.alloc(B * Hp * Wp * CIp);
  if (direct) heap.f32().fill(0, outAddr >>> 2, (outAddr >>> 2) + B * H * W * CI);
  if (B * OH * OW > 0)
    k.conv_input_grad(
      heap.address(dy),
      wt,
      dx,
      B,
      OH,
      OW,
      Hp,
      Wp,
      CIp,
      CO,
      FH,
      FW,
      info.strideHeight,
      info.strideWidth,
      info.dilationHeight,
      info.dilationWidth,
    );
  if (!direct) cropFromPadded(heap.f32(), dx, outAddr, B, H, W, CI, Hp, Wp, CIp, top, left);
}

/**
 * One input channel (the layer on the images): padding it to the 4-channel tile would multiply zeros 3 times in 4.
 * Instead the tile's 4 "channel" rows are read as 4 horizontally adjacent pixels, which with one channel are
 * exactly the taps fw = 0..3 of a filter row; so one call per filter row fh computes dW[fh, 0..3, 0, :] into a
 * scratch [FH, 4, CO] (a 4th tap beyond FW is computed and dropped).
 */
function filterGradOneChannel(
  k: ConvKernels,
  heap: Heap,
  x: TensorInfo,
  dy: TensorInfo,
  info: ConvInfo,
  out: TensorInfo,
): void {
  const { batchSize: B, inHeight: H, inWidth: W, outChannels: CO } = info;
  const { outHeight: OH, outWidth: OW, filterHeight: FH, filterWidth: FW } = info;
  const { needH, needW, top, left } = paddedExtent(info);
  const COp = roundUp(CO, 8);
  // One spare column per row so the unused 4th tap reads inside the buffer; four spare floats at the end.
  const Hp = needH;
  const Wp = needW + 1;
  const xp = heap.alloc(B * Hp * Wp + 4);
  copyIntoPadded(heap.f32(), heap.address(x), xp, B, H, W, 1, Hp, Wp, 1, top, left);
  let dyAddr = heap.address(dy);
  if (COp !== CO) {
    const dyp = heap.alloc(B * OH * OW * COp);
    copyIntoPadded(heap.f32(), dyAddr, dyp, 1, B * OH * OW, 1, CO, B * OH * OW, 1, COp, 0, 0);
    dyAddr = dyp;
  }
  const scratch = heap.alloc(FH * 4 * COp);
  const perImage = (Hp * Wp + OH * OW * COp) * 4;
  const chunk = Math.max(1, Math.min(B, Math.floor((96 * 1024) / perImage)));
  if (B * OH * OW > 0)
    for (let fh = 0; fh < FH; fh++)
      k.conv_filter_grad(
        xp + fh * info.dilationHeight * Wp * 4,
        dyAddr,
        scratch + fh * 4 * COp * 4,
        B,
        OH,
        OW,
        Hp,
        Wp,
        1,
        COp,
        1,
        1,
        info.strideHeight,
        info.strideWidth,
        1,
        1,
        chunk,
      );
  // out[fh, fw, 0, co] = scratch[fh, fw, co] for fw < FW, co < CO.
  cropFromPadded(heap.f32(), scratch, heap.address(out), FH, FW, 1, CO, 4, 1, COp, 0, 0);
}
