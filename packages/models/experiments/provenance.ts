// Which code produced a result: recorded with every experiment's JSON and table.
import { spawnSync } from "node:child_process";

/** The commit, and whether the workspace sources differed from it. */
export function provenance(): { commit: string; dirty: boolean; node: string; date: string } {
  const git = (...a: string[]) => spawnSync("git", a, { encoding: "utf8" });
  const commit = git("rev-parse", "--short", "HEAD").stdout.trim() || "unknown";
  // The sources an experiment bundles (run from packages/models).
  const used = ["models", "tensors", "plugin", "analysis"].map((p) => `../${p}`);
  used.push(...["activations", "teachers", "metrics"].map((p) => `../../plugins/${p}`));
  // The README and results/ are the outputs, not the code.
  const outputs = [":(exclude)README.md", ":(exclude)experiments/results"];
  const dirty = git("diff", "--quiet", "HEAD", "--", ...used, ...outputs).status !== 0;
  return { commit, dirty, node: process.version, date: new Date().toISOString() };
}

export function describeSource(p: ReturnType<typeof provenance>): string {
  return `Produced by commit ${p.commit}${p.dirty ? " plus uncommitted changes" : ""} on Node ${p.node}, ${p.date.slice(0, 16).replace("T", " ")} UTC.`;
}
