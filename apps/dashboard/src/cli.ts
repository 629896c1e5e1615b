#!/usr/bin/env node
// The `pupil` bin. A command whose runs go to worker threads (a sweep; a run or demo with the dashboard)
// starts its run worker first, so the worker boots on the other core while this thread loads the commands
// and checks the config; then main is loaded. A run without the dashboard stays on this thread.
import { interactiveTerminal } from "./io.js";

const argv = process.argv.slice(2);
const help = argv.includes("--help") || argv.includes("-h");
const dashboard = interactiveTerminal() && !argv.includes("--no-ui") && !argv.includes("--json");
const usesWorkers =
  (argv[0] === "sweep" && !argv.includes("--emit-jobs")) ||
  ((argv[0] === "run" || argv[0] === "demo") && dashboard);
// node:worker_threads itself loads only for these commands.
const prewarm = usesWorkers && !help && import("./worker-pool.js").then((m) => m.prewarmRunWorker());

const [{ main }, { runInWorkerThreads }] = await Promise.all([
  import("./main.js"),
  import("./registry.js"),
  prewarm,
]);
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
