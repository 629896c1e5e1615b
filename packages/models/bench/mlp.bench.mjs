// Float64Array route vs tfjs (wasm) on the same nets, the same weights and the same batches: optimiser steps
// per second and their ratio, and which route "auto" picks. Run after a build: `pnpm bench models`.
// Bundled from the workspace sources with esbuild (tsconfig paths), so the figures do not depend on a build.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const outfile = join(here, "..", "node_modules", ".bench", `mlp-${process.pid}.mjs`);
mkdirSync(dirname(outfile), { recursive: true });
await build({
  stdin: {
    contents:
      'export * from "@pupil/models"; export { relu } from "@pupil/plugin-activations"; export { createRng, chooseBackend } from "@pupil/tensors";',
    resolveDir: here,
    loader: "ts",
  },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  outfile,
  tsconfig: join(here, "..", "..", "..", "tsconfig.paths.json"),
  external: ["@tensorflow/*"],
  logLevel: "warning",
});
const {
  F64Engine,
  TfEngine,
  chooseBackend,
  chooseRoute,
  createRng,
  gaussianInputs,
  initParams,
  macsPerSample,
  relu,
  resolveOptimizer,
} = await import(pathToFileURL(outfile).href);

const backend = await chooseBackend(tf);

const nets = [
  {
    name: "specialization student 20→50→10, SGD batch 16",
    dims: [20, 50, 10],
    batch: 16,
    opt: { type: "sgd", lr: 0.01 },
  },
  { name: "MLP 20→100→10, SGD batch 64", dims: [20, 100, 10], batch: 64, opt: { type: "sgd", lr: 0.01 } },
  {
    name: "spectral student 10→40→10→1, Adam batch 300",
    dims: [10, 40, 10, 1],
    batch: 300,
    opt: { type: "adam", lr: 5e-3 },
    spectral: true,
  },
  {
    name: "spectral student 10→160→10→1, Adam batch 300",
    dims: [10, 160, 10, 1],
    batch: 300,
    opt: { type: "adam", lr: 5e-3 },
    spectral: true,
  },
  {
    name: "MLP 100→256→256→10, Adam batch 128",
    dims: [100, 256, 256, 10],
    batch: 128,
    opt: { type: "adam", lr: 1e-3 },
  },
  {
    name: "MLP 784→512→512→10, Adam batch 256",
    dims: [784, 512, 512, 10],
    batch: 256,
    opt: { type: "adam", lr: 1e-3 },
  },
];

function specOf(dims, spectral) {
  return {
    inputDim: dims[0],
    layers: dims.slice(1).map((units, i) => ({
      kind: spectral && i === 0 ? "spectral" : "dense",
      units,
      activation: i < dims.length - 2 ? relu : null,
      bias: !spectral,
    })),
  };
}

function time(engine, order, batch, n, minMs) {
  let steps = 0;
  let start = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < minMs) {
    for (let k = 0; k < 10; k++) {
      engine.trainBatch(order, start, batch, 1e-3);
      start = (start + batch) % (n - batch);
      steps += 1;
    }
    t = performance.now();
  }
  return (steps * 1000) / (t - t0);
}

const rows = [
  `tfjs backend: ${backend}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
  "",
  "| net | MACs/step | f64 steps/s | tfjs steps/s | f64 / tfjs | auto picks |",
  "| --- | ---: | ---: | ---: | ---: | --- |",
];
for (const r of rows) console.log(r);
for (const net of nets) {
  const spec = specOf(net.dims, net.spectral);
  const rng = createRng(1);
  const params = initParams(spec, rng);
  const n = net.batch * 8;
  const x = gaussianInputs(rng, n, spec.inputDim);
  const y = gaussianInputs(rng, n, net.dims[net.dims.length - 1]);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const opt = resolveOptimizer(net.opt);
  const f64 = new F64Engine(spec, params, opt, net.batch).bind({ x, y });
  const tfe = new TfEngine(tf, spec, params, opt).bind({ x, y });
  time(f64, order, net.batch, n, 200); // warm-up
  time(tfe, order, net.batch, n, 200);
  const a = time(f64, order, net.batch, n, 1500);
  const b = time(tfe, order, net.batch, n, 1500);
  tfe.dispose();
  const macs = macsPerSample(spec) * net.batch;
  const row = `| ${net.name} | ${macs.toLocaleString("en")} | ${a.toFixed(1)} | ${b.toFixed(1)} | ${(a / b).toFixed(2)} | ${chooseRoute(spec, net.batch, true)} |`;
  console.log(row);
  rows.push(row);
}
// `--readme` writes the table into the package README between the bench markers.
if (process.argv.includes("--readme")) {
  const readme = join(here, "..", "README.md");
  const text = readFileSync(readme, "utf8");
  const start = "<!-- bench-results:start -->";
  const end = "<!-- bench-results:end -->";
  const body = `${rows.join("\n")}\n\nCommand: \`node bench/mlp.bench.mjs --readme\` (machine shared with other jobs: ratios are indicative).\n`;
  writeFileSync(
    readme,
    `${text.slice(0, text.indexOf(start) + start.length)}\n${body}${text.slice(text.indexOf(end))}`,
  );
}
