// A run directory (the output contract): config.json, snapshots.jsonl, summary.json, plus checkpoint.json
// and status.json that let a killed run resume and let `pupil watch` follow a run.
import {
  closeSync,
  existsSync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import type { Snapshot } from "@pupil/plugin";
import { ConfigError } from "../config/errors.js";
import type { ResolvedConfig } from "../config/resolve.js";
import { stripWallClock } from "../run/engine.js";
import type { EngineState } from "../run/source.js";
import { snapshotLine } from "./jsonl.js";

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

export interface CheckpointFile {
  /** Bytes of snapshots.jsonl that belong to the run at this checkpoint. */
  bytes: number;
  /** Snapshots written up to it. */
  snapshots: number;
  state: EngineState;
}

/** Writes JSON atomically (temp file + rename), so a kill never leaves half a file. */
export function writeJsonAtomic(file: string, value: unknown): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(tmp, file);
}

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

export function isRunDir(dir: string): boolean {
  return existsSync(join(dir, RUN_FILES.config)) && existsSync(join(dir, RUN_FILES.snapshots));
}

export class RunDirWriter {
  readonly dir: string;
  #fd: number;
  #bytes: number;
  #count: number;

  private constructor(dir: string, fd: number, bytes: number, count: number) {
    this.dir = dir;
    this.#fd = fd;
    this.#bytes = bytes;
    this.#count = count;
  }

  /** Starts a new run directory; refuses one that already holds a run (use resume for that). */
  static create(dir: string, config: ResolvedConfig & { pupil?: unknown }): RunDirWriter {
    if (existsSync(join(dir, RUN_FILES.config))) {
      throw new ConfigError([
        {
          path: "--out",
          value: dir,
          expected: "a directory that holds no run yet (use --resume DIR to continue a run)",
        },
      ]);
    }
    if (existsSync(dir) && readdirSync(dir).length > 0 && !readdirSync(dir).every((f) => f.startsWith("."))) {
      throw new ConfigError([{ path: "--out", value: dir, expected: "a new or empty directory" }]);
    }
    mkdirSync(dir, { recursive: true });
    writeJsonAtomic(join(dir, RUN_FILES.config), config);
    const fd = openSync(join(dir, RUN_FILES.snapshots), "w");
    const writer = new RunDirWriter(dir, fd, 0, 0);
    writer.status({ state: "running" });
    return writer;
  }

  /** Reopens a run at its last checkpoint: snapshots.jsonl is cut back to what the checkpoint covers. */
  static resume(dir: string): {
    writer: RunDirWriter;
    config: Record<string, unknown>;
    checkpoint?: CheckpointFile;
  } {
    if (!isRunDir(dir)) {
      throw new ConfigError([
        { path: "--resume", value: dir, expected: "a run directory (with config.json and snapshots.jsonl)" },
      ]);
    }
    if (existsSync(join(dir, RUN_FILES.summary))) {
      throw new ConfigError([
        {
          path: "--resume",
          value: dir,
          expected: "an unfinished run (this one has summary.json: it is done)",
        },
      ]);
    }
    const config = readJson<Record<string, unknown>>(join(dir, RUN_FILES.config));
    const cpFile = join(dir, RUN_FILES.checkpoint);
    const checkpoint = existsSync(cpFile) ? readJson<CheckpointFile>(cpFile) : undefined;
    const fd = openSync(join(dir, RUN_FILES.snapshots), "r+");
    const bytes = checkpoint?.bytes ?? 0;
    if (fstatSync(fd).size < bytes) {
      closeSync(fd);
      throw new ConfigError([
        { path: "--resume", value: dir, expected: "snapshots.jsonl at least as long as its checkpoint says" },
      ]);
    }
    ftruncateSync(fd, bytes);
    const writer = new RunDirWriter(dir, fd, bytes, checkpoint?.snapshots ?? 0);
    writer.status({ state: "running" });
    return { writer, config, checkpoint };
  }

  get snapshotsWritten(): number {
    return this.#count;
  }

  write(snapshot: Snapshot): void {
    const buf = Buffer.from(snapshotLine(stripWallClock(snapshot)), "utf8");
    writeSync(this.#fd, buf, 0, buf.length, this.#bytes);
    this.#bytes += buf.length;
    this.#count += 1;
  }

  checkpoint(state: EngineState): void {
    const file: CheckpointFile = { bytes: this.#bytes, snapshots: this.#count, state };
    writeJsonAtomic(join(this.dir, RUN_FILES.checkpoint), file);
  }

  status(status: Omit<RunStatusFile, "updated">): void {
    writeJsonAtomic(join(this.dir, RUN_FILES.status), { ...status, updated: new Date().toISOString() });
  }

  summary(summary: unknown): void {
    writeJsonAtomic(join(this.dir, RUN_FILES.summary), summary);
  }

  close(): void {
    if (this.#fd >= 0) closeSync(this.#fd);
    this.#fd = -1;
  }
}
