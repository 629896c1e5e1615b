// The conformance kit's independent quadrature for Gaussian integrals, built for activations that are not
// smooth at 0 (relu, leaky-relu, |z|, steps), where tensor-product Gauss–Hermite converges only like 1/order.
// In whitened coordinates u = F g (F Fᵀ = C), g = r ω splits into a radius r ~ χ_d and a direction ω uniform on
// the sphere. Along a ray the signs of all u_a are fixed, so the radial integrand is smooth (polynomial for relu
// pieces) and a generalized Gauss–Laguerre rule is exact or fast. The direction integral must be split along
// every great sphere u_a = 0. In 2-D and 3-D nested angles do it exactly: the innermost angle at the crossings,
// the 3-D azimuth where two crossings meet. In 4-D the direction integral of a kinked integrand is a sum over the
// 16 sign cones {s_a u_a ≥ 0}, each cut into narrow simplicial cells (cones.ts); the 4-D nested angles, which
// split only the innermost angle, remain the route for integrands smooth at 0 (faster there).
import { symEig } from "@pupil/tensors";
import type { IntegralName } from "../integrals.js";
import type { ActivationPlugin, Covariance } from "../types.js";
import { coneCells, simplexRule, sphereArea } from "./cones.js";

interface Rule {
  readonly x: number[];
  readonly w: number[];
}

/** Golub–Welsch: nodes and weights of the orthogonal polynomials of a Jacobi matrix; weights sum to `total`. */
function golubWelsch(diag: number[], off: number[], total: number): Rule {
  const n = diag.length;
  const J = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) =>
      i === j ? diag[i] : Math.abs(i - j) === 1 ? off[Math.max(i, j)] : 0,
    ),
  );
  const { values, vectors } = symEig(J);
  return { x: values, w: values.map((_, k) => total * vectors[0][k] ** 2) };
}

/** Gauss–Legendre on [lo, hi]. */
function legendreOn(rule: Rule, lo: number, hi: number): Rule {
  const half = (hi - lo) / 2;
  return { x: rule.x.map((t) => lo + half * (t + 1)), w: rule.w.map((w) => w * half) };
}

export class RayQuadrature {
  readonly #orders: Readonly<Record<1 | 2 | 3 | 4, number>>;
  readonly #coneOrder: number;
  readonly #legendre = new Map<number, Rule>();
  readonly #radial = new Map<string, Rule>();

  /**
   * Nodes per radial rule and per angular segment, by dimension (the resolution level); `coneOrder` nodes
   * per radial rule and per simplex coordinate of a cone cell (default orders[4]).
   */
  constructor(orders: Readonly<Record<1 | 2 | 3 | 4, number>>, coneOrder = orders[4]) {
    this.#orders = orders;
    this.#coneOrder = coneOrder;
  }

