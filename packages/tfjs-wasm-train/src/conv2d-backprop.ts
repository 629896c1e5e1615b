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

/**
 * A [B, H, W, C] NHWC block and the window at (top, left) of a [B, Hp, Wp, Cp] buffer (channels padded to Cp)
 * it corresponds to. Every layout step (padding x or dy, padding channels, cropping a result) is one of these.
 */
interface Window {
  B: number;
  H: number;
  W: number;
  C: number;
  Hp: number;
  Wp: number;
  Cp: number;
  top: number;
  left: number;
}

/**
 * Copies the block at `compact` into the window of the zeroed buffer at `padded` ("in"), or the window back out
 * into the block ("out"). What falls outside the buffer is clipped (a padded buffer may be smaller than the
 * input when a valid convolution never reads the last rows or columns).
 */
function moveWindow(heap: Float32Array, compact: number, padded: number, w: Window, way: "in" | "out"): void {
  const c0 = compact >>> 2;
  const p0 = padded >>> 2;
  const { B, H, W, C, Hp, Wp, Cp, top, left } = w;
  const cols = Math.max(0, Math.min(W, Wp - left));
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H && h + top < Hp; h++) {
      const cRow = c0 + (b * H + h) * W * C;
      const pRow = p0 + ((b * Hp + h + top) * Wp + left) * Cp;
      const [dst, src, dStep, sStep] = way === "in" ? [pRow, cRow, Cp, C] : [cRow, pRow, C, Cp];
      if (C === Cp) heap.copyWithin(dst, src, src + cols * C);
      else
        for (let x = 0; x < cols; x++) heap.copyWithin(dst + x * dStep, src + x * sStep, src + x * sStep + C);
    }
  }
}

/** The [rows, C] matrix at `src` with its columns zero-padded to Cp, for the kernels' output tile. */
function padColumns(heap: Heap, src: number, rows: number, C: number, Cp: number): number {
  if (C === Cp) return src;
  const dst = heap.alloc(rows * Cp);
  moveWindow(heap.f32(), src, dst, { B: 1, H: rows, W: 1, C, Hp: rows, Wp: 1, Cp, top: 0, left: 0 }, "in");
  return dst;
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
    moveWindow(heap.f32(), xAddr, xp, { B, H, W, C: CI, Hp, Wp, Cp: CIp, top, left }, "in");
    xAddr = xp;
  }
  const dyAddr = padColumns(heap, heap.address(dy), B * OH * OW, CO, COp);
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
  if (!exact) {
    const taps = { B: FH * FW, H: CI, W: 1, C: CO, Hp: CIp, Wp: 1, Cp: COp, top: 0, left: 0 };
    moveWindow(heap.f32(), outAddr, dW, taps, "out");
  }
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
  if (!direct) moveWindow(heap.f32(), outAddr, dx, { B, H, W, C: CI, Hp, Wp, Cp: CIp, top, left }, "out");
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
  moveWindow(heap.f32(), heap.address(x), xp, { B, H, W, C: 1, Hp, Wp, Cp: 1, top, left }, "in");
  const dyAddr = padColumns(heap, heap.address(dy), B * OH * OW, CO, COp);
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
  const taps = { B: FH, H: FW, W: 1, C: CO, Hp: 4, Wp: 1, Cp: COp, top: 0, left: 0 };
  moveWindow(heap.f32(), heap.address(out), scratch, taps, "out");
}
