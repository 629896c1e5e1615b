// ODE benchmark (against dist): quadratic p = 8, p* = 2 to α = 100 and erf K = M = 2 to α = 500 (where eg falls
// to ~1e-9). Goal: eg accurate to 1e-6 relative at every recorded α. Prints the time the default adaptive
// Dormand–Prince takes to get there (without and with its error estimate), beside the old defaults
// (rtol 1e-8, atol 1e-10), nn2pp's fixed-step explicit Euler at dt = 0.01 and 0.001, and RK4 at dt = 0.01 on
// the same ODE. Accuracy: max relative eg error over the recorded α (20 per decade from 0.1) against
// Dormand–Prince at rtol 1e-14, atol 1e-18. Time: median of CPU-time runs after warm-ups.
import { loadavg } from "node:os";
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
  { label: "rk45 defaults", integrator: { method: "rk45" }, errorEstimate: false, goal: true },
  { label: "rk45 defaults + estimate", integrator: { method: "rk45" }, errorEstimate: true },
  {
    label: "rk45 old 1e-8/1e-10",
    integrator: { method: "rk45", rtol: 1e-8, atol: 1e-10 },
    errorEstimate: false,
  },
  { label: "euler dt 0.01 (nn2pp)", integrator: { method: "euler", dt: 0.01 }, errorEstimate: false },
  {
    label: "euler dt 0.001 (nn2pp)",
    integrator: { method: "euler", dt: 0.001 },
    errorEstimate: false,
    base: true,
  },
  { label: "rk4 dt 0.01", integrator: { method: "rk4", dt: 0.01 }, errorEstimate: false },
];

function trajectory(c, integrator, errorEstimate) {
  const points = recordSchedule(c.alphaMax, { perDecade: 20, from: 0.1 });
  const ode = new OdeIntegrator({ spec: c.spec, init: c.init, integrator, errorEstimate });
  const eg = [];
  for (const alpha of points) {
    ode.advanceTo(alpha);
    eg.push(ode.snapshot().loss.gen);
  }
  return { eg, steps: ode.steps, accuracy: ode.accuracy() };
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Median CPU milliseconds of fn: more repeats for fast runs, fewer for slow ones. */
function timeIt(fn) {
  const t0 = cpuMs();
  fn();
  const first = cpuMs() - t0;
  const repeats = first > 300 ? 3 : first > 30 ? 5 : 9;
  const times = [];
  for (let i = 0; i < repeats; i++) {
    const t = cpuMs();
    fn();
    times.push(cpuMs() - t);
  }
  times.sort((a, b) => a - b);
  return times[repeats >> 1];
}

const rows = [];
const loadBefore = loadavg()[0];
for (const c of cases) {
  const ref = trajectory(c, { method: "rk45", rtol: 1e-14, atol: 1e-18 }, false);
  const results = methods.map((m) => {
    const ms = timeIt(() => trajectory(c, m.integrator, m.errorEstimate));
    const run = trajectory(c, m.integrator, m.errorEstimate);
    const rel = Math.max(...run.eg.map((e, i) => Math.abs(e / ref.eg[i] - 1)));
    return { m, ms, steps: run.steps, rel, accuracy: run.accuracy };
  });
  const base = results.find((r) => r.m.base);
  for (const r of results) {
    rows.push({
      case: c.name,
      method: r.m.label,
      "CPU ms": r.ms.toFixed(1),
      steps: r.steps,
      "max rel eg err": r.rel.toExponential(1),
      "≤1e-6": r.rel <= 1e-6 ? "yes" : "no",
      estimate: r.accuracy ? r.accuracy.egRelErrorMax.toExponential(1) : "",
      "vs euler 0.001": `${(base.ms / r.ms).toFixed(1)}× faster`,
    });
  }
}
console.log(
  "ODE integration: time to eg accurate to 1e-6 relative at every recorded α (goal: rk45 defaults ≤ 1e-6)",
);
console.table(rows);
console.log(
  `final eg: ${cases.map((c) => `${c.name} ${trajectory(c, { method: "rk45" }, false).eg.at(-1).toExponential(2)}`).join(", ")}`,
);
console.log(
  `load average ${loadBefore.toFixed(2)} → ${loadavg()[0].toFixed(2)} (times are CPU time of this process)`,
);
