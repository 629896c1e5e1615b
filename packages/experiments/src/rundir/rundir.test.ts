// Run directories under faults: checkpoints verified before anything is touched, the run lock, output
// paths that must be refused quickly. No engine is needed: the writer is driven with stand-in snapshots.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import type { Snapshot } from "@pupil/plugin";
import { afterAll, describe, expect, it } from "vitest";
import type { ResolvedConfig } from "../config/resolve.js";
import type { EngineState } from "../run/engine.js";
import { CHECKPOINT_FORMAT, sha256 } from "./checkpoint.js";
import { RunDirError } from "./errors.js";
import { RUN_FILES, RunDirWriter, readJson } from "./files.js";
import { acquireLock, LOCK_FILE, readLock } from "./lock.js";
import { prepareOutDir } from "./out-dir.js";

const tmp = mkdtempSync(join(tmpdir(), "pupil-rundir-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const config = { name: "t", kind: "ode", seed: 1 } as unknown as ResolvedConfig;
const snap = (t: number): Snapshot =>
  ({
    source: "ode",
    t,
    step: t * 10,
    loss: { gen: 1 / (1 + t) },
    overlaps: {},
    metrics: {},
  }) as unknown as Snapshot;
const state = (next: number) =>
  ({ format: "pupil-run/1", next, sources: { ode: { t: next } } }) as EngineState;

/** A run stopped after `upto` snapshots with a checkpoint after `at`, then the lock released. */
function stoppedRun(name: string, at = 3, upto = 5): string {
  const dir = join(tmp, name);
  const w = RunDirWriter.create(dir, config);
  for (let t = 0; t < upto; t++) {
    w.write(snap(t));
    if (t + 1 === at) w.checkpoint(state(at));
  }
  w.close();
  return dir;
}

const snapshotOf = (dir: string) =>
  Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), "utf8")]));

