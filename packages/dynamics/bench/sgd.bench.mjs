// Online-SGD steps per second at N = 1000, p ∈ {2, 8, 32}, p* = 2, a fresh Gaussian input every step, for the
// quadratic and the erf committee: the WebAssembly SIMD kernel and the plain Float64Array kernel of
// OnlineSimulator (built dist), beside bench/sgd.c (the same work as a plain C loop with the same branch-free
// ziggurat) compiled three ways: gcc -O3 -march=native (IEEE order), -O3 -ffast-math without -march (portable
// x86-64: SSE2, 128-bit vectors and no FMA, the same vector width as wasm SIMD) and -O3 -march=native
// -ffast-math (this CPU's widest vectors, FMA, and glibc's libmvec vector erf/exp).
// Goals: wasm ≥ 1.0× C -O3 and ≥ 0.9× C -march=native -ffast-math. Every contender is timed in CPU seconds of its own process
// (on a loaded machine wall time mostly measures the scheduler); rounds alternate the contenders so what load
// remains (shared caches, frequency) hits them alike; figures are medians over the rounds.
// Run: pnpm bench sgd   (or: node bench/sgd.bench.mjs [seconds per measurement] [rounds] after building)
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { erf } from "@pupil/tensors";

const here = import.meta.dirname;
// PUPIL_DYNAMICS_ENTRY: another build of the package's entry (e.g. an esbuild bundle of src/index.ts).
const dist = process.env.PUPIL_DYNAMICS_ENTRY ?? join(here, "..", "dist", "index.js");
if (!existsSync(dist)) {
  console.error("sgd.bench: build @pupil/dynamics first (pnpm --filter @pupil/dynamics... build)");
  process.exit(1);
}
const { OnlineSimulator, resolveSecondLayer } = await import(pathToFileURL(dist).href);

const seconds = Number(process.argv[2] ?? 0.5);
const rounds = Number(process.argv[3] ?? 5);
const N = 1000;
const pStar = 2;
const widths = [2, 8, 32];

// The committees of docs/math.md §2 and §3, written inline so the benchmark needs no plugin build; they declare
// their family as @pupil/plugin-activations' do, so the erf committee takes the kernel's own erf as it does there.
const quadratic = {
  kind: "activation",
  id: "quadratic",
  apiVersion: 1,
  family: "quadratic",
  f: (z) => z * z,
  df: (z) => 2 * z,
  tf: () => {},
};
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const erfActivation = {
  kind: "activation",
  id: "erf",
  apiVersion: 1,
  family: "erf",
  f: (z) => erf(z * Math.SQRT1_2),
  df: (z) => SQRT_2_OVER_PI * Math.exp(-0.5 * z * z),
  tf: () => {},
};
const activations = [
  { name: "quadratic", plugin: quadratic, secondLayer: "1/p" },
  { name: "erf", plugin: erfActivation, secondLayer: "1" },
];

function specFor(p, act) {
  return {
    N,
    p,
    pStar,
    activation: act.plugin,
    teacherActivation: act.plugin,
    a: resolveSecondLayer(act.secondLayer, p),
    b: resolveSecondLayer(act.secondLayer, pStar),
    lr: 0.1,
    lrScaling: "eta",
    labelNoise: 0,
    weightDecay: 0,
    batch: 1,
    noiseTerm: true,
  };
}

function teacherFor(seed) {
  const data = new Float64Array(pStar * N);
  let x = seed;
  for (let i = 0; i < data.length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    data[i] = x / 1073741824 - 1;
  }
  return { layers: [{ rows: pStar, cols: N, data }] };
}

/** CPU seconds this process has used (user + system, every thread: the JIT and GC are charged to JS). */
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** A warmed-up simulator and a function timing one window of about `seconds` of CPU time (steps/s). */
function jsRunner(p, act, kernel) {
  const sim = new OnlineSimulator(specFor(p, act), { seed: 1, teacher: teacherFor(7), kernel });
  sim.step(3000); // warm up the JIT
  return () => {
    const chunk = 200;
    let steps = 0;
    const t0 = cpuSeconds();
    let t = t0;
    while (t - t0 < seconds) {
      sim.step(chunk);
      steps += chunk;
      t = cpuSeconds();
    }
    return steps / (t - t0);
  };
}

let cBinary;
let cPortableBinary;
let cFastBinary;
let cDir;
try {
  execFileSync("gcc", ["--version"], { stdio: "ignore" });
  cDir = mkdtempSync(join(tmpdir(), "pupil-sgd-c-"));
  cBinary = join(cDir, "sgd");
  cPortableBinary = join(cDir, "sgd-portable");
  cFastBinary = join(cDir, "sgd-fast");
  execFileSync("gcc", ["-O3", "-march=native", "-o", cBinary, join(here, "sgd.c"), "-lm"]);
  execFileSync("gcc", ["-O3", "-ffast-math", "-o", cPortableBinary, join(here, "sgd.c"), "-lm"]);
  // -ffast-math lets gcc vectorise the dot-product reductions (reassociation changes the rounding).
  execFileSync("gcc", ["-O3", "-march=native", "-ffast-math", "-o", cFastBinary, join(here, "sgd.c"), "-lm"]);
} catch {
  cBinary = undefined;
  cPortableBinary = undefined;
  cFastBinary = undefined;
}

