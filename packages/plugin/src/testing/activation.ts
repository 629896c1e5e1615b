// Conformance checks of an activation: df against finite differences of f, the tfjs op against f, every
// closed-form integral against an independent quadrature of the same activation, parity claims, and configure().
import { createRng, type Rng } from "@pupil/tensors";
import { INTEGRAL_NAMES, type IntegralName } from "../integrals.js";
import type { ActivationPlugin, Covariance, Tf } from "../types.js";
import { pluginProblems } from "../validate.js";
import { RayQuadrature, referenceIntegral } from "./reference.js";
import { type CheckOptions, errorText, fmt, type PlannedCheck } from "./types.js";

type Outcome = { ok: boolean; message: string };

/** Evaluation points: a grid on [-6, 6] (which contains 0 and the integers) plus seeded N(0, 2.5²) draws. */
export function activationPoints(rng: Rng): number[] {
  const points: number[] = [];
  for (let k = -24; k <= 24; k++) points.push(k / 4);
  for (let k = 0; k < 32; k++) points.push(2.5 * rng.normal());
  return points;
}

/** df vs the central difference of f. Points whose one-sided slopes disagree are kinks and are skipped. */
export function checkDerivative(plugin: ActivationPlugin, points: readonly number[]): Outcome {
  const bad: string[] = [];
  let kinks = 0;
  let worst = 0;
  for (const z of points) {
    const h = 1e-5 * Math.max(1, Math.abs(z));
    const f0 = plugin.f(z);
    const fp = plugin.f(z + h);
    const fm = plugin.f(z - h);
    const d = plugin.df(z);
    if (![f0, fp, fm].every(Number.isFinite)) {
      bad.push(`f is not finite near z = ${fmt(z)}`);
      continue;
    }
    if (!Number.isFinite(d)) {
      bad.push(`df(${fmt(z)}) = ${d}`);
      continue;
    }
    const forward = (fp - f0) / h;
    const backward = (f0 - fm) / h;
    const central = (fp - fm) / (2 * h);
    // A smooth f has forward − backward ≈ h f''; a kink gives a jump of order one.
    if (Math.abs(forward - backward) > 1e-3 * (1 + Math.abs(central))) {
      kinks++;
      continue;
    }
    const err = Math.abs(d - central) / (1 + Math.abs(central));
    worst = Math.max(worst, err);
    if (err > 1e-6) bad.push(`df(${fmt(z)}) = ${fmt(d)} but (f(z+h) − f(z−h))/2h = ${fmt(central)}`);
  }
  if (kinks > points.length / 10) {
    bad.push(
      `f has a kink at ${kinks} of ${points.length} points (more than a tenth): it is too rough to check`,
    );
  }
  if (bad.length > 0)
    return { ok: false, message: `${bad.length} problem(s): ${bad.slice(0, 4).join("; ")}` };
  return {
    ok: true,
    message: `${points.length - kinks} points agree (max relative error ${fmt(worst)}); ${kinks} kink point(s) skipped`,
  };
}

/** The tfjs op on a tensor of points against f at the same float32 inputs; shape kept, no tensor leaked. */
export async function checkTfOp(
  plugin: ActivationPlugin,
  tf: Tf,
  points: readonly number[],
): Promise<Outcome> {
  const x32 = Float32Array.from(points.length % 2 === 0 ? points : [...points, 0]);
  const before = tf.memory().numTensors;
  const y = tf.tidy(() => plugin.tf(tf, tf.tensor2d(x32, [2, x32.length / 2])));
  const shape = y.shape.join("×");
  const values = await y.data();
  y.dispose();
  const leaked = tf.memory().numTensors - before;
  if (shape !== `2×${x32.length / 2}`)
    return { ok: false, message: `op on a 2×${x32.length / 2} tensor gave shape ${shape}` };
  if (leaked !== 0) return { ok: false, message: `op leaked ${leaked} tensor(s) past tf.tidy` };
  const bad: string[] = [];
  let worst = 0;
  for (let k = 0; k < x32.length; k++) {
    const expected = plugin.f(x32[k]);
    const err = Math.abs(values[k] - expected) / (1 + Math.abs(expected));
    worst = Math.max(worst, Number.isNaN(err) ? Number.POSITIVE_INFINITY : err);
    if (!(err <= 1e-5)) bad.push(`op(${fmt(x32[k])}) = ${fmt(values[k])}, f = ${fmt(expected)}`);
  }
  if (bad.length > 0)
    return { ok: false, message: `${bad.length} mismatch(es): ${bad.slice(0, 4).join("; ")}` };
  return { ok: true, message: `${x32.length} points agree to float32 (max relative error ${fmt(worst)})` };
}

