// Each training kernel beside the forward kernel it mirrors, on the conv layers of pupil's conv nets (batch 64):
// XNNPACK's forward Conv2D vs the SIMD Conv2DBackpropFilter / Conv2DBackpropInput (and tfjs-backend-wasm's own
// Conv2DBackpropInput), MaxPool vs MaxPoolGrad. Same run, same shapes; medians of alternating rounds.
// Run after a build: `pnpm bench kernels` (bundled from the sources with esbuild).
import { mkdirSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const outfile = join(here, "..", "node_modules", ".bench", `kernels-${process.pid}.mjs`);
mkdirSync(dirname(outfile), { recursive: true });
await build({
  entryPoints: [join(here, "..", "src", "index.ts")],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  outfile,
  external: ["@tensorflow/*"],
  logLevel: "warning",
});
const { registerTrainingKernels } = await import(pathToFileURL(outfile).href);

await tf.setBackend("wasm");
await tf.ready();
const B = 64;
const ROUNDS = process.argv.includes("--quick") ? 3 : 7;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Milliseconds per call of each function, alternating them round by round. */
function timeAll(fns) {
  const ms = fns.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    fns.forEach((f, i) => {
      f();
      const t0 = performance.now();
      for (let k = 0; k < 3; k++) f();
      ms[i].push((performance.now() - t0) / 3);
    });
  }
  return ms.map(median);
}

const run = (name, inputs, attrs) => () => tf.engine().runKernel(name, inputs, attrs).dispose();
const layers = [
  ["28×28, 1→8 (student stem)", 28, 1, 8, 1],
  ["28×28, 1→16 (teacher stem)", 28, 1, 16, 1],
  ["14×14, 8→16", 14, 8, 16, 1],
  ["14×14, 16→16 (residual)", 14, 16, 16, 1],
  ["14×14→7×7, 16→32 stride 2", 14, 16, 32, 2],
  ["7×7, 16→32", 7, 16, 32, 1],
  ["7×7, 32→32 (residual)", 7, 32, 32, 1],
];
console.log(
  `batch ${B}; load average ${loadavg()
    .map((v) => v.toFixed(2))
    .join(" ")}`,
);
console.log("");
console.log(
  "| conv layer (3×3, same) | forward (XNNPACK) ms | filter grad ms | input grad ms | tfjs input grad ms | filter / forward | input / forward |",
);
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const [name, H, ci, co, s] of layers) {
  const x = tf.randomNormal([B, H, H, ci]);
  const w = tf.randomNormal([3, 3, ci, co]);
  const y = tf.conv2d(x, w, s, "same");
  const dy = tf.randomNormal(y.shape);
  const conv = { strides: s, pad: "same", dataFormat: "NHWC" };
  const forward = () => tf.conv2d(x, w, s, "same").dispose();
  const inputGrad = run("Conv2DBackpropInput", { dy, filter: w }, { ...conv, inputShape: x.shape });
  const [tfjsInput] = timeAll([inputGrad]);
  const handle = registerTrainingKernels(tf);
  const filterGrad = run("Conv2DBackpropFilter", { x, dy }, { ...conv, filterShape: w.shape });
  const [fwd, filt, inp] = timeAll([forward, filterGrad, inputGrad]);
  handle.unregister();
  console.log(
    `| ${name} | ${fwd.toFixed(2)} | ${filt.toFixed(2)} | ${inp.toFixed(2)} | ${tfjsInput.toFixed(2)} | ${(filt / fwd).toFixed(2)} | ${(inp / fwd).toFixed(2)} |`,
  );
  tf.dispose([x, w, y, dy]);
}
console.log("");
console.log("| max pool 2×2 | forward ms | grad ms (ours) | grad ms (tfjs) |");
console.log("| --- | ---: | ---: | ---: |");
for (const [H, C] of [
  [28, 8],
  [28, 16],
  [14, 16],
]) {
  const x = tf.randomNormal([B, H, H, C]);
  const y = tf.maxPool(x, 2, 2, "valid");
  const dy = tf.randomNormal(y.shape);
  const grad = run("MaxPoolGrad", { dy, input: x, output: y }, { filterSize: 2, strides: 2, pad: "valid" });
  const [tfjsGrad] = timeAll([grad]);
  const handle = registerTrainingKernels(tf);
  const [fwd, ours] = timeAll([() => tf.maxPool(x, 2, 2, "valid").dispose(), grad]);
  handle.unregister();
  console.log(`| ${H}×${H}×${C} | ${fwd.toFixed(2)} | ${ours.toFixed(2)} | ${tfjsGrad.toFixed(2)} |`);
  tf.dispose([x, y, dy]);
}
console.log(
  `\nload average at the end ${loadavg()
    .map((v) => v.toFixed(2))
    .join(" ")} (2 cores, shared)`,
);
