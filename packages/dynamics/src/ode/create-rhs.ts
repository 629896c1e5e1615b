import { CommitteeIntegrals, type CommitteeSpec, isErf, isQuadratic } from "../common/index.js";
import { ErfRhs, IntegralsRhs, type OdeRhs, QuadraticRhs } from "./rhs.js";

export interface RhsOptions {
  /** "auto" picks the quadratic or erf closed forms when both activations are those; "integrals" forces the generic route. */
  route?: "auto" | "integrals";
  /** Gauss–Hermite order for quadrature integrals. */
  order?: number;
}

/** The ODE right-hand side for a spec and a constant teacher overlap T (p*×p* row-major). */
export function createOdeRhs(spec: CommitteeSpec, T: ArrayLike<number>, options: RhsOptions = {}): OdeRhs {
  const route = options.route ?? "auto";
  if (route !== "auto" && route !== "integrals") {
    throw new Error(`route: expected "auto" or "integrals", got ${JSON.stringify(route)}`);
  }
  if (route === "auto") {
    if (isQuadratic(spec.activation) && isQuadratic(spec.teacherActivation)) return new QuadraticRhs(spec, T);
    if (isErf(spec.activation) && isErf(spec.teacherActivation)) return new ErfRhs(spec, T);
  }
  const integrals = new CommitteeIntegrals(
    spec.activation,
    spec.teacherActivation,
    spec.p,
    spec.pStar,
    options.order === undefined ? {} : { order: options.order },
  );
  return new IntegralsRhs(spec, T, integrals);
}
