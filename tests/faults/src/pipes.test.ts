// A closed stdout is a normal end for every command: `| head -1` exits 0 without an EPIPE stack, and a
// run it cut short is left interrupted and resumable to the uninterrupted bytes. A full disk on stdout
// (`> /dev/full`) stops the run the same way but exits 1, saying why.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorkspaceOnce } from "../../support/build-once.js";
import { paired, pupil, scratch, shell } from "./support.js";

const cwd = scratch("pipes");
const read = (...p: string[]) => readFileSync(join(cwd, ...p), "utf8");

beforeAll(async () => {
  buildWorkspaceOnce();
  writeFileSync(join(cwd, "paired.json"), JSON.stringify(paired));
  expect((await pupil(["run", "paired.json", "--out", "full"], { cwd })).code).toBe(0);
}, 900_000);
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const noStack = (stderr: string) => {
  expect(stderr).not.toMatch(/EPIPE|Unhandled|^\s+at /m);
};

async function resumesToFull(dir: string) {
  expect(JSON.parse(read(dir, "status.json")).state).toBe("interrupted");
  const resumed = await pupil(["run", "--resume", dir], { cwd });
  expect(resumed.code).toBe(0);
  expect(read(dir, "snapshots.jsonl")).toBe(read("full", "snapshots.jsonl"));
}

describe("closed pipes", () => {
  it("run --json | head -1: exit 0, one line read, the run resumable", async () => {
    const r = await shell(`$PUPIL run paired.json --json --out json-head | head -1`, cwd);
    noStack(r.stderr);
    expect(r.pupilCode).toBe(0);
    expect(JSON.parse(r.stdout.trim()).t).toBe(0);
    expect(r.stderr).toContain("pupil run --resume json-head");
    await resumesToFull("json-head");
  });

  it("plain lines | head -1: the same", async () => {
    const r = await shell(`$PUPIL run paired.json --interval 0 --out plain-head | head -1`, cwd);
    noStack(r.stderr);
    expect(r.pupilCode).toBe(0);
    await resumesToFull("plain-head");
  });

  it("presets | head -1", async () => {
    const r = await shell(`$PUPIL presets | head -1`, cwd);
    noStack(r.stderr);
    expect(r.pupilCode).toBe(0);
    expect(r.stdout.split("\n").filter(Boolean)).toHaveLength(1);
  });

  it("watch DIR | head -1 detaches with exit 0 and leaves the run alone", async () => {
    const before = read("full", "snapshots.jsonl");
    const r = await shell(`$PUPIL watch full --interval 0 | head -1`, cwd);
    noStack(r.stderr);
    expect(r.pupilCode).toBe(0);
    expect(read("full", "snapshots.jsonl")).toBe(before);
  });

  it("sweep … | head -1: exit 0, no stack, the sweep resumable", async () => {
    const r = await shell(
      `$PUPIL sweep paired.json --grid lr=0.2,0.3 --workers 1 --out sweep-head | head -1`,
      cwd,
    );
    noStack(r.stderr);
    expect(r.pupilCode).toBe(0);
    const resumed = await pupil(["sweep", "--resume", "sweep-head"], { cwd });
    expect(resumed.code).toBe(0);
    expect(read("sweep-head", "table.csv").split("\n")[1]).toMatch(/^"0\.2",1,0,0,/);
  });

  it("--json > /dev/full: exit 1 naming ENOSPC, the run resumable", async () => {
    const r = await shell(`$PUPIL run paired.json --json --out dev-full > /dev/full`, cwd);
    noStack(r.stderr);
    expect(r.pupilCode).toBe(1);
    expect(r.stderr).toMatch(/stdout failed \(ENOSPC\); stopped at the last checkpoint/);
    expect(r.stderr).toMatch(/Continue with: pupil run --resume dev-full/);
    await resumesToFull("dev-full");
  });
});
