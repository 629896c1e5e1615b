// Gaussian integrals of an activation (I2, J2, I3, I4 as defined in types.ts) for any activation: the plugin's closed forms where it
// gives them, otherwise Gauss–Hermite quadrature over the Gaussian of the DISTINCT indices only, so
// I2(a,a) is a 1-D integral and I4(i,i,a,b) a 3-D one. The sub-covariance may be singular (u_a = u_b, a zero
// variance); the quadrature factors it semidefinitely. Each call reuses the buffers made here: no allocation.
import { GaussianQuadrature } from "@pupil/tensors";
import type { ActivationPlugin, Covariance, GaussianIntegrals } from "./types.js";

export type IntegralName = keyof GaussianIntegrals;
export const INTEGRAL_NAMES: readonly IntegralName[] = ["I2", "J2", "I3", "I4"];

/**
 * Default Gauss–Hermite nodes per dimension. 1-D and 2-D are cheap, so they get enough nodes for machine
 * precision on erf-like activations at variances up to 1.5; 3-D (8000 points) gives ≲1e-6 and 4-D (20736
 * points) ≲1e-3 (typically 1e-5). Pass `order` for more (4-D at 20: ≲1e-5) when an ODE needs it. Activations
 * with a kink converge only like 1/order (relu-type I4 ~1e-3): give closed forms for those where possible.
 */
export const DEFAULT_INTEGRAL_ORDER: Readonly<Record<1 | 2 | 3 | 4, number>> = { 1: 64, 2: 48, 3: 20, 4: 12 };

export interface ResolveIntegralsOptions {
  /** Gauss–Hermite nodes per dimension: one number for all, or per dimension; default DEFAULT_INTEGRAL_ORDER. */
  readonly order?: number | Readonly<Partial<Record<1 | 2 | 3 | 4, number>>>;
  /** false ignores the plugin's closed forms (the conformance kit's quadrature reference). Default true. */
  readonly closedForms?: boolean;
}

export interface ResolvedIntegrals extends GaussianIntegrals {
  /** Which integrals come from the plugin's closed forms (the others are quadrature). */
  readonly closedForm: Readonly<Record<IntegralName, boolean>>;
}

type Dim = 1 | 2 | 3 | 4;

export function resolveIntegrals(
  activation: ActivationPlugin,
  options: ResolveIntegralsOptions = {},
): ResolvedIntegrals {
  if (typeof activation?.f !== "function" || typeof activation.df !== "function") {
    throw new Error(`resolveIntegrals: "activation" must be an activation plugin with f and df functions`);
  }
  const useClosed = options.closedForms ?? true;
  const closed = useClosed ? (activation.integrals ?? {}) : {};
  const quad = quadratureIntegrals(activation, options.order);
  const pick = <N extends IntegralName>(name: N): GaussianIntegrals[N] => {
    const given = closed[name];
    return typeof given === "function" ? (given.bind(closed) as GaussianIntegrals[N]) : quad[name];
  };
  return {
    I2: pick("I2"),
    J2: pick("J2"),
    I3: pick("I3"),
    I4: pick("I4"),
    closedForm: {
      I2: typeof closed.I2 === "function",
      J2: typeof closed.J2 === "function",
      I3: typeof closed.I3 === "function",
      I4: typeof closed.I4 === "function",
    },
  };
}

function orderFor(order: ResolveIntegralsOptions["order"], dim: Dim): number {
  const value = (typeof order === "number" ? order : order?.[dim]) ?? DEFAULT_INTEGRAL_ORDER[dim];
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(
      `resolveIntegrals: "order" must be a positive integer (nodes per dimension); got ${value}`,
    );
  }
  return value;
}

function quadratureIntegrals(
  activation: ActivationPlugin,
  order: ResolveIntegralsOptions["order"],
): GaussianIntegrals {
  const orders = [1, 2, 3, 4].map((d) => orderFor(order, d as Dim));
  const rules: (GaussianQuadrature | undefined)[] = [undefined, undefined, undefined, undefined, undefined];
  const subCov = [0, 1, 2, 3, 4].map((d) => new Float64Array(d * d));
  const distinct = new Int32Array(4);
  // pos[k]: where the k-th argument's index sits among the distinct ones (read by the integrands below).
  const pos = new Int32Array(4);
  const g = (x: number) => activation.f(x);
  const dg = (x: number) => activation.df(x);

  const integrandI2 = (z: Float64Array) => g(z[pos[0]]) * g(z[pos[1]]);
  const integrandJ2 = (z: Float64Array) => dg(z[pos[0]]) * dg(z[pos[1]]);
  const integrandI3 = (z: Float64Array) => dg(z[pos[0]]) * z[pos[1]] * g(z[pos[2]]);
  const integrandI4 = (z: Float64Array) => dg(z[pos[0]]) * dg(z[pos[1]]) * g(z[pos[2]]) * g(z[pos[3]]);

  /** Deduplicates the `count` indices, fills pos/distinct and the sub-covariance; returns its dimension. */
  function gather(
    name: string,
    C: Covariance,
    count: number,
    i0: number,
    i1: number,
    i2: number,
    i3: number,
  ): Dim {
    const n = C?.n;
    if (!Number.isInteger(n) || n < 1 || !C.data || C.data.length < n * n) {
      throw new Error(`${name}: "C" must be a covariance { n, data } with n ≥ 1 and n·n entries (row-major)`);
    }
    let dim = 0;
    for (let k = 0; k < count; k++) {
      const index = k === 0 ? i0 : k === 1 ? i1 : k === 2 ? i2 : i3;
      if (!Number.isInteger(index) || index < 0 || index >= n) {
        throw new Error(`${name}: index argument ${k + 1} must be an integer in [0, ${n}); got ${index}`);
      }
      let at = 0;
      while (at < dim && distinct[at] !== index) at++;
      if (at === dim) distinct[dim++] = index;
      pos[k] = at;
    }
    const S = subCov[dim];
    const data = C.data;
    for (let r = 0; r < dim; r++) {
      const row = distinct[r] * n;
      for (let c = 0; c < dim; c++) S[r * dim + c] = data[row + distinct[c]];
    }
    return dim as Dim;
  }

  function rule(dim: Dim): GaussianQuadrature {
    let q = rules[dim];
    if (q === undefined) {
      q = new GaussianQuadrature(dim, orders[dim - 1]);
      rules[dim] = q;
    }
    return q;
  }

  return {
    I2(C, a, b) {
      const dim = gather("I2", C, 2, a, b, 0, 0);
      return rule(dim).expect(subCov[dim], integrandI2);
    },
    J2(C, a, b) {
      const dim = gather("J2", C, 2, a, b, 0, 0);
      return rule(dim).expect(subCov[dim], integrandJ2);
    },
    I3(C, i, b, c) {
      const dim = gather("I3", C, 3, i, b, c, 0);
      return rule(dim).expect(subCov[dim], integrandI3);
    },
    I4(C, i, k, a, b) {
      const dim = gather("I4", C, 4, i, k, a, b);
      return rule(dim).expect(subCov[dim], integrandI4);
    },
  };
}
