// Training divergence (issue "Runs that survive anything", item 1): needs the one divergence rule of the
// run engine (issue "One run engine"). A diverging lr exits 3 with the epoch and step named, the log and
// summary kept, and a sweep counts it as diverged.
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorkspaceOnce } from "../../support/build-once.js";
import { pupil, scratch } from "./support.js";

const cwd = scratch("diverge");
beforeAll(() => buildWorkspaceOnce(), 900_000);
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const short = ["--set", "train.epochs=3", "--set", "train.data.train=600", "--set", "train.data.test=200"];

describe("training divergence", () => {
  for (const [label, sets] of [
    ["lr = 5", ["--set", "lr=5"]],
    ["lr = 1e6 with adam", ["--set", "lr=1e6", "--set", 'train.optimizer="adam"']],
  ] as const) {
    it(`${label}: exit 3 naming the epoch, log and summary kept`, async () => {
      const dir = label.replace(/\W+/g, "-");
      const r = await pupil(["run", "specialization", ...sets, ...short, "--out", dir], { cwd });
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/diverged/);
      expect(r.stderr).toMatch(/epoch/);
      expect(readFileSync(join(cwd, dir, "snapshots.jsonl"), "utf8").length).toBeGreaterThan(0);
      expect(JSON.parse(readFileSync(join(cwd, dir, "summary.json"), "utf8")).status).toBe("diverged");
      expect(JSON.parse(readFileSync(join(cwd, dir, "status.json"), "utf8")).state).toBe("diverged");
    });
  }

  it("a sweep over lr = 0.01, 5 reports one diverged run", async () => {
    const r = await pupil(["sweep", "specialization", "--grid", "lr=0.01,5", ...short, "--out", "sw"], {
      cwd,
    });
    expect(r.code).toBe(3);
    const csv = readFileSync(join(cwd, "sw", "table.csv"), "utf8")
      .trim()
      .split("\n");
    expect(csv[2]).toMatch(/^"5",1,1,0,/);
  });
});
