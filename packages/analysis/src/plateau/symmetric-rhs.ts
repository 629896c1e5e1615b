// The ODE restricted to the permutation-symmetric subspace, at a cost independent of p. When the spec is
// symmetric (equal a's, equal b's, T with equal diagonal and equal off-diagonal entries), the state
// Q = q_d I + q_o(11ᵀ − I), M = m 11ᵀ, v = v 1 stays in that form, and its velocity is read from three
// representative entries dQ_00, dQ_01, dM_00 (and dv_0). Each is a sum over units x, y of Gaussian integrals
// that depend only on which CLASS x and y fall in (a fixed index, "another student", "another teacher"), so
// the sums run over classes with their sizes: O(1) integrals per evaluation instead of O(p²(p+p*)²).
// The Saad–Solla ODEs (the same form covers the quadratic case, with its own integrals):
//   dM_jr = η a_j F_j,r − ηκ M_jr,  F_jx = Σ_y c_y I3(j, x, y),  c = (−a, b)
//   dQ_jk = η(a_j F_jk + a_k F_kj) − 2ηκ Q_jk + (η²/B) a_j a_k [Σ_xy c_x c_y I4(j,k,x,y) + σ² J2(j,k)]
//   dv_j = η2 Σ_x c_x I2(j, x).
import { CommitteeIntegrals, type CommitteeSpec, effectiveLr } from "@pupil/dynamics";

/** θ = (q_d, [q_o when p > 1], [m when odd], [v when trained]). */
export interface SymmetricLayout {
  dim: number;
  iOff: number;
  iM: number;
  iV: number;
}

export function symmetricLayout(p: number, odd: boolean, trained: boolean): SymmetricLayout {
  let dim = 1;
  const iOff = p > 1 ? dim++ : -1;
  const iM = odd ? dim++ : -1;
  const iV = trained ? dim++ : -1;
  return { dim, iOff, iM, iV };
}

const allEqual = (v: ArrayLike<number>) => {
  for (let i = 1; i < v.length; i++) if (v[i] !== v[0]) return false;
  return true;
};

/** True when the spec and T leave the permutation-symmetric subspace invariant. */
export function isSymmetricSpec(spec: CommitteeSpec, T: number[][]): boolean {
  if (!allEqual(spec.a) || !allEqual(spec.b)) return false;
  const diag = T[0][0];
  const off = T.length > 1 ? T[0][1] : 0;
  for (let r = 0; r < T.length; r++) {
    for (let s = 0; s < T.length; s++) if (T[r][s] !== (r === s ? diag : off)) return false;
  }
  return true;
}

interface UnitClass {
  /** Compact indices of up to two members (two are needed for x ≠ y inside the class). */
  reps: number[];
  size: number;
}

/**
 * dθ/dα on the symmetric subspace. Works on a compact covariance holding min(p, 4) students and
 * min(p*, 3) teachers: enough representatives for every class.
 */
