// Suites that need built artifacts (the `pupil` binary, packed tarballs) build the workspace through turbo.
// vitest runs test files in parallel, and two uncached turbo builds at once rewrite the same dist folders
// under each other's feet, so the first suite of a vitest run builds while holding a lock and leaves a
// marker; the others wait for the lock and then find the marker.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");
const cache = join(root, "node_modules", ".cache", "pupil-tests");
const lock = join(cache, "build.lock");
const marker = join(cache, "built-by");

/** The vitest run this worker belongs to: workers are children of the same vitest process. */
const runId = String(process.ppid);

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** A lock left by a killed test run must not block the next one. */
function holderIsGone(): boolean {
  try {
    process.kill(Number(readFileSync(join(lock, "pid"), "utf8")), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

export function buildWorkspaceOnce(timeoutMs = 15 * 60_000): void {
  mkdirSync(cache, { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, "pid"), String(process.pid));
      break;
    } catch {
      if (holderIsGone()) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`buildWorkspaceOnce: ${lock} held for over ${timeoutMs} ms`);
      sleep(250);
    }
  }
  try {
    if (existsSync(marker) && readFileSync(marker, "utf8") === runId) return;
    execFileSync("pnpm", ["turbo", "run", "build", "--output-logs=errors-only"], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, CI: "true" },
    });
    writeFileSync(marker, runId);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
