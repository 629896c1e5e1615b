// Which code produced a result: recorded with every experiment's JSON and table.
import { spawnSync } from "node:child_process";

export interface Provenance {
  readonly commit: string;
  /** Source files (not tests, not docs) that differed from the commit when the run started. */
  readonly dirtyFiles: string[];
  readonly dirty: boolean;
  readonly node: string;
  readonly date: string;
}

/** The commit, and the uncommitted source files among those an experiment bundles (paths from the repo root). */
export function provenance(): Provenance {
  const git = (...a: string[]) => spawnSync("git", a, { encoding: "utf8" });
  const commit = git("rev-parse", "--short", "HEAD").stdout.trim() || "unknown";
  const used = ["models", "tensors", "plugin", "analysis"].map((p) => `:(top)packages/${p}`);
  used.push(...["activations", "teachers", "metrics"].map((p) => `:(top)plugins/${p}`), ":(top)research/src");
  const dirtyFiles = git("diff", "--name-only", "HEAD", "--", ...used)
    .stdout.split("\n")
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
  return {
    commit,
    dirtyFiles,
    dirty: dirtyFiles.length > 0,
    node: process.version,
    date: new Date().toISOString(),
  };
}

export function describeSource(p: Provenance): string {
  const changes = p.dirty ? ` plus uncommitted changes to ${p.dirtyFiles.join(", ")}` : "";
  return `Produced by commit ${p.commit}${changes} on Node ${p.node}, ${p.date.slice(0, 16).replace("T", " ")} UTC.`;
}
