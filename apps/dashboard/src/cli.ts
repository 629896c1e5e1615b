#!/usr/bin/env node
// The `pupil` bin.
import { main } from "./main.js";
import { runInWorkerThreads } from "./registry.js";

runInWorkerThreads();

main(process.argv.slice(2)).then(
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
