// The table of bad configs and arguments: each exits 2 with a message naming the field, writing nothing.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Io } from "./io.js";
import { main } from "./main.js";

const tmp = mkdtempSync(join(tmpdir(), "pupil-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function captureIo(): Io & { stdoutText: () => string; stderrText: () => string } {
  let out = "";
  let err = "";
  return {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    tty: false,
    stdout: process.stdout,
    stdin: process.stdin,
    stdoutText: () => out,
    stderrText: () => err,
  };
}

const good = { kind: "ode", lr: 0.2, alphaMax: 5, model: { activation: "quadratic", p: 2, pStar: 1 } };
const I2 = [
  [1, 0],
  [0, 1],
];
type Case = { name: string; config?: unknown; text?: string; args?: string[]; field: RegExp };
const withModel = (model: Record<string, unknown>) => ({ ...good, model: { ...good.model, ...model } });

writeFileSync(join(tmp, "not-a-pack.mjs"), "export default { hello: 1 };\n");
mkdirSync(join(tmp, "existing-run"));
writeFileSync(join(tmp, "existing-run", "config.json"), "{}");
writeFileSync(join(tmp, "existing-run", "snapshots.jsonl"), "");

const cases: Case[] = [
  { name: "kind of the wrong type", config: { ...good, kind: 3 }, field: /kind: got 3/ },
  { name: "unknown kind", config: { ...good, kind: "odd" }, field: /kind: got "odd"/ },
  {
    name: "committee fields in a train run",
    config: { ...good, kind: "train" },
    field: /model: .*nothing for kind "train"/,
  },
  {
    name: "unknown metric plugin",
    config: { kind: "train", lr: 0.01, train: { metrics: ["rho"] } },
    field: /train\.metrics\[0\]: got "rho".*specialization-best/,
  },
  {
    name: "zero epochs",
    config: { kind: "train", lr: 0.01, train: { epochs: 0 } },
    field: /train\.epochs: got 0/,
  },
  {
    name: "unknown optimizer",
    config: { kind: "train", lr: 0.01, train: { optimizer: "lbfgs" } },
    field: /train\.optimizer: got "lbfgs"/,
  },
  { name: "negative η", config: { ...good, lr: -0.1 }, field: /lr: got -0\.1; expected a number > 0/ },
  { name: "zero η", config: { ...good, lr: 0 }, field: /lr: got 0/ },
  { name: "η as a string", config: { ...good, lr: "fast" }, field: /lr: got "fast"/ },
  { name: "missing alphaMax", config: { ...good, alphaMax: undefined }, field: /alphaMax: got nothing/ },
  { name: "N = 0", config: { ...good, N: 0 }, field: /N: got 0; expected an integer ≥ 1/ },
  { name: "fractional N", config: { ...good, N: 10.5 }, field: /N: got 10\.5/ },
  { name: "negative seed", config: { ...good, seed: -1 }, field: /seed: got -1/ },
  { name: "missing model", config: { ...good, model: undefined }, field: /model: got nothing/ },
  { name: "p < 1", config: withModel({ p: 0 }), field: /model\.p: got 0/ },
  { name: "negative p*", config: withModel({ pStar: -1 }), field: /model\.pStar: got -1/ },
  {
    name: "unknown activation id",
    config: withModel({ activation: "swish" }),
    field: /model\.activation: got "swish".*erf/,
  },
  {
    name: "unknown teacher activation",
    config: withModel({ teacherActivation: "cube" }),
    field: /model\.teacherActivation: got "cube"/,
  },
  {
    name: "second layer of the wrong length",
    config: withModel({ secondLayer: { student: [1, 2, 3] } }),
    field: /model\.secondLayer\.student.*2 weights/,
  },
  {
    name: "unknown normalisation",
    config: withModel({ secondLayer: { teacher: "1/q" } }),
    field: /model\.secondLayer\.teacher: got "1\/q"/,
  },
  {
    name: "unknown teacher generator",
    config: { ...good, teacher: { generator: "random" } },
    field: /teacher\.generator: got "random".*orthonormal/,
  },
  {
    name: "non-square init.Q",
    config: { ...good, init: { Q: [[1, 0]], M: [[0], [0]] } },
    field: /init\.Q.*2×2/,
  },
  {
    name: "init.Q not PSD",
    config: {
      ...good,
      init: {
        Q: [
          [1, 2],
          [2, 1],
        ],
        M: [[0], [0]],
      },
    },
    field: /init\.Q.*semi-definite/,
  },
  {
    name: "init.Q not symmetric",
    config: {
      ...good,
      init: {
        Q: [
          [1, 0.3],
          [0, 1],
        ],
        M: [[0], [0]],
      },
    },
    field: /init\.Q\[1\]\[0\].*symmetric/,
  },
  {
    name: "joint Ω not PSD",
    config: { ...good, init: { Q: I2, M: [[2], [0]], T: [[1]] } },
    field: /init: .*\[\[Q, M\], \[Mᵀ, T\]\]/,
  },
  {
    name: "init.M of the wrong shape",
    config: {
      ...good,
      init: {
        Q: I2,
        M: [
          [0, 0],
          [0, 0],
        ],
      },
    },
    field: /init\.M\[0\].*1 numbers/,
  },
  {
    name: "init.M without init.Q",
    config: { ...good, init: { M: [[0], [0]] } },
    field: /init\.Q: got nothing/,
  },
  {
    name: "unknown integrator",
    config: { ...good, integrator: { method: "euler2" } },
    field: /integrator\.method: got "euler2".*rk45/,
  },
  {
    name: "negative rk4 dt",
    config: { ...good, integrator: { method: "rk4", dt: -1 } },
    field: /integrator\.dt: got -1/,
  },
  { name: "perDecade = 0", config: { ...good, record: { perDecade: 0 } }, field: /record\.perDecade: got 0/ },
  {
    name: "record.at beyond alphaMax",
    config: { ...good, record: { at: [1, 50] } },
    field: /record\.at\[1\]: got 50/,
  },
  { name: "misspelt key", config: { ...good, learningRate: 0.1 }, field: /learningRate: .*unknown key/ },
  { name: "batch 0", config: { ...good, batch: 0 }, field: /batch: got 0/ },
  { name: "negative label noise", config: { ...good, labelNoise: -0.5 }, field: /labelNoise: got -0\.5/ },
  { name: "noiseTerm not a boolean", config: { ...good, noiseTerm: "yes" }, field: /noiseTerm: got "yes"/ },
  {
    name: "plugin file missing",
    config: { ...good, plugins: ["./missing-plugin.mjs"] },
    field: /plugins\[0\]: got "\.\/missing-plugin\.mjs"/,
  },
  {
    name: "plugin not a PluginPack",
    config: { ...good, plugins: ["./not-a-pack.mjs"] },
    field: /plugins\[0\].*PluginPack/,
  },
  { name: "malformed JSON", text: '{ "kind": "ode", ', field: /valid JSON/ },
  { name: "JSON array instead of an object", text: "[1, 2]", field: /a JSON object/ },
  {
    name: "missing config file",
    args: ["run", join(tmp, "nope.json")],
    field: /CONFIG\|PRESET: got ".*nope\.json"/,
  },
  { name: "unknown preset", args: ["run", "quadratic-escap"], field: /CONFIG\|PRESET.*quadratic-escape/ },
  {
    name: "unknown --set key",
    args: ["run", "quadratic-escape", "--set", "model.q=3"],
    field: /--set model\.q.*known config key/,
  },
  {
    name: "--set without =",
    args: ["run", "quadratic-escape", "--set", "lr"],
    field: /--set: got "lr"; expected key=value/,
  },
  { name: "--set to a bad value", args: ["run", "quadratic-escape", "--set", "lr=-2"], field: /lr: got -2/ },
  {
    name: "--seed not a number",
    args: ["run", "quadratic-escape", "--seed", "abc"],
    field: /--seed: got "abc"/,
  },
  { name: "unknown option", args: ["run", "quadratic-escape", "--fast"], field: /pupil run.*--fast/ },
  { name: "unknown command", args: ["walk"], field: /command: got "walk"/ },
  { name: "--resume on a folder that is no run", args: ["run", "--resume", tmp], field: /--resume: got/ },
  {
    name: "--out holding a run",
    args: ["run", "quadratic-escape", "--out", join(tmp, "existing-run")],
    field: /--out: .*no run yet/,
  },
  { name: "negative --interval", args: ["run", "quadratic-escape", "--interval", "-1"], field: /--interval/ },
  { name: "sweep without --grid", args: ["sweep", "quadratic-escape"], field: /--grid: got nothing/ },
  {
    name: "sweep over an unknown key",
    args: ["sweep", "quadratic-escape", "--grid", "model.width=2,4"],
    field: /--grid model\.width/,
  },
  {
    name: "sweep with a bad point",
    args: ["sweep", "quadratic-escape", "--grid", "model.p=2,0"],
    field: /point 0001 .*model\.p: got 0/,
  },
  {
    name: "sweep --seeds 0",
    args: ["sweep", "quadratic-escape", "--grid", "model.p=2", "--seeds", "0"],
    field: /--seeds: got "0"/,
  },
  { name: "report on a missing directory", args: ["report", join(tmp, "nothing-here")], field: /DIR: got/ },
];

describe("bad configs and arguments → exit 2, the field named, nothing written", () => {
  it("has at least 30 cases", () => expect(cases.length).toBeGreaterThanOrEqual(30));

  it.each(cases.map((c, i) => [c.name, c, i] as const))("%s", async (_name, c, i) => {
    const dir = join(tmp, `case-${i}`);
    mkdirSync(dir);
    const out = join(dir, "out");
    let args = c.args;
    if (!args) {
      const file = join(tmp, `case-${i}.json`);
      writeFileSync(file, c.text ?? JSON.stringify(c.config));
      args = ["run", file, "--out", out];
    } else if (args[0] === "sweep") args = [...args, "--out", out];
    const io = captureIo();
    const code = await main(args, io);
    expect(io.stderrText()).toMatch(c.field);
    expect(code).toBe(2);
    expect(io.stdoutText()).toBe("");
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("the existing run named by --out is left as it was", () => {
    expect(readdirSync(join(tmp, "existing-run")).sort()).toEqual(["config.json", "snapshots.jsonl"]);
  });

  it("every problem of one config is reported in one go", async () => {
    const file = join(tmp, "many.json");
    writeFileSync(
      file,
      JSON.stringify({ ...good, lr: -1, N: 0, model: { activation: "nope", p: 0, pStar: 1 } }),
    );
    const io = captureIo();
    expect(await main(["run", file, "--out", join(tmp, "many-out")], io)).toBe(2);
    const err = io.stderrText();
    for (const field of ["lr:", "N:", "model.p:", "model.activation:"]) expect(err).toContain(field);
    expect(err).toMatch(/4 problems/);
  });
});

describe("help", () => {
  it.each(["run", "watch", "sweep", "report", "presets", "demo"])(
    "pupil %s --help shows examples",
    async (cmd) => {
      const io = captureIo();
      expect(await main([cmd, "--help"], io)).toBe(0);
      expect(io.stdoutText()).toMatch(/Examples:\n {2}pupil /);
    },
  );
  it("pupil --help lists the commands with examples", async () => {
    const io = captureIo();
    expect(await main(["--help"], io)).toBe(0);
    for (const cmd of ["run", "watch", "sweep", "report", "presets"])
      expect(io.stdoutText()).toContain(`  ${cmd} `);
    expect(io.stdoutText()).toContain("Examples:");
  });
});
