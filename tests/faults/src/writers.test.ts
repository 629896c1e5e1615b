// `pupil watch` notices a writer that died (SIGKILL): it exits 130 with a sentence instead of waiting
// forever, and `sweep --resume` finishes an interrupted or killed sweep to the uninterrupted table. A run
// directory deleted mid-run stops the run with exit 2 and a sentence.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorkspaceOnce } from "../../support/build-once.js";
import { lineCount, paired, pupil, scratch, signalAfterLines } from "./support.js";

const cwd = scratch("writers");
const file = (...p: string[]) => join(cwd, ...p);
const read = (...p: string[]) => readFileSync(file(...p), "utf8");

beforeAll(() => {
  buildWorkspaceOnce();
  writeFileSync(file("paired.json"), JSON.stringify(paired));
  writeFileSync(file("long.json"), JSON.stringify({ ...paired, alphaMax: 3000, N: 600 }));
}, 900_000);
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe("a dead writer", () => {
  it("watch exits 130 naming the dead pid when the run is SIGKILLed", async () => {
    // watch starts with the run, before its directory exists: it waits for it to appear.
    const run = pupil(["run", "long.json", "--out", "killed"], {
      cwd,
      onSpawn: (child) => signalAfterLines(child, file("killed", "snapshots.jsonl"), 10, "SIGKILL"),
    });
    const watch = pupil(["watch", "killed", "--poll", "50"], { cwd, timeoutMs: 30_000 });
    const [r, w] = await Promise.all([run, watch]);
    expect(r.signal).toBe("SIGKILL");
    expect(w.code).toBe(130);
    expect(w.stderr).toMatch(/the process writing killed \(pid \d+\) is gone; .*pupil run --resume killed/);
  });

  it("watch exits when status.json says running but no process holds the run", async () => {
    const r = await pupil(["run", "paired.json", "--out", "orphan"], { cwd });
    expect(r.code).toBe(0);
    writeFileSync(file("orphan", "status.json"), JSON.stringify({ state: "running", updated: "" }));
    const w = await pupil(["watch", "orphan", "--poll", "20"], { cwd, timeoutMs: 20_000 });
    expect(w.code).toBe(130);
    expect(w.stderr).toMatch(/no process holds orphan \(no run lock\)/);
  });

  it("a run whose directory is deleted mid-run stops with exit 2 and a sentence", async () => {
    const r = await pupil(["run", "long.json", "--out", "vanishing"], {
      cwd,
      onSpawn: (child) => {
        const t = setInterval(() => {
          if (lineCount(file("vanishing", "snapshots.jsonl")) > 10) {
            try {
              // The writer may add a file while rm walks the tree (ENOTEMPTY): try again next tick.
              rmSync(file("vanishing"), { recursive: true, force: true });
              clearInterval(t);
            } catch {}
          }
        }, 10);
        child.once("exit", () => clearInterval(t));
      },
    });
    expect(r.stderr).toMatch(/the run directory vanishing cannot be written any more \(ENOENT/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.code).toBe(2);
  });
});

describe("sweep --resume", () => {
  const sweepArgs = ["sweep", "paired.json", "--grid", "lr=0.2,0.3", "--seeds", "2", "--workers", "1"];
  let reference = "";
  beforeAll(async () => {
    const r = await pupil([...sweepArgs, "--out", "sweep-full"], { cwd });
    expect(r.code).toBe(0);
    reference = read("sweep-full", "table.csv");
  }, 300_000);

  for (const signal of ["SIGINT", "SIGTERM", "SIGKILL"] as const) {
    it(`after ${signal} mid-sweep, --resume finishes only what is missing and rebuilds the same table`, async () => {
      const dir = `sweep-${signal}`;
      const cut = await pupil([...sweepArgs, "--out", dir], {
        cwd,
        onSpawn: (child) => signalAfterLines(child, file(dir, "runs", "0001", "snapshots.jsonl"), 20, signal),
      });
      if (signal === "SIGKILL") {
        expect(cut.signal).toBe("SIGKILL");
        expect(existsSync(file(dir, "table.csv"))).toBe(false);
      } else {
        expect(cut.code).toBe(signal === "SIGINT" ? 130 : 143);
        expect(cut.stderr).toContain(`pupil sweep --resume`);
      }
      const done0 = read(dir, "runs", "0000", "summary.json");
      const resumed = await pupil(["sweep", "--resume", dir], { cwd });
      expect(resumed.code).toBe(0);
      expect(resumed.stdout).toMatch(/resuming .*: 1 of 4 runs done, 3 to finish/);
      // The finished point was not run again; the table equals the uninterrupted sweep's.
      expect(read(dir, "runs", "0000", "summary.json")).toBe(done0);
      expect(read(dir, "table.csv")).toBe(reference);
      for (const id of ["0000", "0001", "0002", "0003"])
        expect(read(dir, "runs", id, "snapshots.jsonl")).toBe(
          read("sweep-full", "runs", id, "snapshots.jsonl"),
        );
    });
  }
});