  #legendreRule(n: number): Rule {
    let rule = this.#legendre.get(n);
    if (!rule) {
      const off = Array.from({ length: n }, (_, k) => k / Math.sqrt(4 * k * k - 1));
      rule = golubWelsch(new Array(n).fill(0), off, 2);
      this.#legendre.set(n, rule);
    }
    return rule;
  }

  /** r ~ χ_d: s = r²/2 has density ∝ s^α e^{-s}, α = d/2 − 1 (generalized Laguerre). */
  #radialRule(d: number, n = this.#orders[d as 1 | 2 | 3 | 4]): Rule {
    let rule = this.#radial.get(`${d}:${n}`);
    if (!rule) {
      const a = d / 2 - 1;
      const s = golubWelsch(
        Array.from({ length: n }, (_, k) => 2 * k + a + 1),
        Array.from({ length: n }, (_, k) => Math.sqrt(k * (k + a))),
        1,
      );
      rule = { x: s.x.map((v) => Math.sqrt(2 * v)), w: s.w };
      this.#radial.set(`${d}:${n}`, rule);
    }
    return rule;
  }

  /** Integrates over [lo, hi] split at the given interior points, with Gauss–Legendre on each piece. */
  #segments(n: number, lo: number, hi: number, cuts: number[], f: (t: number) => number): number {
    const base = this.#legendreRule(n);
    const points = [lo, ...cuts.filter((c) => c > lo + 1e-12 && c < hi - 1e-12).sort((p, q) => p - q), hi];
    let sum = 0;
    for (let k = 0; k + 1 < points.length; k++) {
      const rule = legendreOn(base, points[k], points[k + 1]);
      for (let i = 0; i < rule.x.length; i++) sum += rule.w[i] * f(rule.x[i]);
    }
    return sum;
  }

  /**
   * E[h(u)], u ~ N(0, F Fᵀ), F d×d lower triangular (rows F_a: u_a = F_a·g), d = 1..4, h smooth except where
   * some u_a = 0. `smooth: true` says h has no kink at all (only then the 4-D nested angles are used).
   */
  expect(F: number[][], h: (u: Float64Array) => number, options: { smooth?: boolean } = {}): number {
    const d = F.length;
    if (d < 1 || d > 4) throw new Error(`reference quadrature: dimension must be 1 to 4; got ${d}`);
    if (d === 4 && !options.smooth) return this.expectOverCones(F, h);
    const n = this.#orders[d as 1 | 2 | 3 | 4];
    const radial = this.#radialRule(d);
    const u = new Float64Array(d);
    const dir = new Float64Array(d);
    const ray = (omega: Float64Array) => {
      for (let a = 0; a < d; a++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += F[a][j] * omega[j];
        dir[a] = s;
      }
      let sum = 0;
      for (let i = 0; i < radial.x.length; i++) {
        for (let a = 0; a < d; a++) u[a] = radial.x[i] * dir[a];
        sum += radial.w[i] * h(u);
      }
      return sum;
    };
    const omega = new Float64Array(d);
    if (d === 1) {
      omega[0] = 1;
      const plus = ray(omega);
      omega[0] = -1;
      return (plus + ray(omega)) / 2;
    }
    if (d === 2) {
      // u_a ∝ A cos φ + B sin φ vanishes at φ = atan2(−A, B) and that + π.
      const cuts = F.flatMap(([A, B]) => {
        const phi = (Math.atan2(-A, B) + 2 * Math.PI) % (2 * Math.PI);
        return [phi, (phi + Math.PI) % (2 * Math.PI)];
      });
      return (
        this.#segments(n, 0, 2 * Math.PI, cuts, (phi) => {
          omega[0] = Math.cos(phi);
          omega[1] = Math.sin(phi);
          return ray(omega);
        }) /
        (2 * Math.PI)
      );
    }
    // d = 3, 4: ω = (sin ψ ω', cos ψ), ω' on S^{d−2}, density ∝ sin^{d−2} ψ. ψ is split where u_a = 0:
    // sin ψ (F_a[:d−1]·ω') + cos ψ F_a[d−1] = 0  ⇒  ψ = atan2(−F_a[d−1], F_a[:d−1]·ω') mod π.
    const last = d - 1;
    const inner = (outer: Float64Array) => {
      const cuts = F.map((row) => {
        let A = 0;
        for (let j = 0; j < last; j++) A += row[j] * outer[j];
        return (Math.atan2(-row[last], A) + Math.PI) % Math.PI;
      });
      return this.#segments(n, 0, Math.PI, cuts, (psi) => {
        const s = Math.sin(psi);
        for (let j = 0; j < last; j++) omega[j] = s * outer[j];
        omega[last] = Math.cos(psi);
        return s ** (d - 2) * ray(omega);
      });
    };
    const norm = d === 3 ? 2 : Math.PI / 2; // ∫_0^π sin^{d−2} ψ dψ
    const outer = new Float64Array(last);
    if (d === 3) {
      // Azimuths where two crossings meet: the line F_a × F_b.
      const cuts: number[] = [];
      for (let a = 0; a < 3; a++) {
        for (let b = a + 1; b < 3; b++) {
          const [p, q] = [F[a], F[b]];
          const v0 = p[1] * q[2] - p[2] * q[1];
          const v1 = p[2] * q[0] - p[0] * q[2];
          const phi = (Math.atan2(v1, v0) + 2 * Math.PI) % (2 * Math.PI);
          cuts.push(phi, (phi + Math.PI) % (2 * Math.PI));
        }
      }
      const total = this.#segments(n, 0, 2 * Math.PI, cuts, (phi) => {
        outer[0] = Math.cos(phi);
        outer[1] = Math.sin(phi);
        return inner(outer);
      });
      return total / (2 * Math.PI) / norm;
    }
    // d = 4, smooth h: ω' on S² by (θ, φ) Gauss–Legendre, weight sin θ / 4π.
    const total = this.#segments(n, 0, 2 * Math.PI, [Math.PI / 2, Math.PI, (3 * Math.PI) / 2], (phi) =>
      this.#segments(n, 0, Math.PI, [Math.PI / 2], (theta) => {
        outer[0] = Math.sin(theta) * Math.cos(phi);
        outer[1] = Math.sin(theta) * Math.sin(phi);
        outer[2] = Math.cos(theta);
        return Math.sin(theta) * inner(outer);
      }),
    );
    return total / (4 * Math.PI) / norm;
  }

  /**
   * E[h(u)], u = F g, d = 2..4, as a sum over the narrow cells of the sign cones (cones.ts), F lower triangular
   * and invertible. On a cell with unit generators W (rows), g = ρ Σ τ_k W_k with τ on the standard simplex; the
   * sphere measure is |det W| |Wτ|^{-d} dτ / |S^{d−1}|, integrated by the collapsed Gauss–Legendre product rule,
   * and each ray by the radial rule. No u_a changes sign inside a cell, so only smooth functions are integrated.
   * It is expect()'s 4-D route for kinked integrands; in 2-D and 3-D it checks the angle routes independently.
   */
  expectOverCones(F: number[][], h: (u: Float64Array) => number): number {
    const d = F.length;
    if (d < 2 || d > 4) throw new Error(`reference quadrature: cone dimension must be 2 to 4; got ${d}`);
    const n = this.#coneOrder;
    const radial = this.#radialRule(d, n);
    const unit = legendreOn(this.#legendreRule(n), 0, 1);
    const { tau, weight, count } = simplexRule(d, unit.x, unit.w);
    const u = new Float64Array(d);
    const dir = new Float64Array(d);
    let total = 0;
    for (const { generators: W, volume } of coneCells(F)) {
      let cell = 0;
      for (let p = 0; p < count; p++) {
        // ω ∝ Σ_k τ_k W_k; dir = F ω unnormalised, norm2 = |Σ_k τ_k W_k|².
        let norm2 = 0;
        for (let j = 0; j < d; j++) {
          let s = 0;
          for (let k = 0; k < d; k++) s += W[k][j] * tau[p * d + k];
          norm2 += s * s;
          u[j] = s;
        }
        const norm = Math.sqrt(norm2);
        for (let a = d - 1; a >= 0; a--) {
          let s = 0;
          for (let j = 0; j <= a; j++) s += F[a][j] * u[j];
          dir[a] = s / norm;
        }
        let ray = 0;
        for (let i = 0; i < radial.x.length; i++) {
          for (let a = 0; a < d; a++) u[a] = radial.x[i] * dir[a];
          ray += radial.w[i] * h(u);
        }
        cell += (weight[p] / norm2 ** (d / 2)) * ray;
      }
      total += volume * cell;
    }
    return total / sphereArea(d);
  }
}

