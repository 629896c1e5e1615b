// Conv-net training throughput on tfjs: the teacher and student conv nets (28×28×1, 10 classes, Adam) on the
// wasm backend with @pupil/tfjs-wasm-train's kernels, beside the forward-only throughput of the same nets on
// wasm and the training throughput on the cpu backend, all in one run. Plain tfjs-backend-wasm cannot train
// them at all (no Conv2DBackpropFilter): the run shows that first. Then two seeds at once in two worker threads.
// Run after a build: `pnpm bench conv` (bundled from the workspace sources with esbuild).
import { mkdirSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const BATCH = 64;
const SECONDS = quick ? 2 : 6;

async function bundle() {
  const outfile = join(here, "..", "node_modules", ".bench", `conv-${process.pid}.mjs`);
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    stdin: {
      contents:
        'export * from "@pupil/models"; export { registerTrainingKernels } from "@pupil/tfjs-wasm-train";',
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
  return outfile;
}

/** Synthetic images and labels (throughput does not depend on the values). */
function batchData(n) {
  const x = new Float32Array(n * 784);
  for (let i = 0; i < x.length; i++) x[i] = Math.sin(i * 0.37) * 0.5 + 0.5;
  const y = Int32Array.from({ length: n }, (_, i) => i % 10);
  return { x, y };
}

/** Samples per second of `step` (one batch) over about `seconds`, after one warm-up step. */
function rate(step, seconds, minSteps = 1) {
  step();
  let steps = 0;
  const t0 = performance.now();
  while (steps < minSteps || performance.now() - t0 < seconds * 1000) {
    step();
    steps += 1;
  }
  return (steps * BATCH) / ((performance.now() - t0) / 1000);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Training and forward-only samples/s of one net on the current backend. On wasm the two alternate in short
 * rounds and the medians are reported (with the median per-round ratio), so a load spike from other jobs on the
 * shared machine hits both sides alike.
 */
function measure(m, specFn, backend, seconds) {
  const spec = specFn(10);
  const net = new m.ConvNet(tf, spec, { seed: 1 });
  const trainer = new m.ConvTrainer({ tf, net, optimizer: { type: "adam", lr: 1e-3 } });
  const { x, y } = batchData(BATCH);
  const xt = tf.tensor4d(x, [BATCH, 28, 28, 1]);
  const yt = tf.tensor1d(y, "int32");
  const trainStep = () => trainer.trainStep(xt, yt);
  const forwardStep = () => {
    const out = tf.tidy(() => net.forward(xt).logits);
    out.dataSync();
    out.dispose();
  };
  let result;
  if (backend === "cpu") {
    result = { train: rate(trainStep, seconds, 1), forward: null, ratio: null };
  } else {
    const rounds = quick ? 3 : 7;
    const train = [];
    const forward = [];
    for (let r = 0; r < rounds; r++) {
      train.push(rate(trainStep, seconds / rounds, 2));
      forward.push(rate(forwardStep, seconds / rounds, 2));
    }
    result = {
      train: median(train),
      forward: median(forward),
      ratio: median(train.map((t, i) => t / forward[i])),
    };
  }
  tf.dispose([xt, yt]);
  trainer.dispose();
  net.dispose();
  return { ...result, macs: m.convMacsPerImage(spec) };
}

if (!isMainThread) {
  // Worker: train one seed of the student for the given time, report samples/s.
  const m = await import(pathToFileURL(workerData.bundle).href);
  await tf.setBackend("wasm");
  await tf.ready();
  m.registerTrainingKernels(tf, tf.findBackend("wasm"));
  const r = measure(m, m.convStudentSpec, "wasm", workerData.seconds);
  parentPort.postMessage(r.train);
} else {
  const bundlePath = await bundle();
  const m = await import(pathToFileURL(bundlePath).href);
  const f = (v) => (v === null ? "—" : v.toFixed(1));
  const load0 = loadavg();
  console.log(
    `batch ${BATCH}, Adam, synthetic 28×28×1 images; Node ${process.version}; load average ${load0.map((v) => v.toFixed(2)).join(" ")}`,
  );

  await tf.setBackend("wasm");
  await tf.ready();
  // Baseline proof: plain tfjs-backend-wasm cannot take a conv gradient.
  try {
    tf.tidy(() =>
      tf.grad((w) => tf.sum(tf.conv2d(tf.ones([1, 4, 4, 1]), w, 1, "same")))(tf.ones([3, 3, 1, 2])),
    );
    console.log("plain tfjs-backend-wasm: conv gradient works (unexpected)");
  } catch (e) {
    console.log(`plain tfjs-backend-wasm: ${String(e.message).split("\n")[0]}`);
  }
  m.registerTrainingKernels(tf, tf.findBackend("wasm"));
  const rows = [];
  for (const [name, specFn] of [
    ["teacher (ResNet-8-like)", m.convTeacherSpec],
    ["student (VGG-like)", m.convStudentSpec],
  ]) {
    await tf.setBackend("wasm");
    const wasm = measure(m, specFn, "wasm", SECONDS);
    await tf.setBackend("cpu");
    const cpu = measure(m, specFn, "cpu", quick ? 0.1 : 2);
    rows.push({ name, wasm, cpu });
  }
  console.log("");
  console.log(
    "| net | MACs/image | wasm train samples/s | wasm forward samples/s | train / forward | cpu train samples/s | wasm / cpu train |",
  );
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const { name, wasm, cpu } of rows) {
    console.log(
      `| ${name} | ${wasm.macs.toLocaleString("en-US")} | ${f(wasm.train)} | ${f(wasm.forward)} | ${wasm.ratio.toFixed(2)} | ${f(cpu.train)} | ${(wasm.train / cpu.train).toFixed(1)} |`,
    );
  }

  // The second core: two seeds at once, each in its own worker thread with its own wasm backend.
  await tf.setBackend("wasm");
  const single = measure(m, m.convStudentSpec, "wasm", SECONDS).train;
  const workers = await Promise.all(
    [0, 1].map(
      () =>
        new Promise((resolve, reject) => {
          const w = new Worker(fileURLToPath(import.meta.url), {
            workerData: { bundle: bundlePath, seconds: SECONDS },
          });
          w.once("message", resolve);
          w.once("error", reject);
        }),
    ),
  );
  const both = workers[0] + workers[1];
  console.log("");
  console.log(
    `student, two seeds in two worker threads: ${f(workers[0])} + ${f(workers[1])} = ${f(both)} samples/s vs one seed on the main thread ${f(single)} (× ${(both / single).toFixed(2)})`,
  );
  console.log(
    `load average at the end ${loadavg()
      .map((v) => v.toFixed(2))
      .join(" ")} (2 cores, shared)`,
  );
  process.exit(0);
}
