// SIGINT, SIGTERM, SIGHUP (and SIGKILL) at random moments of a run, then --resume: the exit code says
// which signal, the run is left `interrupted` with a checkpoint, and the resumed log is byte-identical to
// an uninterrupted run's. The moments come from a seeded generator, so a failure is reproducible.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorkspaceOnce } from "../../support/build-once.js";
import { lineCount, paired, pupil, rng, scratch, signalAfterLines, trainArgs } from "./support.js";

const cwd = scratch("signals");
const read = (...p: string[]) => readFileSync(join(cwd, ...p), "utf8");
let pairedLines = 0;
let trainLines = 0;

beforeAll(async () => {
  buildWorkspaceOnce();
  writeFileSync(join(cwd, "paired.json"), JSON.stringify(paired));
  const [a, b] = await Promise.all([
    pupil(["run", "paired.json", "--out", "paired-full"], { cwd }),
    pupil(["run", ...trainArgs, "--out", "train-full"], { cwd }),
  ]);
  expect(a.code).toBe(0);
  expect(b.code).toBe(0);
  pairedLines = lineCount(join(cwd, "paired-full", "snapshots.jsonl"));
  trainLines = lineCount(join(cwd, "train-full", "snapshots.jsonl"));
}, 900_000);
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const CODES: Record<string, number | null> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129, SIGKILL: null };
const r = rng(20261202);

for (const kind of ["paired", "train"] as const) {
  describe(`${kind} run`, () => {
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP", "SIGKILL"] as const) {
      // The run thread works ahead of the writer (dozens of cheap early points): a signal in the first
      // half of the log can land after the last point. From 45% on, the stop meets work still to do.
      const fraction = 0.45 + 0.3 * r();
      it(`${signal} after ${(fraction * 100).toFixed(0)}% of the log; --resume gives the uninterrupted bytes`, async () => {
        const total = kind === "paired" ? pairedLines : trainLines;
        const dir = `${kind}-${signal}`;
        const args = kind === "paired" ? ["run", "paired.json"] : ["run", ...trainArgs];
        const cut = await pupil([...args, "--out", dir], {
          cwd,
          onSpawn: (child) =>
            signalAfterLines(child, join(cwd, dir, "snapshots.jsonl"), Math.floor(fraction * total), signal),
        });
        if (signal === "SIGKILL") {
          expect(cut.signal).toBe("SIGKILL");
          expect(JSON.parse(read(dir, "status.json")).state).toBe("running");
        } else {
          expect(cut.stderr).toContain(`${signal} received; stopped at the last checkpoint`);
          expect(cut.code).toBe(CODES[signal]);
          expect(JSON.parse(read(dir, "status.json")).state).toBe("interrupted");
          expect(JSON.parse(read(dir, "checkpoint.json")).bytes).toBe(
            Buffer.byteLength(read(dir, "snapshots.jsonl")),
          );
        }
        expect(lineCount(join(cwd, dir, "snapshots.jsonl"))).toBeLessThan(total);
        const resumed = await pupil(["run", "--resume", dir], { cwd });
        expect(resumed.stderr).toBe("");
        expect(resumed.code).toBe(0);
        expect(read(dir, "snapshots.jsonl")).toBe(read(`${kind}-full`, "snapshots.jsonl"));
        expect(read(dir, "summary.json")).toBe(read(`${kind}-full`, "summary.json"));
      });
    }
  });
}
