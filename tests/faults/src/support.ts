// Shared helpers of the fault suite: the BUILT `pupil` binary in a child process, in a scratch directory.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { bin, childEnv, type PupilOptions, type Result, runPupil, settle } from "../../support/pupil-bin.js";

export { bin, type PupilOptions, type Result, root } from "../../support/pupil-bin.js";

export function pupil(args: string[], options: PupilOptions): Promise<Result> {
  return runPupil(args, options);
}

/** A shell pipeline (`bash -c`, pipefail off): returns pupil's own exit code through PIPESTATUS. */
export function shell(
  script: string,
  cwd: string,
  timeoutMs = 60_000,
): Promise<Result & { pupilCode: number }> {
  const full = `${script}; echo "PUPIL_EXIT=\${PIPESTATUS[0]}" >&2`;
  const child = spawn("bash", ["-c", full], {
    cwd,
    env: childEnv({ PUPIL: `${process.execPath} ${bin}` }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  return settle(child, timeoutMs).then((r) => {
    const m = /PUPIL_EXIT=(\d+)\n?$/.exec(r.stderr);
    return {
      ...r,
      stderr: r.stderr.replace(/PUPIL_EXIT=\d+\n?$/, ""),
      pupilCode: m ? Number(m[1]) : -1,
    };
  });
}

export function scratch(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `pupil-faults-${prefix}-`));
}

export function subdir(base: string, name: string): string {
  const d = join(base, name);
  mkdirSync(d, { recursive: true });
  return d;
}

/** Every file under `dir` with its bytes, for "nothing was changed" comparisons. */
export function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        out[`${relative(dir, p)}/`] = "";
        walk(p);
      } else out[relative(dir, p)] = readFileSync(p, "latin1");
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

export const lineCount = (file: string) =>
  existsSync(file) ? readFileSync(file, "utf8").split("\n").length - 1 : 0;

/** A seeded uniform in [0, 1): the "random moments" are reproducible from the seed in the test name. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Sends `signal` once snapshots.jsonl in `dir` has more than `lines` lines (polled every 10 ms). */
export function signalAfterLines(
  child: ChildProcess,
  file: string,
  lines: number,
  signal: NodeJS.Signals,
): void {
  const timer = setInterval(() => {
    if (lineCount(file) > lines) {
      clearInterval(timer);
      child.kill(signal);
    }
  }, 10);
  child.once("exit", () => clearInterval(timer));
}

/** Small configs: a paired run (ODE + simulation, a few seconds) and a short training run. */
export const paired = {
  name: "faults-paired",
  kind: "paired",
  seed: 4,
  N: 500,
  lr: 0.3,
  alphaMax: 60,
  model: { activation: "quadratic", p: 3, pStar: 2 },
  record: { perDecade: 12 },
  checkpoint: { every: 2 },
};

export const trainArgs = [
  "specialization",
  ...["--set", "train.epochs=24", "--set", "train.evalEvery=1", "--set", "checkpoint.every=2"],
  ...["--set", "train.data.train=1500", "--set", "train.data.test=300"],
];
