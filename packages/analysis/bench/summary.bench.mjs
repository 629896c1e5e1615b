// Summary-analysis benchmark (against dist): analyseRun — the plateau, escape, conserved quantities and the
// Hessian at the plateau and at the end — on a one-step run of width p = 2 … 64 (p* = 2), erf (a = b = 1,
// η = 0.5) and quadratic (a = 1/p, b = 1/p*, η = 0.2), both with the η² term, as the presets have them.
// Beside it, the previous route on the same input: plateau on the general subspace with the full ODE
// right-hand side, Hessian by finite differences of the loss (erf) or the quadratic closed form, and
// ml-matrix's eigendecomposition. The old route runs only while its predicted time stays under
// BENCH_OLD_BUDGET seconds (default 60; BENCH_WIDTHS=2,4,… picks the widths). Goal (issue 10): the new route under 0.5 s at every p ≤ 32.
import { loadavg } from "node:os";
import { OdeIntegrator } from "@pupil/dynamics";
import { erf, quadratic } from "@pupil/plugin-activations";
import { createRng, symEig } from "@pupil/tensors";
import {
  analyseRun,
  conservedAlong,
  finiteDifferenceHessian,
  plateauPoint,
  quadraticHessian,
} from "../dist/index.js";

const budgetMs = 1000 * Number(process.env.BENCH_OLD_BUDGET ?? 60);
const widths = (process.env.BENCH_WIDTHS ?? "2,4,8,16,32,64").split(",").map(Number);
const N = 1000;

function makeSpec(activation, p, pStar) {
  const isErf = activation === erf;
  return {
    N,
    p,
    pStar,
    activation,
    teacherActivation: activation,
    a: new Float64Array(p).fill(isErf ? 1 : 1 / p),
    b: new Float64Array(pStar).fill(isErf ? 1 : 1 / pStar),
    lr: isErf ? 0.5 : 0.2,
    lrScaling: "eta",
    labelNoise: 0,
    weightDecay: 0,
    batch: 1,
    noiseTerm: true,
  };
}

/** A run's first two snapshots: overlaps of i.i.d. N(0, 1) students against T = I, then one step (α = 1/N). */
function oneStepRun(spec) {
  const { p, pStar } = spec;
  const rng = createRng(p * 7 + 1);
  const W = Array.from({ length: p }, () => Array.from({ length: N }, () => rng.normal()));
  const teacher = Array.from({ length: pStar }, (_, r) =>
    Array.from({ length: N }, (_, i) => (i === r ? Math.sqrt(N) : 0)),
  );
  const dot = (u, v) => u.reduce((s, x, i) => s + x * v[i], 0) / N;
  const init = {
    Q: W.map((u) => W.map((v) => dot(u, v))),
    M: W.map((u) => teacher.map((v) => dot(u, v))),
    T: Array.from({ length: pStar }, (_, r) => Array.from({ length: pStar }, (_, s) => (r === s ? 1 : 0))),
  };
  const ode = new OdeIntegrator({ spec, init, integrator: { method: "rk45", rtol: 1e-9, atol: 1e-12 } });
  const first = ode.snapshot();
  ode.advanceTo(1 / N);
  return [first, ode.snapshot()];
}

/** The route the summary took before: general plateau, FD or quadratic Hessian, ml-matrix EVD. */
function oldRoute(spec, snapshots) {
  const start = snapshots[0].overlaps;
  const end = snapshots[snapshots.length - 1].overlaps;
  const hessian = (o) => {
    const blocks =
      spec.activation === quadratic ? quadraticHessian(spec, o) : finiteDifferenceHessian(spec, o);
    return [symEig(blocks.inSpan).values, symEig(blocks.perpendicular).values];
  };
  let plateau;
  try {
    plateau = plateauPoint(spec, start, { symmetric: false, newtonFrom: 1e-10 });
  } catch {
    plateau = undefined;
  }
  conservedAlong(snapshots);
  if (plateau) {
    try {
      hessian(plateau.overlaps);
    } catch {}
  }
  hessian(end);
}

/** Median wall and CPU (user) milliseconds over `repeats` calls; CPU time is less disturbed by a loaded machine. */
function time(fn, repeats) {
  const wall = [];
  const cpu = [];
  for (let i = 0; i < repeats; i++) {
    const c0 = process.cpuUsage().user;
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    cpu.push((process.cpuUsage().user - c0) / 1000);
  }
  const median = (v) => v.sort((x, y) => x - y)[Math.floor(v.length / 2)];
  return { wall: median(wall), cpu: median(cpu) };
}

const rows = [];
for (const activation of [erf, quadratic]) {
  let lastOld;
  let lastP;
  // Growth of the old route's time per doubling of p: a guess until two widths are measured.
  let growth = 8;
  for (const p of widths) {
    const spec = makeSpec(activation, p, 2);
    const snapshots = oneStepRun(spec);
    analyseRun(spec, snapshots); // warm-up
    let solver = "";
    let plateauText = "";
    const t = time(
      () => {
        const out = analyseRun(spec, snapshots);
        solver = out.hessian.final.solver ?? "error";
        plateauText = out.plateau.error
          ? `error: ${out.plateau.error.slice(0, 40)}`
          : `eg ${out.plateau.eg.toPrecision(4)}`;
      },
      p <= 16 ? 5 : 3,
    );
    let oldMs;
    let oldCpu;
    let note = "";
    const predicted = lastOld === undefined ? 0 : lastOld * growth ** Math.log2(p / lastP);
    if (predicted <= budgetMs) {
      const old = time(() => oldRoute(spec, snapshots), 1);
      oldMs = old.wall;
      oldCpu = old.cpu;
      if (lastOld !== undefined) growth = Math.max(2, (oldMs / lastOld) ** (1 / Math.log2(p / lastP)));
      lastOld = oldMs;
      lastP = p;
    } else {
      note = `old route skipped (predicted ${(predicted / 1000).toFixed(0)} s > ${budgetMs / 1000} s)`;
    }
    rows.push({
      activation: activation.id,
      p,
      "summary ms": t.wall.toFixed(1),
      "(cpu)": t.cpu.toFixed(1),
      "old route ms": oldMs === undefined ? "—" : oldMs.toFixed(0),
      "(old cpu)": oldCpu === undefined ? "—" : oldCpu.toFixed(0),
      "speed-up": oldMs === undefined ? "—" : `${(oldMs / t.wall).toFixed(0)}×`,
      plateau: plateauText,
      "hessian solver": solver,
      "goal < 500 ms": p <= 32 ? (t.wall < 500 ? "yes" : "NO") : "(p > 32)",
      note,
    });
  }
}
console.log(
  `Post-run summary analysis (analyseRun) vs the previous route; load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}`,
);
console.table(rows);
