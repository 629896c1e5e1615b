// Creating an output directory without surprises. Node 20's mkdirSync(recursive) spins forever on paths
// under /proc, and a plain mkdir reports "ENOTDIR" or "EEXIST" in words a user has to decode. So: walk the
// path one component at a time (a bounded loop), refuse a component that is a file, create what is missing
// with non-recursive mkdir, and probe that a file can be written there; on any failure, remove what was
// created and throw a RunDirError (exit 2) naming the flag.
import { accessSync, constants, mkdirSync, rmdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, parse, resolve, sep } from "node:path";
import { ioReason, runDirError } from "./errors.js";

const MAX_PATH = 4096;

/** Checks `dir` as an output directory and creates it (and missing parents). Returns its absolute path. */
export function prepareOutDir(dir: string, flag: string): string {
  const bad = (expected: string, reason: string) =>
    runDirError(`cannot use ${JSON.stringify(dir)} as ${flag}: ${reason}`, flag, dir, expected);
  if (typeof dir !== "string" || dir.trim() === "") throw bad("a directory path", "the path is empty");
  if (dir.includes("\0")) throw bad("a directory path", "the path contains a NUL byte");
  if (dir.length > MAX_PATH) throw bad(`a path of at most ${MAX_PATH} characters`, "the path is too long");
  const abs = resolve(dir);
  const { root } = parse(abs);
  const parts = abs.slice(root.length).split(sep).filter(Boolean);
  const created: string[] = [];
  const undo = () => {
    for (const d of created.reverse()) {
      try {
        rmdirSync(d);
      } catch {}
    }
  };
  try {
    let current = root;
    let existing = root;
    for (const part of parts) {
      current = current === root ? `${root}${part}` : `${current}${sep}${part}`;
      let isDir: boolean | undefined;
      try {
        isDir = statSync(current).isDirectory();
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== "ENOENT") throw bad("a writable directory", `${current}: ${ioReason(error)}`);
      }
      if (isDir === false) {
        throw bad(
          "a directory (not a file)",
          current === abs ? "it is a file, not a directory" : `${current} is a file, not a directory`,
        );
      }
      if (isDir === undefined) {
        if (created.length === 0) {
          try {
            accessSync(existing, constants.W_OK);
          } catch (error) {
            throw bad("a directory in a writable place", `${existing} is not writable (${ioReason(error)})`);
          }
        }
        try {
          mkdirSync(current);
        } catch (error) {
          throw bad("a directory in a writable place", `cannot create ${current} (${ioReason(error)})`);
        }
        created.push(current);
      }
      existing = current;
    }
    // A directory that exists (or was just made) can still refuse files: /proc/self, a read-only mount.
    const probe = `${abs}${sep}.pupil-write-probe-${process.pid}`;
    try {
      writeFileSync(probe, "");
    } catch (error) {
      throw bad("a writable directory", `cannot write files in it (${ioReason(error)})`);
    }
    rmSync(probe, { force: true });
    return abs;
  } catch (error) {
    undo();
    throw error;
  }
}

/** The directory of an output file (`--out FILE`), checked the same way; the file itself may not exist. */
export function prepareOutFile(file: string, flag: string): string {
  const abs = resolve(file);
  try {
    if (statSync(abs).isDirectory()) {
      throw runDirError(`cannot write ${JSON.stringify(file)}: it is a directory`, flag, file, "a file path");
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  prepareOutDir(dirname(abs), flag);
  return abs;
}
