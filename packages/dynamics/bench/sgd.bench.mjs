// Online-SGD steps per second at N = 1000, p ∈ {2, 8, 32}, p* = 2, a fresh Gaussian input every step:
// the WebAssembly SIMD kernel and the plain Float64Array kernel of OnlineSimulator (built dist), beside
// bench/sgd.c (the same work as a plain C loop, gcc -O3 -march=native) compiled and run in the same process.
// Run: pnpm bench sgd   (or: node bench/sgd.bench.mjs [seconds per measurement] after building the package)
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const here = import.meta.dirname;
// PUPIL_DYNAMICS_ENTRY: another build of the package's entry (e.g. an esbuild bundle of src/index.ts).
const dist = process.env.PUPIL_DYNAMICS_ENTRY ?? join(here, "..", "dist", "index.js");
if (!existsSync(dist)) {
  console.error("sgd.bench: build @pupil/dynamics first (pnpm --filter @pupil/dynamics... build)");
  process.exit(1);
}
const { OnlineSimulator, resolveSecondLayer } = await import(pathToFileURL(dist).href);

const seconds = Number(process.argv[2] ?? 1);
const repeats = 3;
const N = 1000;
const pStar = 2;
const widths = [2, 8, 32];

// The quadratic committee of MATH.md §2, written inline so the benchmark needs no plugin build.
const quadratic = {
  kind: "activation",
  id: "quadratic",
  apiVersion: 1,
  f: (z) => z * z,
  df: (z) => 2 * z,
  tf: () => {},
};

function specFor(p) {
  return {
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

/** A warmed-up simulator and a function timing one window of about `seconds` (steps/s). */
function jsRunner(p, kernel) {
  const sim = new OnlineSimulator(specFor(p), { seed: 1, teacher: teacherFor(7), kernel });
  sim.step(3000); // warm up the JIT
  return () => {
    const chunk = 200;
    let steps = 0;
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < seconds * 1000) {
      sim.step(chunk);
      steps += chunk;
      t = performance.now();
    }
    return steps / ((t - t0) / 1000);
  };
}

let cBinary;
let cFastBinary;
let cDir;
try {
  execFileSync("gcc", ["--version"], { stdio: "ignore" });
  cDir = mkdtempSync(join(tmpdir(), "pupil-sgd-c-"));
  cBinary = join(cDir, "sgd");
  cFastBinary = join(cDir, "sgd-fast");
  execFileSync("gcc", ["-O3", "-march=native", "-o", cBinary, join(here, "sgd.c"), "-lm"]);
  // -ffast-math lets gcc vectorise the dot-product reductions (reassociation changes the rounding).
  execFileSync("gcc", ["-O3", "-march=native", "-ffast-math", "-o", cFastBinary, join(here, "sgd.c"), "-lm"]);
} catch {
  cBinary = undefined;
  cFastBinary = undefined;
}

function cRate(p, binary) {
  const out = execFileSync(binary, [String(p), String(pStar), String(N), String(seconds)], {
    encoding: "utf8",
  });
  return Number(out.trim().split(/\s+/)[0]);
}

const fmt = (x) => (x >= 1000 ? `${(x / 1000).toFixed(1)}k` : x.toFixed(0));
const ratio = (x, c) => (c ? `${(x / c).toFixed(2)}×C` : "");
const rows = [];
const loadBefore = loadavg()[0];
// Rounds interleave the contenders, so a load spike on the shared machine hits them alike; best of the rounds.
for (const p of widths) {
  const wasmRun = jsRunner(p, "wasm");
  const jsRun = jsRunner(p, "js");
  const best = { c: 0, cFast: 0, wasm: 0, js: 0 };
  for (let r = 0; r < repeats; r++) {
    if (cBinary) best.c = Math.max(best.c, cRate(p, cBinary));
    best.wasm = Math.max(best.wasm, wasmRun());
    if (cFastBinary) best.cFast = Math.max(best.cFast, cRate(p, cFastBinary));
    best.js = Math.max(best.js, jsRun());
  }
  rows.push({ p, c: best.c || undefined, cFast: best.cFast || undefined, wasm: best.wasm, js: best.js });
}
const loadAfter = loadavg()[0];
if (cDir) rmSync(cDir, { recursive: true, force: true });

console.log(
  `online SGD, N = ${N}, p* = ${pStar}, quadratic, B = 1: steps/s (best of ${repeats} interleaved rounds × ${seconds} s)`,
);
console.log(
  `${"p".padStart(4)} ${"C -O3".padStart(9)} ${"wasm SIMD".padStart(10)} ${"".padStart(8)} ${"plain JS".padStart(9)} ${"".padStart(8)} ${"C -ffast-math".padStart(14)} ${"".padStart(8)}`,
);
for (const { p, c, cFast, wasm, js } of rows) {
  console.log(
    `${String(p).padStart(4)} ${(c ? fmt(c) : "n/a").padStart(9)} ${fmt(wasm).padStart(10)} ${ratio(wasm, c).padStart(8)} ${fmt(js).padStart(9)} ${ratio(js, c).padStart(8)} ${(cFast ? fmt(cFast) : "n/a").padStart(14)} ${ratio(cFast ?? 0, c).padStart(8)}`,
  );
}
console.log("ratios are to C -O3 (plain C loops, IEEE order, like the wasm and JS kernels)");
if (!cBinary) console.log("(gcc not found: no C baseline)");
console.log(
  `load average ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)} on ${availableParallelism()} cores (shared machine: ratios are the robust figure)`,
);
