// Monte Carlo estimates of an activation's Gaussian integrals, the tests' independent route to the closed forms.
// u = A z with z ~ N(0, I_m), so C = A Aᵀ; a mixing matrix A (rather than a Cholesky factor) lets a test use
// singular covariances: equal, opposite or identically-zero coordinates.
import type { ActivationPlugin, Covariance } from "@pupil/plugin";
import { createRng } from "@pupil/tensors";

export interface Estimate {
  readonly mean: number;
  /** Standard error of the mean, from the sample variance. */
  readonly stderr: number;
}

export interface IntegralEstimates {
  readonly C: Covariance;
  I2(a: number, b: number): Estimate;
  J2(a: number, b: number): Estimate;
  I3(i: number, b: number, c: number): Estimate;
  /** Only when estimated (`withI4`). */
  I4(i: number, k: number, a: number, b: number): Estimate;
}

/** C = A Aᵀ as a row-major Covariance. */
export function covarianceOf(A: readonly (readonly number[])[]): Covariance {
  const n = A.length;
  const data = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      let s = 0;
      for (let j = 0; j < A[a].length; j++) s += A[a][j] * A[b][j];
      data[a * n + b] = s;
    }
  }
  return { n, data };
}

/** Estimates every I2, J2, I3 (and I4 when asked) over all index tuples, repeats included. */
export function estimateIntegrals(
  plugin: ActivationPlugin,
  A: readonly (readonly number[])[],
  options: { samples: number; seed: number; withI4: boolean },
): IntegralEstimates {
  const n = A.length;
  const m = A[0].length;
  const { samples, withI4 } = options;
  const n2 = n * n;
  const n3 = n2 * n;
  const n4 = n3 * n;
  // Running sums and sums of squares of each integrand, per index tuple (flattened row-major).
  const sums = {
    I2: [new Float64Array(n2), new Float64Array(n2)],
    J2: [new Float64Array(n2), new Float64Array(n2)],
    I3: [new Float64Array(n3), new Float64Array(n3)],
    I4: [new Float64Array(withI4 ? n4 : 0), new Float64Array(withI4 ? n4 : 0)],
  };
  const [i2, i2sq] = sums.I2;
  const [j2, j2sq] = sums.J2;
  const [i3, i3sq] = sums.I3;
  const [i4, i4sq] = sums.I4;
  const rng = createRng(options.seed);
  const z = new Float64Array(m);
  const u = new Float64Array(n);
  const g = new Float64Array(n);
  const d = new Float64Array(n);
  for (let s = 0; s < samples; s++) {
    rng.fillNormal(z);
    for (let a = 0; a < n; a++) {
      let x = 0;
      for (let j = 0; j < m; j++) x += A[a][j] * z[j];
      u[a] = x;
      g[a] = plugin.f(x);
      d[a] = plugin.df(x);
    }
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        const ab = a * n + b;
        const gg = g[a] * g[b];
        const dd = d[a] * d[b];
        i2[ab] += gg;
        i2sq[ab] += gg * gg;
        j2[ab] += dd;
        j2sq[ab] += dd * dd;
        const du = d[a] * u[b];
        for (let c = 0; c < n; c++) {
          const v = du * g[c];
          i3[ab * n + c] += v;
          i3sq[ab * n + c] += v * v;
        }
        if (withI4) {
          for (let c = 0; c < n; c++) {
            const ddg = dd * g[c];
            for (let e = 0; e < n; e++) {
              const v = ddg * g[e];
              const index = (ab * n + c) * n + e;
              i4[index] += v;
              i4sq[index] += v * v;
            }
          }
        }
      }
    }
  }
  const estimate = (pair: Float64Array[], index: number): Estimate => {
    const mean = pair[0][index] / samples;
    const variance = Math.max(0, (pair[1][index] - samples * mean * mean) / (samples - 1));
    return { mean, stderr: Math.sqrt(variance / samples) };
  };
  return {
    C: covarianceOf(A),
    I2: (a, b) => estimate(sums.I2, a * n + b),
    J2: (a, b) => estimate(sums.J2, a * n + b),
    I3: (i, b, c) => estimate(sums.I3, (i * n + b) * n + c),
    I4(i, k, a, b) {
      if (!withI4) throw new Error("I4 was not estimated (withI4: false)");
      return estimate(sums.I4, ((i * n + k) * n + a) * n + b);
    },
  };
}

/** All index tuples of a given length over 0..n-1, repeats included. */
export function indexTuples(n: number, length: number): number[][] {
  if (length === 0) return [[]];
  return indexTuples(n, length - 1).flatMap((t) => Array.from({ length: n }, (_, a) => [...t, a]));
}
