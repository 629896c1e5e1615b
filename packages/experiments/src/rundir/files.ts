// A run directory (the output contract): config.json, snapshots.jsonl, summary.json, plus checkpoint.json
// and status.json that let a killed run resume and let `pupil watch` follow a run.
import type { Hash } from "node:crypto";
import { createHash } from "node:crypto";
import {
  closeSync,
  existsSync,
  ftruncateSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import type { Snapshot } from "@pupil/plugin";
import type { ResolvedConfig } from "../config/resolve.js";
import { parseStrictJson } from "../config/strict-json.js";
import { stripWallClock } from "../run/engine.js";
import type { EngineState } from "../run/source.js";
import {
  CHECKPOINT_FORMAT,
  type CheckpointFile as CheckpointOf,
  sha256,
  verifyResume,
} from "./checkpoint.js";
import { ioReason, RunDirError, runDirError } from "./errors.js";
import { snapshotLine } from "./jsonl.js";
import { acquireLock, LOCK_FILE, type RunLock } from "./lock.js";
import { prepareOutDir } from "./out-dir.js";

export const RUN_FILES = {
  config: "config.json",
  snapshots: "snapshots.jsonl",
  summary: "summary.json",
  checkpoint: "checkpoint.json",
  status: "status.json",
} as const;

export type RunState = "running" | "paused" | "done" | "diverged" | "interrupted" | "failed";

export interface RunStatusFile {
  state: RunState;
  updated: string;
  message?: string;
  alpha?: number;
  step?: number;
}

/** checkpoint.json: the engine's state plus what it belongs to (see checkpoint.ts). */
export type CheckpointFile = CheckpointOf<EngineState>;

/** Writes JSON atomically (temp file + rename), so a kill never leaves half a file. */
export function writeJsonAtomic(file: string, value: unknown): void {
  writeTextAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

export function writeTextAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** Reads a JSON file strictly (duplicate keys, __proto__, too deep refused); a RunDirError naming it. */
export function readJson<T>(file: string): T {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw runDirError(`cannot read ${file}`, file, undefined, `a readable file (${ioReason(error)})`);
  }
  try {
    return parseStrictJson(text) as T;
  } catch (error) {
    throw runDirError(
      `${file} is not valid JSON`,
      file,
      "(file contents)",
      `valid JSON (${(error as Error).message})`,
    );
  }
}

const isDirectory = (dir: string) => {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
};

export function isRunDir(dir: string): boolean {
  return existsSync(join(dir, RUN_FILES.config)) && existsSync(join(dir, RUN_FILES.snapshots));
}

export class RunDirWriter {
  readonly dir: string;
  #fd: number;
  #bytes: number;
  #count: number;
  /** sha256 of snapshots.jsonl so far, continued write by write (copied at each checkpoint). */
  #hash: Hash;
  #configSha256: string;
  #lock: RunLock;
  /** A resumed log is cut back to its checkpoint only at the first write, so a run that fails to start changes nothing. */
  #cutPending: boolean;

  private constructor(
    dir: string,
    fd: number,
    at: { bytes: number; count: number; hash: Hash; configSha256: string; lock: RunLock; cut: boolean },
  ) {
    this.dir = dir;
    this.#fd = fd;
    this.#bytes = at.bytes;
    this.#count = at.count;
    this.#hash = at.hash;
    this.#configSha256 = at.configSha256;
    this.#lock = at.lock;
    this.#cutPending = at.cut;
  }

  /**
   * Starts a new run directory (created if missing, after checking the path: see prepareOutDir) and
   * takes its lock; refuses one that already holds a run (use resume for that).
   */
  static create(dir: string, config: ResolvedConfig & { pupil?: unknown }, flag = "--out"): RunDirWriter {
    if (isDirectory(dir)) {
      if (existsSync(join(dir, RUN_FILES.config))) {
        throw runDirError(
          `${dir} already holds a run`,
          flag,
          dir,
          "a directory that holds no run yet (use --resume DIR to continue a run)",
        );
      }
      // A lock alone is what a writer killed before its first file leaves; acquireLock judges it.
      if (readdirSync(dir).some((f) => !f.startsWith(".") && f !== LOCK_FILE)) {
        throw runDirError(`${dir} is not empty`, flag, dir, "a new or empty directory");
      }
    }
    prepareOutDir(dir, flag);
    const lock = acquireLock(dir, flag);
    try {
      const text = `${JSON.stringify(config, null, 2)}\n`;
      writeTextAtomic(join(dir, RUN_FILES.config), text);
      const fd = openSync(join(dir, RUN_FILES.snapshots), "w");
      const writer = new RunDirWriter(dir, fd, {
        bytes: 0,
        count: 0,
        hash: createHash("sha256"),
        configSha256: sha256(text),
        lock,
        cut: false,
      });
      writer.status({ state: "running" });
      return writer;
    } catch (error) {
      lock.release();
      if (error instanceof RunDirError) throw error;
      throw runDirError(
        `cannot write the run directory ${dir}`,
        flag,
        dir,
        `a writable directory (${ioReason(error)})`,
      );
    }
  }

  /**
   * Reopens an unfinished run at its last checkpoint. Takes the run lock (refused while a live process
   * holds it), then verifies config.json, checkpoint.json and the log prefix (see checkpoint.ts) before
   * anything is changed; snapshots.jsonl is cut back to the checkpoint at the first write.
   */
  static resume(dir: string): {
    writer: RunDirWriter;
    config: Record<string, unknown>;
    checkpoint?: CheckpointFile;
  } {
    if (!isRunDir(dir)) {
      throw runDirError(
        `cannot resume ${dir}: it is not a run directory`,
        "--resume",
        dir,
        "a run directory (with config.json and snapshots.jsonl)",
      );
    }
    if (existsSync(join(dir, RUN_FILES.summary))) {
      throw runDirError(
        `cannot resume ${dir}: the run is finished`,
        "--resume",
        dir,
        "an unfinished run (this one has summary.json: it is done)",
      );
    }
    const lock = acquireLock(dir, "--resume");
    try {
      const verified = verifyResume(dir, RUN_FILES);
      const fd = openSync(join(dir, RUN_FILES.snapshots), "r+");
      const checkpoint = verified.checkpoint as CheckpointFile | undefined;
      const writer = new RunDirWriter(dir, fd, {
        bytes: checkpoint?.bytes ?? 0,
        count: checkpoint?.snapshots ?? 0,
        hash: verified.logHash,
        configSha256: sha256(verified.configText),
        lock,
        cut: true,
      });
      return { writer, config: verified.config, checkpoint };
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  get snapshotsWritten(): number {
    return this.#count;
  }

  #cut(): void {
    if (!this.#cutPending) return;
    ftruncateSync(this.#fd, this.#bytes);
    this.#cutPending = false;
  }

  write(snapshot: Snapshot): void {
    this.#cut();
    const buf = Buffer.from(snapshotLine(stripWallClock(snapshot)), "utf8");
    writeSync(this.#fd, buf, 0, buf.length, this.#bytes);
    this.#hash.update(buf);
    this.#bytes += buf.length;
    this.#count += 1;
  }

  checkpoint(state: EngineState): void {
    this.#cut();
    const file: CheckpointFile = {
      format: CHECKPOINT_FORMAT,
      bytes: this.#bytes,
      snapshots: this.#count,
      configSha256: this.#configSha256,
      logSha256: this.#hash.copy().digest("hex"),
      state,
    };
    writeJsonAtomic(join(this.dir, RUN_FILES.checkpoint), file);
  }

  status(status: Omit<RunStatusFile, "updated">): void {
    writeJsonAtomic(join(this.dir, RUN_FILES.status), { ...status, updated: new Date().toISOString() });
  }

  summary(summary: unknown): void {
    this.#cut();
    writeJsonAtomic(join(this.dir, RUN_FILES.summary), summary);
  }

  /** Closes the log and releases the run lock (also when the directory is gone). */
  close(): void {
    if (this.#fd >= 0) {
      try {
        closeSync(this.#fd);
      } catch {}
    }
    this.#fd = -1;
    try {
      this.#lock.release();
    } catch {}
  }
}
