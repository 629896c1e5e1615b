// Where the BUILT `pupil` binary computes a run's summary analysis: on this thread after a run without the
// dashboard (inline), on the run's worker thread after a run with it (a pseudo-terminal from script(1)
// makes stdout and stdin TTYs), and on the sweep's workers. Each route must write the same summary.json.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorkspaceOnce } from "../../support/build-once.js";

const root = join(import.meta.dirname, "..", "..", "..");
const bin = join(root, "apps", "dashboard", "dist", "cli.js");
const tmp = mkdtempSync(join(tmpdir(), "pupil-analysis-route-"));
const hasScript = spawnSync("script", ["--version"]).status === 0;

// p = 12 makes the Hessians the bulk of the summary's work; a short α keeps the run itself quick.
const config = {
  name: "analysis-route",
  kind: "ode",
  seed: 7,
  lr: 0.2,
  alphaMax: 8,
  model: { activation: "quadratic", p: 12, pStar: 2 },
  record: { perDecade: 10 },
};

/** `pupil args` in a pseudo-terminal (stdout and stdin TTYs); what the terminal showed. */
function inTerminal(args: string[]): { code: number | null; screen: string } {
  const command = [process.execPath, bin, ...args].map((a) => `'${a}'`).join(" ");
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: "0", COLUMNS: "100", LINES: "60" };
  delete env.CI;
  const r = spawnSync("script", ["-qec", command, "/dev/null"], {
    cwd: tmp,
    env,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: r.status, screen: r.stdout };
}

function pupil(args: string[]): { code: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: tmp,
    env: { ...process.env, CI: "true", FORCE_COLOR: "0" },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: r.status, stderr: r.stderr };
}

const summaryOf = (dir: string) => readFileSync(join(tmp, dir, "summary.json"), "utf8");

beforeAll(() => {
  buildWorkspaceOnce();
  writeFileSync(join(tmp, "route.json"), JSON.stringify(config));
}, 600_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("the summary's analysis, wherever it is computed", () => {
  it("inline (no dashboard) writes an analysed summary", () => {
    const r = pupil(["run", "route.json", "--no-ui", "--out", "inline"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const summary = JSON.parse(summaryOf("inline"));
    // The analysis half is there: a plateau and a Hessian spectrum at the end.
    expect(summary.bySource.ode.plateau).toBeDefined();
    expect(summary.bySource.ode.hessian.final.spectrum.length).toBeGreaterThan(0);
  });

  it.skipIf(!hasScript)(
    "on the run's worker (the dashboard) gives the same bytes, and shows its progress",
    () => {
      const r = inTerminal(["run", "route.json", "--out", "dashboard"]);
      expect(r.code).toBe(0);
      expect(r.screen).toContain("analysing ode:");
      expect(summaryOf("dashboard")).toBe(summaryOf("inline"));
    },
  );

  it.skipIf(!hasScript)("without the dashboard on a terminal, a progress line goes to stderr", () => {
    const r = inTerminal(["run", "route.json", "--no-ui", "--out", "plain-tty"]);
    expect(r.code).toBe(0);
    expect(r.screen).toContain("analysing ode: hessian at the end (4/4)");
    expect(summaryOf("plain-tty")).toBe(summaryOf("inline"));
  });

  it("on a sweep's workers gives the same bytes as the same point run inline", () => {
    const r = pupil([
      "sweep",
      "route.json",
      "--grid",
      "lr=0.2,0.25",
      "--seeds",
      "1",
      "--workers",
      "2",
      "--out",
      "sweep",
    ]);
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(tmp, "sweep", "sweep.json"), "utf8"));
    const point = manifest.points.find((p: { params: Record<string, unknown> }) => p.params.lr === 0.2);
    expect(point).toBeDefined();
    // The same point as a single inline run, from the config the sweep resolved for it.
    const resolved = JSON.parse(readFileSync(join(tmp, "sweep", point.dir, "config.json"), "utf8"));
    const { pupil: _meta, ...pointConfig } = resolved;
    writeFileSync(join(tmp, "point.json"), JSON.stringify(pointConfig));
    expect(pupil(["run", "point.json", "--no-ui", "--out", "point-inline"]).code).toBe(0);
    expect(summaryOf(join("sweep", point.dir))).toBe(summaryOf("point-inline"));
  });
});
