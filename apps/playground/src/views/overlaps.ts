// Overlap matrices for display: normalised to correlations in [−1, 1] and students reordered to their best
// teacher match (the permutation is shown beside the heatmap).

export type Matrix = number[][];

/** Q_jk/√(Q_jj Q_kk), M_jr/√(Q_jj T_rr), T_rs/√(T_rr T_ss). */
export function normalise(Q: Matrix, M: Matrix, T: Matrix): { Q: Matrix; M: Matrix; T: Matrix } {
  const s = (x: number) => (x > 0 ? Math.sqrt(x) : 1);
  return {
    Q: Q.map((row, j) => row.map((v, k) => v / (s(Q[j][j]) * s(Q[k][k])))),
    M: M.map((row, j) => row.map((v, r) => v / (s(Q[j][j]) * s(T[r][r])))),
    T: T.map((row, r) => row.map((v, u) => v / (s(T[r][r]) * s(T[u][u])))),
  };
}

/**
 * Students ordered by their best-matching teacher unit (largest |M_jr| after normalisation), ties and
 * several students per teacher by decreasing |M|. Returns order[newRow] = student index.
 */
export function bestMatchOrder(Mn: Matrix): number[] {
  const rows = Mn.map((row, j) => {
    let best = 0;
    for (let r = 1; r < row.length; r++) if (Math.abs(row[r]) > Math.abs(row[best])) best = r;
    return { j, best, value: Math.abs(row[best] ?? 0) };
  });
  rows.sort((a, b) => a.best - b.best || b.value - a.value || a.j - b.j);
  return rows.map((r) => r.j);
}

export function permuteRows(A: Matrix, order: number[]): Matrix {
  return order.map((j) => A[j]);
}

export function permuteSymmetric(A: Matrix, order: number[]): Matrix {
  return order.map((j) => order.map((k) => A[j][k]));
}
