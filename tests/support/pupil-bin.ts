// The BUILT `pupil` binary in a child process, shared by the suites that drive it end to end (cli-e2e,
// faults, slurm): CI-like environment, colour off, output collected, an optional kill timer.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

export const root = join(import.meta.dirname, "..", "..");
export const bin = join(root, "apps", "dashboard", "dist", "cli.js");

export interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface PupilOptions {
  cwd: string;
  env?: Record<string, string>;
  onSpawn?: (child: ChildProcess) => void;
  /** Kill the child (SIGKILL) after this many ms; the test then fails on its exit code. */
  timeoutMs?: number;
}

/** Collects a child's output and resolves with its exit once it closes (or kills it at the timeout). */
export function settle(child: ChildProcess, timeoutMs: number): Promise<Result> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d) => {
      stdout += d;
    });
    child.stderr?.on("data", (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export const childEnv = (extra?: Record<string, string>): NodeJS.ProcessEnv => ({
  ...process.env,
  CI: "true",
  FORCE_COLOR: "0",
  ...extra,
});

export function runPupil(args: string[], options: PupilOptions): Promise<Result> {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: options.cwd,
    env: childEnv(options.env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const result = settle(child, options.timeoutMs ?? 60_000);
  options.onSpawn?.(child);
  return result;
}
