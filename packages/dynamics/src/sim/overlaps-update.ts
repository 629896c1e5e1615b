// Q and M after one SGD step, from the rank-B update W' = s·W + Σ_b c_b x_bᵀ, in O(B p² + B p p* + B² p²)
// instead of O(p² N): with h_b = W x_b/√N, h*_b = W* x_b/√N and G_bc = x_b·x_c,
//   Q' = s² Q + (s/√N) Σ_b (c_b h_bᵀ + h_b c_bᵀ) + (1/N) Σ_bc G_bc c_b c_cᵀ
//   M' = s M + (1/√N) Σ_b c_b h*_bᵀ
// (T is constant). Rounding drifts slowly, so the simulator recomputes Q and M exactly every so often.
import { crossGram, dot } from "@pupil/tensors";

export function updateOverlapsInPlace(
  p: number,
  pStar: number,
  batch: number,
  N: number,
  shrink: number,
  Q: Float64Array,
  M: Float64Array,
  h: Float64Array,
  ht: Float64Array,
  coef: Float64Array,
  gram: Float64Array,
): void {
  const invSqrtN = 1 / Math.sqrt(N);
  const invN = 1 / N;
  const s2 = shrink * shrink;
  if (batch === 1) {
    updateOverlapsSingle(p, pStar, shrink, s2, invSqrtN, invN, gram[0], Q, M, h, ht, coef);
    return;
  }
  for (let j = 0; j < p; j++) {
    for (let k = j; k < p; k++) {
      let cross = 0;
      let quad = 0;
      for (let b = 0; b < batch; b++) {
        const cj = coef[b * p + j];
        const ck = coef[b * p + k];
        cross += cj * h[b * p + k] + ck * h[b * p + j];
        for (let c = 0; c < batch; c++) quad += gram[b * batch + c] * cj * coef[c * p + k];
      }
      const q = s2 * Q[j * p + k] + shrink * invSqrtN * cross + invN * quad;
      Q[j * p + k] = q;
      Q[k * p + j] = q;
    }
    for (let r = 0; r < pStar; r++) {
      let cross = 0;
      for (let b = 0; b < batch; b++) cross += coef[b * p + j] * ht[b * pStar + r];
      M[j * pStar + r] = shrink * M[j * pStar + r] + invSqrtN * cross;
    }
  }
}

/**
 * The B = 1 case of updateOverlapsInPlace without the sample loops, the same operations in the same order:
 * `0 + v` keeps the loops' start from +0 (a −0 product sums to +0 there too), and G·c_j·c_k groups as
 * (G·c_j)·c_k, as in the loop.
 */
function updateOverlapsSingle(
  p: number,
  pStar: number,
  shrink: number,
  s2: number,
  invSqrtN: number,
  invN: number,
  gram: number,
  Q: Float64Array,
  M: Float64Array,
  h: Float64Array,
  ht: Float64Array,
  coef: Float64Array,
): void {
  const crossScale = shrink * invSqrtN;
  for (let j = 0; j < p; j++) {
    const cj = coef[j];
    const hj = h[j];
    const gramCj = gram * cj;
    const row = j * p;
    for (let k = j; k < p; k++) {
      const ck = coef[k];
      const cross = 0 + (cj * h[k] + ck * hj);
      const quad = 0 + gramCj * ck;
      const q = s2 * Q[row + k] + crossScale * cross + invN * quad;
      Q[row + k] = q;
      Q[k * p + j] = q;
    }
    for (let r = 0; r < pStar; r++) {
      M[j * pStar + r] = shrink * M[j * pStar + r] + invSqrtN * (0 + cj * ht[r]);
    }
  }
}

/** out (ra×rb) = A Bᵀ / N, exactly (A is ra×N, B is rb×N): tensors' crossGram, the one W·Wᵀ/N routine. */
export function crossOverlap(
  ra: number,
  rb: number,
  N: number,
  A: Float64Array,
  B: Float64Array,
  out: Float64Array,
): void {
  crossGram(ra, rb, N, A, B, out, 1 / N);
}

/**
 * out (r×r) = A Aᵀ / N, exactly as crossOverlap(r, r, N, A, A, out) but over the upper triangle only, mirrored:
 * crossGram's entry (i, j) is (1/N)·dot(A_i, A_j), and dot(A_j, A_i) takes the same products in the same order.
 */
export function selfOverlap(r: number, N: number, A: Float64Array, out: Float64Array): void {
  const scale = 1 / N;
  for (let i = 0; i < r; i++) {
    for (let j = i; j < r; j++) {
      const v = scale * dot(N, A, A, i * N, j * N);
      out[i * r + j] = v;
      out[j * r + i] = v;
    }
  }
}

export function toRows(data: Float64Array, rows: number, cols: number): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < rows; r++) out.push(Array.from(data.subarray(r * cols, (r + 1) * cols)));
  return out;
}
