// ODE benchmark (against dist): quadratic p = 8, p* = 2 to α = 100 and erf K = M = 2 to α = 500, each with
// adaptive Dormand–Prince at rtol 1e-8, beside fixed-step explicit Euler at dt = 0.01 (nn2pp's method) and
// RK4 at dt = 0.01 on the same ODE. Accuracy: max |Δeg| over 61 log-spaced α and max |Δy| at the end,
// against Dormand–Prince at rtol 1e-13. Time: median of 7 runs after 3 warm-ups.
import { erf, quadratic } from "@pupil/plugin-activations";
import { createRng } from "@pupil/tensors";
import { OdeIntegrator, recordSchedule } from "../dist/index.js";

const eye = (n, q = 1) =>
  Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? q : 0)));

function spec(activation, p, pStar, a, b, lr) {
  return {
    N: 1000,
    p,
    pStar,
    activation,
    teacherActivation: activation,
    a: new Float64Array(p).fill(a),
    b: new Float64Array(pStar).fill(b),
    lr,
    lrScaling: "eta",
    labelNoise: 0,
    weightDecay: 0,
    batch: 1,
    noiseTerm: true,
  };
}

function start(p, pStar, q, scale, seed) {
  const rng = createRng(seed);
  return {
    Q: eye(p, q),
    M: Array.from({ length: p }, () => Array.from({ length: pStar }, () => scale * rng.normal())),
    T: eye(pStar),
  };
}

const cases = [
  {
    name: "quadratic p=8 p*=2, α→100",
    spec: spec(quadratic, 8, 2, 1 / 8, 1 / 2, 0.5),
    init: start(8, 2, 1, 0.05, 1),
    alphaMax: 100,
  },
  {
    name: "erf K=M=2, α→500",
    spec: spec(erf, 2, 2, 1, 1, 0.5),
    init: start(2, 2, 0.2, 1e-2, 2),
    alphaMax: 500,
  },
];

const methods = [
  { label: "rk45 rtol 1e-8", integrator: { method: "rk45", rtol: 1e-8, atol: 1e-10 } },
  { label: "euler dt 0.01", integrator: { method: "euler", dt: 0.01 } },
  { label: "rk4 dt 0.01", integrator: { method: "rk4", dt: 0.01 } },
];

function trajectory(c, integrator) {
  const points = recordSchedule(c.alphaMax, { perDecade: 20, from: 0.1 });
  const ode = new OdeIntegrator({ spec: c.spec, init: c.init, integrator });
  const eg = [];
  for (const alpha of points) {
    ode.advanceTo(alpha);
    eg.push(ode.loss());
  }
  return { eg, y: ode.stateVector(), steps: ode.steps };
}

function timeIt(fn) {
  for (let i = 0; i < 3; i++) fn();
  const times = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[3];
}

const rows = [];
for (const c of cases) {
  const ref = trajectory(c, { method: "rk45", rtol: 1e-13, atol: 1e-15 });
  let eulerMs = 0;
  const results = methods.map((m) => {
    const ms = timeIt(() => trajectory(c, m.integrator));
    const run = trajectory(c, m.integrator);
    const dEg = Math.max(...run.eg.map((e, i) => Math.abs(e - ref.eg[i])));
    const dY = Math.max(...Array.from(run.y, (v, i) => Math.abs(v - ref.y[i])));
    if (m.integrator.method === "euler") eulerMs = ms;
    return { m, ms, steps: run.steps, dEg, dY };
  });
  for (const r of results) {
    rows.push({
      case: c.name,
      method: r.m.label,
      "time ms": r.ms.toFixed(1),
      steps: r.steps,
      "max |Δeg|": r.dEg.toExponential(1),
      "max |Δy| end": r.dY.toExponential(1),
      "speed vs euler": `${(eulerMs / r.ms).toFixed(1)}×`,
    });
  }
}
console.log("ODE integration: adaptive Dormand–Prince vs fixed-step Euler (nn2pp's method) and RK4");
console.table(rows);
