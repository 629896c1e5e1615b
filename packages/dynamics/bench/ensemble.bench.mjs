// Ensemble throughput (against dist): runEnsemble over 8 seeds of an online-SGD run (quadratic K = 4, p* = 2,
// N = 1000, α = 40, wasm kernel) with 1 worker and with 2 workers, worker start-up included. Goal on 2 cores:
// runs/s with 2 workers ≥ 1.8× runs/s with 1. Wall-clock (parallel speed-up is a wall-clock figure), rounds
// alternate the two, medians. On a machine loaded beyond its cores the ratio measures the scheduler.
// Run: pnpm bench ensemble   (or: node bench/ensemble.bench.mjs [rounds] after building)
import { existsSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const here = import.meta.dirname;
const dist = join(here, "..", "dist", "index.js");
if (!existsSync(dist)) {
  console.error("ensemble.bench: build @pupil/dynamics first (pnpm --filter @pupil/dynamics... build)");
  process.exit(1);
}
const { runEnsemble, resolveSecondLayer } = await import(pathToFileURL(dist).href);
const activationsUrl = import.meta.resolve("@pupil/plugin-activations");
const { quadratic } = await import(activationsUrl);

const rounds = Number(process.argv[2] ?? 3);
const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
const N = 1000;
const p = 4;
const pStar = 2;
const alphaMax = 40;
const spec = {
  N,
  p,
  pStar,
  activation: quadratic,
  teacherActivation: quadratic,
  a: resolveSecondLayer("1/p", p),
  b: resolveSecondLayer("1/p", pStar),
  lr: 0.1,
  lrScaling: "eta",
  labelNoise: 0,
  weightDecay: 0,
  batch: 1,
  noiseTerm: true,
};

function teacherFor(seed) {
  const data = new Float64Array(pStar * N);
  let x = seed;
  for (let i = 0; i < data.length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    data[i] = x / 1073741824 - 1;
  }
  return { layers: [{ rows: pStar, cols: N, data }] };
}

const cpuSeconds = () => {
  const u = process.cpuUsage(); // every thread of this process: the main thread and the workers
  return (u.user + u.system) / 1e6;
};

/** Runs per wall-clock second for one ensemble with this many workers (and CPU seconds per run, a diagnostic). */
async function runsPerSecond(workers) {
  const c0 = cpuSeconds();
  const t0 = performance.now();
  let snapshots = 0;
  for await (const _ of runEnsemble({
    spec,
    seeds,
    teacher: teacherFor,
    alphaMax,
    record: { perDecade: 5 },
    kernel: "wasm",
    workers,
    // The plugins the activations come from, as the recipe a run carries.
    recipe: { builtins: [], modules: [activationsUrl] },
  })) {
    snapshots++;
  }
  if (snapshots === 0) throw new Error("no snapshots");
  cpuPerRun[workers].push((cpuSeconds() - c0) / seeds.length);
  return seeds.length / ((performance.now() - t0) / 1000);
}
const cpuPerRun = { 1: [], 2: [] };

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const loadBefore = loadavg()[0];
await runsPerSecond(2); // warm the file cache and the JIT of the main thread
const one = [];
const two = [];
for (let r = 0; r < rounds; r++) {
  one.push(await runsPerSecond(1));
  two.push(await runsPerSecond(2));
}
const r1 = median(one);
const r2 = median(two);
const speedup = r2 / r1;
console.log(
  `runEnsemble: ${seeds.length} seeds of quadratic K = ${p}, p* = ${pStar}, N = ${N}, α = ${alphaMax} (wasm), wall clock, median of ${rounds} alternating rounds`,
);
console.log(`  1 worker : ${r1.toFixed(2)} runs/s`);
console.log(
  `  2 workers: ${r2.toFixed(2)} runs/s   ${speedup.toFixed(2)}× (goal ≥ 1.8×: ${speedup >= 1.8 ? "ok" : "BELOW"})`,
);
console.log(
  `  CPU s per run (all threads): 1 worker ${median(cpuPerRun[1]).toFixed(2)}, 2 workers ${median(cpuPerRun[2]).toFixed(2)} — equal means the workers cost nothing extra; the wall-clock ratio is the goal figure`,
);
console.log(
  `load average ${loadBefore.toFixed(2)} → ${loadavg()[0].toFixed(2)} on ${availableParallelism()} cores (above the core count the speed-up cannot show)`,
);
