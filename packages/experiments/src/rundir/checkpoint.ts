// checkpoint.json carries what it belongs to: the sha256 of config.json and the byte length and sha256
// of the snapshots.jsonl prefix it covers. `--resume` checks all of it before touching anything, so a
// checkpoint from another run, a garbage or torn file, an offset mid-line, a log corrupted before the
// checkpoint or an edited config.json are refused (exit 2) with the directory as it was.
// The engine's state inside is opaque here: it is stored and handed back as is.
import { createHash, type Hash } from "node:crypto";
import { closeSync, existsSync, openSync, readFileSync, readSync } from "node:fs";
import { join } from "node:path";
import { parseStrictJson } from "../config/strict-json.js";
import { runDirError } from "./errors.js";

export const CHECKPOINT_FORMAT = "pupil-checkpoint/2";

export interface CheckpointFile<State = unknown> {
  format: typeof CHECKPOINT_FORMAT;
  /** Bytes of snapshots.jsonl that belong to the run at this checkpoint. */
  bytes: number;
  /** Snapshots (lines) written up to it. */
  snapshots: number;
  /** sha256 (hex) of config.json as written when the run started. */
  configSha256: string;
  /** sha256 (hex) of the first `bytes` bytes of snapshots.jsonl. */
  logSha256: string;
  /** The engine's state, opaque to the run directory. */
  state: State;
}

export const sha256 = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");

/** A checked resume point: the config text and, when there is one, the verified checkpoint. */
export interface VerifiedResume {
  configText: string;
  config: Record<string, unknown>;
  checkpoint?: CheckpointFile;
  /** sha256 over the covered log prefix, ready to be continued by the writer. */
  logHash: Hash;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Reads and verifies DIR for --resume; throws a RunDirError (exit 2) and changes nothing on any doubt. */
export function verifyResume(dir: string, files: { config: string; snapshots: string; checkpoint: string }) {
  const refuse = (what: string, expected: string) =>
    runDirError(`cannot resume ${dir}: ${what}; nothing was changed`, "--resume", dir, expected);

  const configText = readFileSync(join(dir, files.config), "utf8");
  let config: unknown;
  try {
    config = parseStrictJson(configText);
  } catch (error) {
    throw refuse(`${files.config} is not valid JSON (${(error as Error).message})`, "a readable run config");
  }
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw refuse(`${files.config} does not hold a JSON object`, "a run config object");
  }

  const cpPath = join(dir, files.checkpoint);
  const logHash = createHash("sha256");
  if (!existsSync(cpPath)) {
    // Killed before its first checkpoint: the run starts over (the whole log is cut).
    return { configText, config: config as Record<string, unknown>, logHash } satisfies VerifiedResume;
  }
  let cp: unknown;
  try {
    cp = parseStrictJson(readFileSync(cpPath, "utf8"));
  } catch (error) {
    throw refuse(
      `${files.checkpoint} is not valid JSON (${(error as Error).message})`,
      "a readable checkpoint",
    );
  }
  const c = cp as Partial<CheckpointFile>;
  const nat = (v: unknown) => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
  if (
    typeof cp !== "object" ||
    cp === null ||
    c.format !== CHECKPOINT_FORMAT ||
    !nat(c.bytes) ||
    !nat(c.snapshots) ||
    typeof c.configSha256 !== "string" ||
    !HEX64.test(c.configSha256) ||
    typeof c.logSha256 !== "string" ||
    !HEX64.test(c.logSha256) ||
    typeof c.state !== "object" ||
    c.state === null
  ) {
    throw refuse(
      `${files.checkpoint} is not a ${CHECKPOINT_FORMAT} checkpoint`,
      `a checkpoint written by this pupil (format, bytes, snapshots, configSha256, logSha256, state)`,
    );
  }
  const checkpoint = c as CheckpointFile;
  if (sha256(configText) !== checkpoint.configSha256) {
    throw refuse(
      `${files.config} is not the config this checkpoint was written for (it was edited, or the checkpoint comes from another run)`,
      "config.json as the run wrote it",
    );
  }
  // Hash the covered prefix in bounded chunks; check it ends a line and holds `snapshots` lines.
  const fd = openSync(join(dir, files.snapshots), "r");
  try {
    const chunk = Buffer.alloc(1 << 20);
    let pos = 0;
    let lines = 0;
    let last = -1;
    while (pos < checkpoint.bytes) {
      const got = readSync(fd, chunk, 0, Math.min(chunk.length, checkpoint.bytes - pos), pos);
      if (got === 0) break;
      const view = chunk.subarray(0, got);
      logHash.update(view);
      for (let k = view.indexOf(10); k >= 0; k = view.indexOf(10, k + 1)) lines++;
      last = view[got - 1];
      pos += got;
    }
    if (pos < checkpoint.bytes) {
      throw refuse(
        `${files.snapshots} has ${pos} bytes but the checkpoint covers ${checkpoint.bytes}`,
        "a log at least as long as its checkpoint",
      );
    }
    if (checkpoint.bytes > 0 && last !== 10) {
      throw refuse(
        `the checkpoint's offset ${checkpoint.bytes} falls in the middle of a line of ${files.snapshots}`,
        "a checkpoint at a line boundary",
      );
    }
    if (lines !== checkpoint.snapshots) {
      throw refuse(
        `${files.snapshots} has ${lines} lines before the checkpoint's offset, the checkpoint says ${checkpoint.snapshots}`,
        "a checkpoint that matches its log",
      );
    }
    if (logHash.copy().digest("hex") !== checkpoint.logSha256) {
      throw refuse(
        `the first ${checkpoint.bytes} bytes of ${files.snapshots} differ from what the checkpoint recorded (the log was changed or corrupted, or the checkpoint comes from another run)`,
        "a log whose checkpointed prefix is intact",
      );
    }
  } finally {
    closeSync(fd);
  }
  return {
    configText,
    config: config as Record<string, unknown>,
    checkpoint,
    logHash,
  } satisfies VerifiedResume;
}