function cRate(p, act, binary) {
  const out = execFileSync(binary, [String(p), String(pStar), String(N), String(seconds), act.name], {
    encoding: "utf8",
  });
  return Number(out.trim().split(/\s+/)[0]);
}

const fmt = (x) => (x >= 1000 ? `${(x / 1000).toFixed(1)}k` : x.toFixed(0));
const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
};
const verdict = (r, goal) => (r === undefined ? "" : r >= goal ? "ok" : "BELOW");
const rows = [];
const loadBefore = loadavg()[0];
for (const act of activations) {
  for (const p of widths) {
    const wasmRun = jsRunner(p, act, "wasm");
    const jsRun = jsRunner(p, act, "js");
    const runs = { c: [], cPortable: [], cFast: [], wasm: [], js: [] };
    for (let r = 0; r < rounds; r++) {
      if (cBinary) runs.c.push(cRate(p, act, cBinary));
      runs.wasm.push(wasmRun());
      if (cPortableBinary) runs.cPortable.push(cRate(p, act, cPortableBinary));
      if (cFastBinary) runs.cFast.push(cRate(p, act, cFastBinary));
      runs.js.push(jsRun());
    }
    rows.push({
      act: act.name,
      p,
      c: cBinary ? median(runs.c) : undefined,
      cPortable: cPortableBinary ? median(runs.cPortable) : undefined,
      cFast: cFastBinary ? median(runs.cFast) : undefined,
      wasm: median(runs.wasm),
      js: median(runs.js),
    });
  }
}
const loadAfter = loadavg()[0];
if (cDir) rmSync(cDir, { recursive: true, force: true });

console.log(
  `online SGD, N = ${N}, p* = ${pStar}, B = 1: steps per CPU-second (median of ${rounds} alternating rounds × ${seconds} s)`,
);
const head = [
  "act".padEnd(9),
  "p".padStart(3),
  "C -O3".padStart(8),
  "wasm".padStart(8),
  "wasm/C".padStart(7),
  "goal≥1.0".padStart(9),
  "C portable".padStart(11),
  "wasm/port".padStart(10),
  "C fast".padStart(8),
  "wasm/fast".padStart(10),
  "goal≥0.9".padStart(9),
  "plain JS".padStart(9),
  "JS/C".padStart(6),
];
console.log(head.join(" "));
for (const { act, p, c, cPortable, cFast, wasm, js } of rows) {
  const rc = c ? wasm / c : undefined;
  const rp = cPortable ? wasm / cPortable : undefined;
  const rf = cFast ? wasm / cFast : undefined;
  console.log(
    [
      act.padEnd(9),
      String(p).padStart(3),
      (c ? fmt(c) : "n/a").padStart(8),
      fmt(wasm).padStart(8),
      (rc ? `${rc.toFixed(2)}×` : "").padStart(7),
      verdict(rc, 1.0).padStart(9),
      (cPortable ? fmt(cPortable) : "n/a").padStart(11),
      (rp ? `${rp.toFixed(2)}×` : "").padStart(10),
      (cFast ? fmt(cFast) : "n/a").padStart(8),
      (rf ? `${rf.toFixed(2)}×` : "").padStart(10),
      verdict(rf, 0.9).padStart(9),
      fmt(js).padStart(9),
      (c ? `${(js / c).toFixed(2)}×` : "").padStart(6),
    ].join(" "),
  );
}
console.log(
  "C -O3: plain C loops in IEEE order (like the kernels), the same generator with its state in registers; C portable: -O3 -ffast-math for baseline x86-64 (SSE2: 2 doubles a vector, no FMA, scalar erf/exp); C fast: -O3 -march=native -ffast-math",
);
if (rows.some(({ cFast, wasm }) => cFast && wasm / cFast < 0.9)) {
  console.log(
    "Where wasm/fast is BELOW: wasm SIMD has 2 doubles a vector and no fused multiply-add (relaxed SIMD's madd is neither deterministic nor in Node 20 by default), while -march=native gives gcc this CPU's 4 or 8 doubles a vector with FMA and glibc's libmvec erf/exp over 4 or 8 lanes (_ZGVdN4v_erf, _ZGVeN8v_exp…). At p = 32 the step is the sweep over W (update and next forward pass, 2·p·N multiply-adds), issue-bound at 2 lanes without FMA; at p = 2 and 8 most of it is the fresh input's N ziggurat draws, scalar 64-bit integer code that no vector width speeds up (and that runs about 1.3× longer in wasm than gcc's build of the same loop). C portable (the same 2-lane width) is the like-for-like figure.",
  );
}
if (!cBinary) console.log("(gcc not found: no C baseline)");
console.log(
  `load average ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)} on ${availableParallelism()} cores (shared machine: ratios are the robust figure)`,
);
