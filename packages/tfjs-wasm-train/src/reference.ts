// Definition-level float64 references for the conformance tests: each kernel as the plain sum from its
// definition, with no layout tricks, plus Σ|terms| per output entry (the scale a float32 rounding error is
// measured against). Test-only; not exported from the package.

export interface ConvGeometry {
  B: number;
  H: number;
  W: number;
  CI: number;
  CO: number;
  FH: number;
  FW: number;
  sh: number;
  sw: number;
  OH: number;
  OW: number;
  top: number;
  left: number;
  /** Depthwise: CO = CI × M and output channel c·M + m reads input channel c only. */
  depthwise?: boolean;
}

export interface Reference {
  value: Float64Array;
  scale: Float64Array;
}

/** Calls f(b, oh, ow, fh, fw, r, col) for every tap that lands inside the input. */
function forEachTap(
  g: ConvGeometry,
  f: (b: number, oh: number, ow: number, fh: number, fw: number, r: number, col: number) => void,
) {
  for (let b = 0; b < g.B; b++)
    for (let oh = 0; oh < g.OH; oh++)
      for (let ow = 0; ow < g.OW; ow++)
        for (let fh = 0; fh < g.FH; fh++)
          for (let fw = 0; fw < g.FW; fw++) {
            const r = oh * g.sh + fh - g.top;
            const col = ow * g.sw + fw - g.left;
            if (r >= 0 && r < g.H && col >= 0 && col < g.W) f(b, oh, ow, fh, fw, r, col);
          }
}

/** dW[fh,fw,ci,co] (dense) or dW[fh,fw,c,m] (depthwise). */
export function filterGradRef(g: ConvGeometry, x: Float32Array, dy: Float32Array): Reference {
  const M = g.depthwise ? g.CO / g.CI : g.CO;
  const size = g.FH * g.FW * g.CI * M;
  const value = new Float64Array(size);
  const scale = new Float64Array(size);
  forEachTap(g, (b, oh, ow, fh, fw, r, col) => {
    for (let ci = 0; ci < g.CI; ci++) {
      const xv = x[((b * g.H + r) * g.W + col) * g.CI + ci];
      for (let m = 0; m < M; m++) {
        const co = g.depthwise ? ci * M + m : m;
        const term = xv * dy[((b * g.OH + oh) * g.OW + ow) * g.CO + co];
        const i = ((fh * g.FW + fw) * g.CI + ci) * M + m;
        value[i] += term;
        scale[i] += Math.abs(term);
      }
    }
  });
  return { value, scale };
}

/** dx[b,r,col,ci]. */
export function inputGradRef(g: ConvGeometry, dy: Float32Array, w: Float32Array): Reference {
  const M = g.depthwise ? g.CO / g.CI : g.CO;
  const size = g.B * g.H * g.W * g.CI;
  const value = new Float64Array(size);
  const scale = new Float64Array(size);
  forEachTap(g, (b, oh, ow, fh, fw, r, col) => {
    for (let ci = 0; ci < g.CI; ci++) {
      const i = ((b * g.H + r) * g.W + col) * g.CI + ci;
      for (let m = 0; m < M; m++) {
        const co = g.depthwise ? ci * M + m : m;
        const term =
          dy[((b * g.OH + oh) * g.OW + ow) * g.CO + co] * w[((fh * g.FW + fw) * g.CI + ci) * M + m];
        value[i] += term;
        scale[i] += Math.abs(term);
      }
    }
  });
  return { value, scale };
}

/** Max-pool gradient: each output's dy goes to the first maximum of its window (padding excluded). */
export function maxPoolGradRef(g: ConvGeometry, x: Float32Array, dy: Float32Array): Reference {
  const C = g.CI;
  const value = new Float64Array(g.B * g.H * g.W * C);
  for (let b = 0; b < g.B; b++)
    for (let oh = 0; oh < g.OH; oh++)
      for (let ow = 0; ow < g.OW; ow++)
        for (let c = 0; c < C; c++) {
          let best = Number.NEGATIVE_INFINITY;
          let at = -1;
          for (let fh = 0; fh < g.FH; fh++)
            for (let fw = 0; fw < g.FW; fw++) {
              const r = oh * g.sh + fh - g.top;
              const col = ow * g.sw + fw - g.left;
              if (r < 0 || r >= g.H || col < 0 || col >= g.W) continue;
              const i = ((b * g.H + r) * g.W + col) * C + c;
              if (x[i] > best) {
                best = x[i];
                at = i;
              }
            }
          if (at >= 0) value[at] += dy[((b * g.OH + oh) * g.OW + ow) * C + c];
        }
  return { value, scale: value.map(Math.abs) };
}
