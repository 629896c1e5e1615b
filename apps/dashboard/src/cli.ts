#!/usr/bin/env node
// The `pupil` bin. A command that runs experiments starts its run worker first, so the worker boots on the
// other core while this thread loads the commands and checks the config; then main is loaded.
import { prewarmRunWorker } from "./worker-pool.js";

const argv = process.argv.slice(2);
const RUNS = ["run", "sweep", "demo"];
if (
  RUNS.includes(argv[0]) &&
  !argv.includes("--help") &&
  !argv.includes("-h") &&
  !argv.includes("--emit-jobs")
)
  prewarmRunWorker();

const [{ main }, { runInWorkerThreads }] = await Promise.all([import("./main.js"), import("./registry.js")]);
runInWorkerThreads();

main(argv).then(
  (code) => {
    process.exitCode = code;
    // Worker threads and Ink's stdin listeners must not keep a finished command alive.
    setTimeout(() => process.exit(code), 50).unref();
  },
  (error) => {
    process.stderr.write(`pupil: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