/** Lower Cholesky factor of a symmetric positive-definite matrix (throws naming "C" otherwise). */
function choleskyLower(A: number[][]): number[][] {
  const d = A.length;
  const L = A.map(() => new Array<number>(d).fill(0));
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0.5 * (A[i][j] + A[j][i]);
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      if (i === j) {
        if (!(s > 0)) throw new Error(`reference quadrature: "C" must be positive definite (pivot ${s})`);
        L[i][i] = Math.sqrt(s);
      } else L[i][j] = s / L[j][j];
    }
  }
  return L;
}

/**
 * One Gaussian integral of an activation by RayQuadrature on the Gaussian of its distinct indices. C (and so
 * every principal sub-matrix) must be positive definite.
 */
export function referenceIntegral(
  quadrature: RayQuadrature,
  plugin: ActivationPlugin,
  name: IntegralName,
  C: Covariance,
  idx: readonly number[],
): number {
  const distinct: number[] = [];
  const pos = idx.map((i) => {
    let at = distinct.indexOf(i);
    if (at < 0) at = distinct.push(i) - 1;
    return at;
  });
  const sub = distinct.map((i) => distinct.map((j) => C.data[i * C.n + j]));
  const F = choleskyLower(sub);
  const g = (x: number) => plugin.f(x);
  const dg = (x: number) => plugin.df(x);
  const h =
    name === "I2"
      ? (u: Float64Array) => g(u[pos[0]]) * g(u[pos[1]])
      : name === "J2"
        ? (u: Float64Array) => dg(u[pos[0]]) * dg(u[pos[1]])
        : name === "I3"
          ? (u: Float64Array) => dg(u[pos[0]]) * u[pos[1]] * g(u[pos[2]])
          : (u: Float64Array) => dg(u[pos[0]]) * dg(u[pos[1]]) * g(u[pos[2]]) * g(u[pos[3]]);
  return quadrature.expect(F, h, { smooth: !kinkedAtZero(g) && !kinkedAtZero(dg) });
}

/**
 * Whether fn has a kink (or a jump) at 0: its one-sided slopes differ by D(h) = slope(0⁺) − slope(0⁻), which for
 * a smooth fn is ≈ h fn''(0) and shrinks with h, but for a kink stays at the jump in slope.
 */
export function kinkedAtZero(fn: (x: number) => number): boolean {
  const f0 = fn(0);
  const jump = (h: number) => {
    const right = (fn(h) - f0) / h;
    const left = (f0 - fn(-h)) / h;
    return { size: Math.abs(right - left), scale: 1 + Math.abs(right) + Math.abs(left) };
  };
  const wide = jump(1e-4);
  const narrow = jump(1e-5);
  return !(narrow.size <= 1e-7 * narrow.scale || narrow.size <= 0.5 * wide.size);
}
