// Benchmark of @pupil/tensors' hot paths against a plain C loop of the same algorithm (gcc -O3 -march=native),
// run in the same process tree. Needs the built package (`pnpm build`); prints ns per item and the JS/C ratio.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRng, dot, gemv, ger, rankUpdate } from "../dist/index.js";

function best(items, body) {
  let min = Number.POSITIVE_INFINITY;
  for (let rep = 0; rep < 7; rep++) {
    const t0 = performance.now();
    body();
    min = Math.min(min, performance.now() - t0);
  }
  return (min * 1e6) / items;
}

const N = 1_000_000;
const P = 8;
const D = 10_000;
const K = 4;
const rng = createRng("bench");
const buf = new Float64Array(N);
const A = rng.fillNormal(new Float64Array(P * D));
const x = rng.fillNormal(new Float64Array(D));
const U = rng.fillNormal(new Float64Array(P * K));
const Xk = rng.fillNormal(new Float64Array(D * K));
const out = new Float64Array(P);
let sink = 0;
const js = {
  fillUniform: best(N, () => rng.fillUniform(buf)),
  fillNormal: best(N, () => rng.fillNormal(buf)),
  dot: best(100 * D, () => {
    for (let r = 0; r < 100; r++) sink += dot(D, A, x);
  }),
  gemv: best(100 * P * D, () => {
    for (let r = 0; r < 100; r++) gemv(P, D, A, x, out);
  }),
  ger: best(100 * P * D, () => {
    for (let r = 0; r < 100; r++) ger(P, D, 1e-9, out, x, A);
  }),
  rankUpdate4: best(100 * P * D, () => {
    for (let r = 0; r < 100; r++) rankUpdate(P, D, K, 1e-9, U, Xk, A);
  }),
};

let c = {};
try {
  const dir = mkdtempSync(join(tmpdir(), "pupil-tensors-bench-"));
  const exe = join(dir, "kernels");
  execFileSync("gcc", ["-O3", "-march=native", "-o", exe, join(import.meta.dirname, "kernels.c"), "-lm"], {
    stdio: "pipe",
  });
  const run = spawnSync(exe, { encoding: "utf8" });
  c = Object.fromEntries(
    run.stdout
      .trim()
      .split("\n")
      .map((line) => line.split(" "))
      .map(([name, ns]) => [name, Number(ns)]),
  );
} catch (error) {
  console.log(`(no C baseline: ${error.message.split("\n")[0]})`);
}

console.log(`sizes: fills of ${N}; dot/gemv/ger/rankUpdate with p = ${P}, N = ${D}, k = ${K}`);
console.log("kernel        JS ns/item   C ns/item   JS/C");
for (const [name, ns] of Object.entries(js)) {
  const base = c[name];
  const ratio = base ? (ns / base).toFixed(2) : "-";
  console.log(
    `${name.padEnd(13)} ${ns.toFixed(3).padStart(10)} ${base ? base.toFixed(3).padStart(11) : "          -"} ${ratio.padStart(6)}`,
  );
}
if (!Number.isFinite(sink)) console.log("");