function refused(dir: string, fragment: RegExp): void {
  const before = snapshotOf(dir);
  let error: unknown;
  try {
    RunDirWriter.resume(dir).writer.close();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(RunDirError);
  expect((error as Error).message).toMatch(fragment);
  expect(snapshotOf(dir)).toEqual(before);
}

describe("checkpoints", () => {
  it("carry the config's and the covered log prefix's sha256, recomputed here from the files", () => {
    const dir = stoppedRun("hashes");
    const cp = readJson<Record<string, unknown>>(join(dir, RUN_FILES.checkpoint));
    const log = readFileSync(join(dir, RUN_FILES.snapshots));
    const prefix = log.subarray(0, cp.bytes as number);
    expect(cp.format).toBe(CHECKPOINT_FORMAT);
    expect(prefix.toString().split("\n").length - 1).toBe(3);
    expect(cp.logSha256).toBe(sha256(prefix));
    expect(cp.configSha256).toBe(sha256(readFileSync(join(dir, RUN_FILES.config))));
  });

  it("a verified resume hands back the state and cuts the log only at the first write", () => {
    const dir = stoppedRun("resume-ok");
    const full = readFileSync(join(dir, RUN_FILES.snapshots), "utf8");
    const { writer, checkpoint } = RunDirWriter.resume(dir);
    expect(checkpoint?.state).toEqual(state(3));
    expect(readFileSync(join(dir, RUN_FILES.snapshots), "utf8")).toBe(full);
    writer.write(snap(3));
    writer.write(snap(4));
    writer.checkpoint(state(5));
    writer.close();
    expect(readFileSync(join(dir, RUN_FILES.snapshots), "utf8")).toBe(full);
    // The new checkpoint chains: a second resume verifies it.
    const again = RunDirWriter.resume(dir);
    expect(again.checkpoint?.snapshots).toBe(5);
    again.writer.close();
  });

  const tamper: [string, (dir: string) => void, RegExp][] = [
    [
      "a checkpoint from another run",
      (dir) => {
        const other = stoppedRun("other-run", 2, 4);
        writeFileSync(
          join(other, RUN_FILES.config),
          readFileSync(join(other, RUN_FILES.config), "utf8").replace('"t"', '"u"'),
        );
        const o = RunDirWriter.create(join(tmp, "other-run-2"), { ...config, name: "u" } as ResolvedConfig);
        o.write(snap(0));
        o.checkpoint(state(1));
        o.close();
        writeFileSync(
          join(dir, RUN_FILES.checkpoint),
          readFileSync(join(tmp, "other-run-2", RUN_FILES.checkpoint)),
        );
      },
      /not the config this checkpoint was written for/,
    ],
    [
      "a garbage checkpoint",
      (dir) => writeFileSync(join(dir, RUN_FILES.checkpoint), '{"bytes":"x"}'),
      /not a pupil-checkpoint\/2 checkpoint/,
    ],
    [
      "invalid JSON in checkpoint.json",
      (dir) => writeFileSync(join(dir, RUN_FILES.checkpoint), '{"bytes":'),
      /checkpoint.json is not valid JSON/,
    ],
    [
      "invalid JSON in config.json",
      (dir) => writeFileSync(join(dir, RUN_FILES.config), "{,}"),
      /config.json is not valid JSON/,
    ],
    [
      "an edited config.json",
      (dir) => {
        const c = JSON.parse(readFileSync(join(dir, RUN_FILES.config), "utf8"));
        writeFileSync(join(dir, RUN_FILES.config), `${JSON.stringify({ ...c, seed: 2 }, null, 2)}\n`);
      },
      /config.json is not the config this checkpoint was written for/,
    ],
    [
      "an offset mid-line (hash fixed up to match)",
      (dir) => {
        const cp = JSON.parse(readFileSync(join(dir, RUN_FILES.checkpoint), "utf8"));
        const log = readFileSync(join(dir, RUN_FILES.snapshots));
        cp.bytes -= 5;
        cp.logSha256 = sha256(log.subarray(0, cp.bytes));
        writeFileSync(join(dir, RUN_FILES.checkpoint), JSON.stringify(cp));
      },
      /falls in the middle of a line/,
    ],
    [
      "a corrupt byte before the checkpoint",
      (dir) => {
        const log = readFileSync(join(dir, RUN_FILES.snapshots));
        log[10] = log[10] === 0x31 ? 0x32 : 0x31;
        writeFileSync(join(dir, RUN_FILES.snapshots), log);
      },
      /differ from what the checkpoint recorded/,
    ],
    [
      "a log shorter than its checkpoint",
      (dir) =>
        writeFileSync(
          join(dir, RUN_FILES.snapshots),
          readFileSync(join(dir, RUN_FILES.snapshots)).subarray(0, 20),
        ),
      /has 20 bytes but the checkpoint covers/,
    ],
  ];
  for (const [label, spoil, fragment] of tamper) {
    it(`refuses ${label} and changes nothing`, () => {
      const dir = stoppedRun(label.replace(/\W+/g, "-"));
      spoil(dir);
      refused(dir, fragment);
    });
  }
});

describe("the run lock", () => {
  it("is held while a run writes and released at close", () => {
    const dir = join(tmp, "lock-held");
    const w = RunDirWriter.create(dir, config);
    expect(readLock(dir)).toMatchObject({ pid: process.pid, host: hostname() });
    w.close();
    expect(readLock(dir)).toBeUndefined();
  });

  it("refuses a second writer while a live process holds it, recovers it once that process is gone", async () => {
    const dir = stoppedRun("lock-live");
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    await new Promise((r) => child.once("spawn", r));
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: child.pid, host: hostname(), started: "" }));
    refused(dir, new RegExp(`process ${child.pid} on this host is still writing it`));
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    const { writer } = RunDirWriter.resume(dir);
    expect(readLock(dir)?.pid).toBe(process.pid);
    writer.close();
  });

  it("refuses a lock from another host (it cannot be checked) and names the file to delete", () => {
    const dir = stoppedRun("lock-foreign");
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 1, host: "elsewhere", started: "" }));
    expect(() => acquireLock(dir, "--resume")).toThrow(/on host elsewhere may still be writing it; delete/);
  });
});

describe("output directories", () => {
  const file = join(tmp, "a-file");
  writeFileSync(file, "x");
  const cases: [string, string, RegExp][] = [
    ["an empty path", "", /the path is empty/],
    ["a file", file, /it is a file, not a directory/],
    ["a path under a file", join(file, "sub"), /a-file is a file, not a directory/],
    ["/dev/null", "/dev/null", /it is a file, not a directory/],
    [
      "a path under /proc (Node's recursive mkdir spins there)",
      "/proc/x/y",
      /cannot create \/proc\/x|not writable/,
    ],
    ["a NUL byte", "a\0b", /NUL/],
  ];
  for (const [label, dir, fragment] of cases) {
    it(`refuses ${label} with exit-2 error, creating nothing`, () => {
      expect(() => prepareOutDir(dir, "--out")).toThrow(fragment);
      expect(() => prepareOutDir(dir, "--out")).toThrow(RunDirError);
    });
  }

  it("creates missing parents; refuses a path through a file without creating anything", () => {
    const deep = join(tmp, "p", "q", "r");
    expect(prepareOutDir(deep, "--out")).toBe(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    mkdirSync(join(tmp, "u"));
    writeFileSync(join(tmp, "u", "f"), "");
    expect(() => prepareOutDir(join(tmp, "u", "new", "f", "x"), "--out")).not.toThrow();
    expect(() => prepareOutDir(join(tmp, "u", "f", "x"), "--out")).toThrow(/is a file/);
    expect(readdirSync(join(tmp, "u")).sort()).toEqual(["f", "new"]);
  });
});
