// Streamed Pearson correlation between m teacher nodes and n student nodes from sufficient statistics, merged
// batch by batch (Chan et al.'s pairwise update: means and centred co-moments, no catastrophic cancellation),
// so an evaluation set of any size fits. ρ_jk = C_jk / √((V_j + ε)(V_k + ε)), population (1/N) moments.

export const PEARSON_EPSILON = 1e-7;

export class PearsonAccumulator {
  readonly teacherNodes: number;
  readonly studentNodes: number;
  readonly epsilon: number;
  private count = 0;
  private readonly meanT: Float64Array;
  private readonly meanS: Float64Array;
  /** Centred sums of squares Σ(t−t̄)², Σ(s−s̄)² and co-moments Σ(t−t̄)(s−s̄) (m×n). */
  private readonly m2T: Float64Array;
  private readonly m2S: Float64Array;
  private readonly co: Float64Array;
  private readonly bMeanT: Float64Array;
  private readonly bMeanS: Float64Array;
  private readonly dT: Float64Array;
  private readonly dS: Float64Array;

  constructor(teacherNodes: number, studentNodes: number, epsilon = PEARSON_EPSILON) {
    for (const [name, v] of [
      ["teacherNodes", teacherNodes],
      ["studentNodes", studentNodes],
    ] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new Error(`${name} must be a positive integer, got ${v}`);
    }
    if (!(epsilon >= 0)) throw new Error(`epsilon must be ≥ 0, got ${epsilon}`);
    this.teacherNodes = teacherNodes;
    this.studentNodes = studentNodes;
    this.epsilon = epsilon;
    this.meanT = new Float64Array(teacherNodes);
    this.meanS = new Float64Array(studentNodes);
    this.m2T = new Float64Array(teacherNodes);
    this.m2S = new Float64Array(studentNodes);
    this.co = new Float64Array(teacherNodes * studentNodes);
    this.bMeanT = new Float64Array(teacherNodes);
    this.bMeanS = new Float64Array(studentNodes);
    this.dT = new Float64Array(teacherNodes);
    this.dS = new Float64Array(studentNodes);
  }

  get samples(): number {
    return this.count;
  }

  /** Adds B samples: teacher activations B×m and student activations B×n, row-major. */
  add(teacher: ArrayLike<number>, student: ArrayLike<number>, B: number): this {
    const m = this.teacherNodes;
    const n = this.studentNodes;
    if (!Number.isInteger(B) || B <= 0) throw new Error(`B must be a positive integer, got ${B}`);
    if (teacher.length < B * m)
      throw new Error(`teacher must hold B×${m} = ${B * m} values, got ${teacher.length}`);
    if (student.length < B * n)
      throw new Error(`student must hold B×${n} = ${B * n} values, got ${student.length}`);
    const { bMeanT, bMeanS, dT, dS } = this;
    bMeanT.fill(0);
    bMeanS.fill(0);
    for (let s = 0; s < B; s++) {
      for (let j = 0; j < m; j++) bMeanT[j] += teacher[s * m + j];
      for (let k = 0; k < n; k++) bMeanS[k] += student[s * n + k];
    }
    for (let j = 0; j < m; j++) bMeanT[j] /= B;
    for (let k = 0; k < n; k++) bMeanS[k] /= B;
    // Centred moments of the batch, added in place.
    for (let s = 0; s < B; s++) {
      for (let j = 0; j < m; j++) dT[j] = teacher[s * m + j] - bMeanT[j];
      for (let k = 0; k < n; k++) dS[k] = student[s * n + k] - bMeanS[k];
      for (let j = 0; j < m; j++) {
        this.m2T[j] += dT[j] * dT[j];
        const t = dT[j];
        if (t === 0) continue;
        const row = j * n;
        for (let k = 0; k < n; k++) this.co[row + k] += t * dS[k];
      }
      for (let k = 0; k < n; k++) this.m2S[k] += dS[k] * dS[k];
    }
    // Merge the means: the cross term nA·nB/(nA+nB)·δ_T δ_S.
    const nA = this.count;
    const total = nA + B;
    const w = (nA * B) / total;
    for (let j = 0; j < m; j++) dT[j] = bMeanT[j] - this.meanT[j];
    for (let k = 0; k < n; k++) dS[k] = bMeanS[k] - this.meanS[k];
    for (let j = 0; j < m; j++) {
      this.m2T[j] += w * dT[j] * dT[j];
      for (let k = 0; k < n; k++) this.co[j * n + k] += w * dT[j] * dS[k];
      this.meanT[j] += (dT[j] * B) / total;
    }
    for (let k = 0; k < n; k++) {
      this.m2S[k] += w * dS[k] * dS[k];
      this.meanS[k] += (dS[k] * B) / total;
    }
    this.count = total;
    return this;
  }

  /** ρ as an m×n matrix (teacher rows, student columns). */
  correlation(): number[][] {
    if (this.count === 0) throw new Error("correlation: no samples added");
    const N = this.count;
    const eps = this.epsilon;
    const n = this.studentNodes;
    return Array.from({ length: this.teacherNodes }, (_, j) =>
      Array.from(
        { length: n },
        (_, k) => this.co[j * n + k] / N / Math.sqrt((this.m2T[j] / N + eps) * (this.m2S[k] / N + eps)),
      ),
    );
  }
}

/** ρ*_j = max_k ρ_jk and its argmax, per teacher node. */
export function bestMatch(rho: readonly (readonly number[])[]): { value: number[]; index: number[] } {
  const value: number[] = [];
  const index: number[] = [];
  for (const row of rho) {
    let best = -Infinity;
    let at = -1;
    row.forEach((r, k) => {
      if (r > best) {
        best = r;
        at = k;
      }
    });
    value.push(best);
    index.push(at);
  }
  return { value, index };
}

/** τ = 0.5, 0.55, …, 0.95. */
export const SPECIALIZATION_THRESHOLDS: readonly number[] = Array.from(
  { length: 10 },
  (_, i) => Math.round((0.5 + 0.05 * i) * 100) / 100,
);

/** counts[t][j] = #{k : ρ_jk > τ_t}: how many student nodes specialise to teacher node j at threshold τ_t. */
export function specializationCounts(
  rho: readonly (readonly number[])[],
  thresholds: readonly number[] = SPECIALIZATION_THRESHOLDS,
): number[][] {
  thresholds.forEach((t, i) => {
    if (!(t >= -1 && t <= 1)) throw new Error(`thresholds[${i}] must be in [-1, 1], got ${t}`);
  });
  return thresholds.map((t) => rho.map((row) => row.filter((r) => r > t).length));
}

/**
 * L-shape data (Tian): for each student node k, [max_j ρ_jk, ‖fan-out of k‖] where the fan-out of k is column k
 * of the student's next layer (rows × students, row-major).
 */
export function lShape(
  rho: readonly (readonly number[])[],
  next: { rows: number; cols: number; data: ArrayLike<number> },
): number[][] {
  const n = rho[0]?.length ?? 0;
  if (next.cols !== n)
    throw new Error(`next.cols must equal the number of student nodes ${n}, got ${next.cols}`);
  return Array.from({ length: n }, (_, k) => {
    let best = -Infinity;
    for (const row of rho) best = Math.max(best, row[k]);
    let norm = 0;
    for (let r = 0; r < next.rows; r++) norm += next.data[r * n + k] ** 2;
    return [best, Math.sqrt(norm)];
  });
}
