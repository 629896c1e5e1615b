// The run lock: DIR/run.lock holds the pid and host of the process writing the directory. A second
// writer (a concurrent --resume) is refused while that process lives; a lock left by a killed process on
// this host (its pid is gone) is stale and taken over; `pupil watch` uses it to notice a dead writer.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { RunDirError } from "./errors.js";

export const LOCK_FILE = "run.lock";

export interface LockInfo {
  pid: number;
  host: string;
  started: string;
}

/** Whether a process with this pid exists on this machine (EPERM: it exists but is not ours). */
export function pidAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function readLock(dir: string): LockInfo | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, LOCK_FILE), "utf8");
  } catch {
    return undefined;
  }
  try {
    const v = JSON.parse(text) as Partial<LockInfo>;
    if (typeof v.pid === "number" && typeof v.host === "string")
      return { pid: v.pid, host: v.host, started: String(v.started ?? "") };
  } catch {}
  // A torn or foreign lock file: treat it as held by nobody we can check.
  return { pid: -1, host: "", started: "" };
}

/** "alive": a live process holds it; "dead": its process is gone (this host); "foreign": another host. */
export function lockHolder(lock: LockInfo): "alive" | "dead" | "foreign" {
  if (lock.host !== hostname()) return lock.host === "" ? "dead" : "foreign";
  if (lock.pid === process.pid) return "alive";
  return pidAlive(lock.pid) ? "alive" : "dead";
}

export interface RunLock {
  readonly dir: string;
  release(): void;
}

/**
 * Takes DIR/run.lock for this process, recovering a stale lock. Throws a RunDirError (exit 2) naming
 * `flag` when a live process (or a process on another host) holds it.
 */
export function acquireLock(dir: string, flag: string): RunLock {
  const file = join(dir, LOCK_FILE);
  const mine: LockInfo = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, "wx");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const held = readLock(dir);
      const state = held ? lockHolder(held) : "dead";
      if (state === "alive" || state === "foreign") {
        const who =
          state === "alive"
            ? `process ${held?.pid} on this host is still writing it`
            : `process ${held?.pid} on host ${held?.host} may still be writing it; delete ${file} if that process is gone`;
        throw new RunDirError(`${dir} is in use: ${who}`, [
          { path: flag, value: dir, expected: `a run directory no live process holds (${LOCK_FILE})` },
        ]);
      }
      // Stale: its writer died (SIGKILL, a crash, a lost node). Take it over.
      rmSync(file, { force: true });
      continue;
    }
    try {
      writeSync(fd, `${JSON.stringify(mine)}\n`);
    } finally {
      closeSync(fd);
    }
    let released = false;
    return {
      dir,
      release: () => {
        if (released) return;
        released = true;
        const now = readLock(dir);
        if (now && now.pid === mine.pid && now.host === mine.host) rmSync(file, { force: true });
      },
    };
  }
  throw new RunDirError(`${dir}: could not take ${LOCK_FILE}`, [
    { path: flag, value: dir, expected: "a run directory whose lock another process is not racing for" },
  ]);
}
