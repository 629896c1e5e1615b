// --resume checks the run directory before touching it: a checkpoint from another run, a garbage or
// invalid checkpoint, an offset mid-line, a corrupt byte before the checkpoint, invalid or edited
// config.json → exit 2 with a sentence and every byte as it was. The run lock refuses a second writer
// while the first lives and is recovered once it is gone.
import { createHash } from "node:crypto";
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorkspaceOnce } from "../../support/build-once.js";
import { lineCount, paired, pupil, scratch, signalAfterLines, tree } from "./support.js";

const cwd = scratch("integrity");
const file = (...p: string[]) => join(cwd, ...p);
const read = (...p: string[]) => readFileSync(file(...p), "utf8");
const sha = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

/** An interrupted run (SIGINT after `lines` lines) in `dir`. */
async function interrupted(dir: string, config: object, lines: number) {
  writeFileSync(file(`${dir}.json`), JSON.stringify(config));
  const r = await pupil(["run", `${dir}.json`, "--out", dir], {
    cwd,
    onSpawn: (child) => signalAfterLines(child, file(dir, "snapshots.jsonl"), lines, "SIGINT"),
  });
  expect(r.code).toBe(130);
}

beforeAll(async () => {
  buildWorkspaceOnce();
  await Promise.all([
    interrupted("base", paired, 30),
    interrupted("other", { ...paired, seed: 9, alphaMax: 60 }, 20),
    interrupted("long", { ...paired, N: 600, alphaMax: 3000 }, 10),
  ]);
}, 900_000);
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const cp = (dir: string) => JSON.parse(read(dir, "checkpoint.json"));

const tamper: [string, (dir: string) => void, RegExp][] = [
  [
    "a checkpoint from another run",
    (d) => cpSync(file("other", "checkpoint.json"), file(d, "checkpoint.json")),
    /config\.json is not the config this checkpoint was written for/,
  ],
  [
    "a garbage checkpoint",
    (d) => writeFileSync(file(d, "checkpoint.json"), '{"format":"pupil-checkpoint/2","bytes":1e3}'),
    /checkpoint\.json is not a pupil-checkpoint\/2 checkpoint/,
  ],
  [
    "invalid JSON in checkpoint.json",
    (d) => writeFileSync(file(d, "checkpoint.json"), '{"bytes": 12,'),
    /checkpoint\.json is not valid JSON/,
  ],
  [
    "invalid JSON in config.json",
    (d) => writeFileSync(file(d, "config.json"), '{\n  "kind": "paired",,\n}'),
    /config\.json is not valid JSON/,
  ],
  [
    "an edited config.json",
    (d) => writeFileSync(file(d, "config.json"), read(d, "config.json").replace('"lr": 0.3', '"lr": 0.31')),
    /config\.json is not the config this checkpoint was written for/,
  ],
  [
    "an offset mid-line (its hash fixed up to match)",
    (d) => {
      const c = cp(d);
      c.bytes -= 7;
      c.logSha256 = sha(readFileSync(file(d, "snapshots.jsonl")).subarray(0, c.bytes));
      writeFileSync(file(d, "checkpoint.json"), JSON.stringify(c));
    },
    /offset \d+ falls in the middle of a line/,
  ],
  [
    "a corrupt byte before the checkpoint",
    (d) => {
      const log = readFileSync(file(d, "snapshots.jsonl"));
      const at = log.indexOf("0.", 100);
      log[at] = "1".charCodeAt(0);
      writeFileSync(file(d, "snapshots.jsonl"), log);
    },
    /bytes of snapshots\.jsonl differ from what the checkpoint recorded/,
  ],
];

describe("--resume verifies before it touches anything", () => {
  for (const [label, spoil, fragment] of tamper) {
    it(`refuses ${label}: exit 2, nothing changed`, async () => {
      const dir = label.replace(/\W+/g, "-");
      cpSync(file("base"), file(dir), { recursive: true });
      spoil(dir);
      const before = tree(file(dir));
      const r = await pupil(["run", "--resume", dir], { cwd });
      expect(r.stderr).toMatch(fragment);
      expect(r.stderr).toMatch(/nothing was changed/);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(r.code).toBe(2);
      expect(tree(file(dir))).toEqual(before);
    });
  }

  it("a second concurrent --resume is refused while the first lives; a stale lock is recovered", async () => {
    cpSync(file("long"), file("twice"), { recursive: true });
    let second: Awaited<ReturnType<typeof pupil>> | undefined;
    const first = pupil(["run", "--resume", "twice", "--interval", "0"], {
      cwd,
      onSpawn: (child) => {
        child.stdout?.once("data", async () => {
          second = await pupil(["run", "--resume", "twice"], { cwd });
          child.kill("SIGKILL");
        });
      },
    });
    const r1 = await first;
    expect(r1.signal).toBe("SIGKILL");
    expect(second?.code).toBe(2);
    expect(second?.stderr).toMatch(/twice is in use: process \d+ on this host is still writing it/);
    // The killed process left its lock: the next resume finds its pid gone and takes over.
    expect(JSON.parse(read("twice", "run.lock")).host).toBe(hostname());
    const at = lineCount(file("twice", "snapshots.jsonl"));
    const r3 = await pupil(["run", "--resume", "twice"], {
      cwd,
      onSpawn: (child) => signalAfterLines(child, file("twice", "snapshots.jsonl"), at + 4, "SIGINT"),
    });
    expect(r3.stderr).toContain("SIGINT received");
    expect(r3.code).toBe(130);
    expect(existsSync(file("twice", "run.lock"))).toBe(false);
  });
});