/** Parity claims at the positive points. */
export function checkParity(plugin: ActivationPlugin, points: readonly number[]): Outcome {
  const sign = plugin.parity === "odd" ? -1 : 1;
  const bad: string[] = [];
  for (const z of points) {
    if (z <= 0) continue;
    const f = plugin.f(z);
    const fNeg = plugin.f(-z);
    if (!(Math.abs(fNeg - sign * f) <= 1e-10 * (1 + Math.abs(f))))
      bad.push(`f(${fmt(-z)}) = ${fmt(fNeg)}, f(${fmt(z)}) = ${fmt(f)}`);
  }
  if (bad.length > 0)
    return { ok: false, message: `claims parity "${plugin.parity}" but ${bad.slice(0, 4).join("; ")}` };
  return { ok: true, message: `f is ${plugin.parity} at every checked point` };
}

/**
 * Random positive-definite covariances shaped like overlap matrices: variances in [0.3, 1.5] and the
 * correlations of A Aᵀ + 0.05·I for a Gaussian n×n matrix A.
 */
export function randomCovariances(rng: Rng, count: number, n = 5): Covariance[] {
  const out: Covariance[] = [];
  const A = new Float64Array(n * n);
  const G = new Float64Array(n * n);
  for (let c = 0; c < count; c++) {
    rng.fillNormal(A);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let acc = i === j ? 0.05 : 0;
        for (let t = 0; t < n; t++) acc += A[i * n + t] * A[j * n + t];
        G[i * n + j] = acc;
      }
    }
    const sd = Array.from({ length: n }, (_, i) => Math.sqrt(rng.uniform(0.3, 1.5) / G[i * n + i]));
    out.push({ n, data: G.map((g, k) => g * (sd[Math.floor(k / n)] * sd[k % n])) });
  }
  return out;
}

/** Index tuples into a 5×5 covariance, with repeated and distinct indices (1-D up to 4-D Gaussians). */
export const INDEX_PATTERNS: Readonly<Record<IntegralName, readonly (readonly number[])[]>> = {
  I2: [
    [0, 0],
    [1, 3],
    [4, 2],
  ],
  J2: [
    [0, 0],
    [1, 3],
    [4, 2],
  ],
  I3: [
    [0, 0, 0],
    [0, 1, 0],
    [0, 0, 2],
    [1, 2, 3],
    [2, 4, 4],
    [3, 1, 1],
  ],
  I4: [
    [0, 0, 0, 0],
    [0, 0, 1, 1],
    [0, 1, 2, 3],
    [1, 1, 2, 4],
    [2, 3, 2, 3],
    [0, 1, 4, 4],
  ],
};

// The reference is RayQuadrature (reference.ts): exact along rays for activations whose kinks sit at 0, fast
// for smooth ones; in 4-D kinked integrands go over the sign cones' cells (FINE_CONE_ORDER, COARSE_CONE_ORDER nodes per coordinate).
// It runs at two levels; 4× their measured gap (plus a 1e-7 relative floor) is the tolerance, so the tolerance
// is only as wide as the reference is really uncertain.
const FINE_ORDER = { 1: 24, 2: 24, 3: 16, 4: 12 } as const;
const COARSE_ORDER = { 1: 12, 2: 12, 3: 10, 4: 8 } as const;
const FINE_CONE_ORDER = 10;
const COARSE_CONE_ORDER = 7;

type IntegralFn = (C: Covariance, ...idx: number[]) => number;

/**
 * One closed form against quadrature of the same activation at every index pattern of three seeded random
 * covariances (or at the given ones, 5×5 positive definite).
 */
export function checkClosedForm(
  plugin: ActivationPlugin,
  name: IntegralName,
  rng: Rng,
  covariances?: readonly Covariance[],
): Outcome {
  const closed = plugin.integrals?.[name] as IntegralFn | undefined;
  if (typeof closed !== "function") return { ok: false, message: `no closed form ${name}` };
  const fine = new RayQuadrature(FINE_ORDER, FINE_CONE_ORDER);
  const coarse = new RayQuadrature(COARSE_ORDER, COARSE_CONE_ORDER);
  const bad: string[] = [];
  let count = 0;
  let worst = 0;
  (covariances ?? randomCovariances(rng, 3)).forEach((C, c) => {
    for (const idx of INDEX_PATTERNS[name]) {
      const value = closed.call(plugin.integrals, C, ...idx);
      const reference = referenceIntegral(fine, plugin, name, C, idx);
      const gap = Math.abs(reference - referenceIntegral(coarse, plugin, name, C, idx));
      const tol = 1e-9 + 1e-7 * Math.abs(reference) + 4 * gap;
      const err = Math.abs(value - reference);
      count++;
      worst = Math.max(worst, Number.isNaN(err) ? Number.POSITIVE_INFINITY : err / tol);
      if (!(err <= tol)) {
        bad.push(
          `${name}(C${c + 1}; ${idx.join(",")}) = ${fmt(value)}, quadrature ${fmt(reference)} (|diff| ${fmt(err)} > tol ${fmt(tol)})`,
        );
      }
    }
  });
  if (bad.length > 0)
    return { ok: false, message: `${bad.length} of ${count} disagree: ${bad.slice(0, 3).join("; ")}` };
  return { ok: true, message: `${count} evaluations agree with quadrature (worst |diff|/tol ${fmt(worst)})` };
}