export function createSymmetricRhs(
  spec: CommitteeSpec,
  T: number[][],
  layout: SymmetricLayout,
  options: { order?: number } = {},
): (theta: Float64Array, out: Float64Array) => void {
  const { p, pStar } = spec;
  const ps = Math.min(p, 4);
  const ts = Math.min(pStar, 3);
  const n = ps + ts;
  const integrals = new CommitteeIntegrals(
    spec.activation,
    spec.teacherActivation,
    ps,
    ts,
    options.order === undefined ? {} : { order: options.order },
  );
  const omega = new Float64Array(n * n);
  const cov = { n, data: omega };
  const eta = effectiveLr(spec);
  const noise = spec.noiseTerm ? (eta * eta) / spec.batch : 0;
  const sigma2 = spec.labelNoise * spec.labelNoise;
  const kappa = spec.weightDecay;
  const eta2 = spec.secondLayerLr ?? 0;
  const bValue = spec.b[0];
  const tDiag = T[0][0];
  const tOff = pStar > 1 ? T[0][1] : 0;

  /** The classes of all units given the fixed compact indices (students first, then teachers). */
  const classesFor = (fixed: number[]): UnitClass[] => {
    const out: UnitClass[] = fixed.map((x) => ({ reps: [x], size: 1 }));
    const fixedStudents = fixed.filter((x) => x < ps).length;
    const fixedTeachers = fixed.length - fixedStudents;
    const otherStudents: number[] = [];
    for (let x = 0; x < ps && otherStudents.length < 2; x++) if (!fixed.includes(x)) otherStudents.push(x);
    const otherTeachers: number[] = [];
    for (let x = ps; x < n && otherTeachers.length < 2; x++) if (!fixed.includes(x)) otherTeachers.push(x);
    if (p - fixedStudents > 0) out.push({ reps: otherStudents, size: p - fixedStudents });
    if (pStar - fixedTeachers > 0) out.push({ reps: otherTeachers, size: pStar - fixedTeachers });
    return out;
  };
  const c = new Float64Array(n);
  const cls00 = classesFor([0]);
  const cls01 = p > 1 ? classesFor([0, 1]) : [];
  const cls0t = classesFor([0, ps]);

  /** Σ_y c_y h(y) over all units, by classes. */
  const sum1 = (cls: UnitClass[], h: (y: number) => number): number => {
    let s = 0;
    for (const C of cls) s += C.size * c[C.reps[0]] * h(C.reps[0]);
    return s;
  };
  /** Σ_{x,y} c_x c_y h(x, y) over all ordered pairs of units, by classes. */
  const sum2 = (cls: UnitClass[], h: (x: number, y: number) => number): number => {
    let s = 0;
    for (let u = 0; u < cls.length; u++) {
      const X = cls[u];
      const x = X.reps[0];
      // x = y inside the class, then x ≠ y inside it.
      s += X.size * c[x] * c[x] * h(x, x);
      if (X.size > 1) s += X.size * (X.size - 1) * c[x] * c[X.reps[1]] * h(x, X.reps[1]);
      for (let w = 0; w < cls.length; w++) {
        if (w === u) continue;
        const y = cls[w].reps[0];
        s += X.size * cls[w].size * c[x] * c[y] * h(x, y);
      }
    }
    return s;
  };

  // The integrands, made once (no closure per evaluation).
  const i3d = (y: number) => integrals.I3(cov, 0, 0, y);
  const i3o = (y: number) => integrals.I3(cov, 0, 1, y);
  const i3t = (y: number) => integrals.I3(cov, 0, ps, y);
  const i4d = (x: number, y: number) => integrals.I4(cov, 0, 0, x, y);
  const i4o = (x: number, y: number) => integrals.I4(cov, 0, 1, x, y);
  const i2 = (x: number) => integrals.I2(cov, 0, x);

  return (theta, out) => {
    const qd = theta[0];
    const qo = layout.iOff >= 0 ? theta[layout.iOff] : 0;
    const m = layout.iM >= 0 ? theta[layout.iM] : 0;
    const a = layout.iV >= 0 ? theta[layout.iV] : spec.a[0];
    for (let x = 0; x < n; x++) {
      for (let y = 0; y < n; y++) {
        const sx = x < ps;
        const sy = y < ps;
        omega[x * n + y] = sx && sy ? (x === y ? qd : qo) : sx || sy ? m : x === y ? tDiag : tOff;
      }
      c[x] = x < ps ? -a : bValue;
    }
    // F_0x = Σ_y c_y I3(0, x, y), the class partition taken relative to {0, x}.
    const f00 = sum1(cls00, i3d);
    const i4diag = noise !== 0 ? sum2(cls00, i4d) : 0;
    out[0] = 2 * eta * a * f00 - 2 * eta * kappa * qd;
    if (noise !== 0)
      out[0] += noise * a * a * (i4diag + (sigma2 !== 0 ? sigma2 * integrals.J2(cov, 0, 0) : 0));
    if (layout.iOff >= 0) {
      const f01 = sum1(cls01, i3o);
      let d = 2 * eta * a * f01 - 2 * eta * kappa * qo;
      if (noise !== 0) {
        const i4 = sum2(cls01, i4o);
        d += noise * a * a * (i4 + (sigma2 !== 0 ? sigma2 * integrals.J2(cov, 0, 1) : 0));
      }
      out[layout.iOff] = d;
    }
    if (layout.iM >= 0) {
      const f0t = sum1(cls0t, i3t);
      out[layout.iM] = eta * a * f0t - eta * kappa * m;
    }
    if (layout.iV >= 0) out[layout.iV] = eta2 * sum1(cls00, i2);
  };
}