/** A value for each declared parameter other than its default, inside [min, max]. */
export function nonDefaultValues(plugin: ActivationPlugin): Record<string, number> {
  const values: Record<string, number> = {};
  for (const [name, spec] of Object.entries(plugin.params ?? {})) {
    const lo = spec.min ?? Number.NEGATIVE_INFINITY;
    const hi = spec.max ?? Number.POSITIVE_INFINITY;
    let v = Number.isFinite(lo) && Number.isFinite(hi) ? lo + 0.37 * (hi - lo) : spec.default * 1.5 + 0.25;
    v = Math.min(hi, Math.max(lo, v));
    values[name] = v === spec.default ? Math.min(hi, Math.max(lo, v + 0.125)) : v;
  }
  return values;
}

function seeded(options: CheckOptions, plugin: ActivationPlugin, purpose: string): Rng {
  return createRng(`${options.seed ?? 1}|activation|${plugin.id}|${purpose}`);
}

/** The activation's checks; `prefix` names a configured copy. */
export function planActivationChecks(
  plugin: ActivationPlugin,
  options: CheckOptions,
  prefix = "",
): PlannedCheck[] {
  const checks: PlannedCheck[] = [];
  const add = (name: string, run: () => Outcome | Promise<Outcome>) => {
    checks.push({ name: prefix + name, run: async () => run() });
  };
  add("df matches central finite differences of f", () =>
    checkDerivative(plugin, activationPoints(seeded(options, plugin, "points"))),
  );
  add("tfjs op matches f", () => {
    const tf = options.tf;
    if (!tf) return { ok: false, message: "checkPlugin needs options.tf (the host's tfjs) to check the op" };
    return checkTfOp(plugin, tf, activationPoints(seeded(options, plugin, "points")));
  });
  for (const name of INTEGRAL_NAMES) {
    if (typeof plugin.integrals?.[name] === "function") {
      add(`closed-form ${name} matches quadrature`, () =>
        checkClosedForm(plugin, name, seeded(options, plugin, `integral-${name}`)),
      );
    }
  }
  if (plugin.parity === "odd" || plugin.parity === "even") {
    add(`parity "${plugin.parity}" holds`, () =>
      checkParity(plugin, activationPoints(seeded(options, plugin, "points"))),
    );
  }
  if (
    !prefix &&
    typeof plugin.configure === "function" &&
    plugin.params &&
    Object.keys(plugin.params).length > 0
  ) {
    checks.push(...planConfigureChecks(plugin, options));
  }
  return checks;
}

function planConfigureChecks(plugin: ActivationPlugin, options: CheckOptions): PlannedCheck[] {
  const values = nonDefaultValues(plugin);
  const label = `configure(${JSON.stringify(values)})`;
  let configured: ActivationPlugin | undefined;
  let failure = "";
  try {
    configured = plugin.configure!(values);
    const problems = pluginProblems(configured);
    if (problems.length > 0) failure = `returned an invalid activation: ${problems.join("; ")}`;
    else if (configured.kind !== "activation") failure = `returned a ${configured.kind} plugin`;
  } catch (error) {
    failure = `threw: ${errorText(error)}`;
  }
  const checks: PlannedCheck[] = [
    {
      name: `${label} returns a valid activation holding those values`,
      run: async () => {
        if (failure) return { ok: false, message: failure };
        const held = configured!.values;
        const wrong = Object.entries(values).filter(([k, v]) => held !== undefined && held[k] !== v);
        if (wrong.length > 0)
          return {
            ok: false,
            message: `values ${JSON.stringify(held)} do not hold ${JSON.stringify(values)}`,
          };
        return { ok: true, message: `configured activation "${configured!.id}" is valid` };
      },
    },
  ];
  const outOfRange = Object.entries(plugin.params!).flatMap(([name, spec]) =>
    spec.max !== undefined
      ? [[name, spec.max + 1] as const]
      : spec.min !== undefined
        ? [[name, spec.min - 1] as const]
        : [],
  );
  if (outOfRange.length > 0) {
    checks.push({
      name: "configure() refuses out-of-range values with an error naming the parameter",
      run: async () => {
        const bad: string[] = [];
        for (const [name, value] of outOfRange) {
          try {
            plugin.configure!({ ...values, [name]: value });
            bad.push(`configure({ ${name}: ${value} }) did not throw`);
          } catch (error) {
            if (!errorText(error).includes(name))
              bad.push(`the error for ${name} = ${value} does not name "${name}": ${errorText(error)}`);
          }
        }
        return bad.length > 0
          ? { ok: false, message: bad.join("; ") }
          : { ok: true, message: "out-of-range values are refused" };
      },
    });
  }
  if (configured && !failure) checks.push(...planActivationChecks(configured, options, `${label}: `));
  return checks;
}
