// The issue's bad inputs, as a table: each must exit with its code, a message holding the fragment (no
// stack trace), and leave the working directory exactly as it was (nothing half-written).
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorkspaceOnce } from "../../support/build-once.js";
import { pupil, scratch, subdir, tree } from "./support.js";

const base = scratch("bad");
beforeAll(() => buildWorkspaceOnce(), 900_000);
afterAll(() => rmSync(base, { recursive: true, force: true }));

const tiny = { kind: "ode", lr: 0.2, alphaMax: 2, model: { activation: "quadratic", p: 2, pStar: 1 } };
const runDir = {
  "r/config.json": JSON.stringify({ ...tiny, name: "r" }),
  "r/snapshots.jsonl": '{"source":"ode","t":0}\n{not json}\n{"source":"ode","t":1}\n',
};

interface Case {
  name: string;
  args: string[];
  files?: Record<string, string>;
  env?: Record<string, string>;
  code: number;
  fragment: RegExp;
  /** Must NOT appear (a wrong blame, a wrong heading). */
  not?: RegExp;
}

const cases: Case[] = [
  // 6. names and output paths
  ...["../../../../tmp/x", "/abs", "a/b", "a\u0000b", "n".repeat(300)].map((name) => ({
    name: `name ${JSON.stringify(name.length > 20 ? `${name.slice(0, 8)}…(${name.length})` : name)}`,
    args: ["run", "quadratic-escape", "--set", `name=${JSON.stringify(name)}`],
    code: 2,
    fragment: /name: got .*; expected a name that is one path segment/,
  })),
  {
    name: "--out /proc/x (no hang)",
    args: ["run", "c.json", "--out", "/proc/x"],
    files: { "c.json": JSON.stringify(tiny) },
    code: 2,
    fragment: /cannot use "\/proc\/x" as --out/,
  },
  {
    name: "--out a file",
    args: ["run", "c.json", "--out", "c.json"],
    files: { "c.json": JSON.stringify(tiny) },
    code: 2,
    fragment: /it is a file, not a directory/,
  },
  {
    name: "--out ''",
    args: ["run", "c.json", "--out", ""],
    files: { "c.json": JSON.stringify(tiny) },
    code: 2,
    fragment: /the path is empty/,
  },
  {
    name: "--out file/sub",
    args: ["run", "c.json", "--out", "c.json/sub"],
    files: { "c.json": JSON.stringify(tiny) },
    code: 2,
    fragment: /c\.json is a file, not a directory/,
  },
  {
    name: "--out /dev/null",
    args: ["run", "c.json", "--out", "/dev/null"],
    files: { "c.json": JSON.stringify(tiny) },
    code: 2,
    fragment: /"\/dev\/null".*it is a file, not a directory/,
  },
  // 7. exit 2 instead of a stack
  {
    name: "--set __proto__.polluted=1",
    args: ["run", "quadratic-escape", "--set", "__proto__.polluted=1"],
    code: 2,
    fragment: /--set __proto__\.polluted: .*never config fields/,
  },
  {
    name: "--set model.__proto__.x=1",
    args: ["run", "quadratic-escape", "--set", "model.__proto__.x=1"],
    code: 2,
    fragment: /never config fields/,
  },
  {
    name: "100000-deep nested JSON",
    args: ["run", "deep.json"],
    files: { "deep.json": `${"[".repeat(100_000)}${"]".repeat(100_000)}` },
    code: 2,
    fragment: /nested deeper than 256 levels/,
  },
  {
    name: "report on a corrupt log",
    args: ["report", "r"],
    files: runDir,
    code: 2,
    fragment: /snapshots\.jsonl:2 is not a JSON snapshot/,
  },
  {
    name: "report --out FILE",
    args: ["report", "r", "--out", "r/config.json"],
    files: {
      ...runDir,
      "r/snapshots.jsonl":
        '{"source":"ode","t":0,"step":0,"loss":{"gen":1},"overlaps":{"Q":[[1,0],[0,1]],"M":[[0],[0]]},"metrics":{}}\n',
    },
    code: 2,
    fragment: /it is a file, not a directory/,
  },
  {
    name: "--resume on a directory that is not a run",
    args: ["run", "--resume", "nope"],
    files: { "nope/x": "" },
    code: 2,
    fragment: /cannot resume nope: it is not a run directory/,
  },
  // 8. silently accepted before
  {
    name: "duplicate JSON keys",
    args: ["run", "dup.json"],
    files: {
      "dup.json":
        '{"kind":"ode","lr":-1,"lr":0.5,"alphaMax":2,"model":{"activation":"quadratic","p":2,"pStar":1}}',
    },
    code: 2,
    fragment: /dup\.json: lr: .*"lr" appears twice/,
  },
  {
    name: "duplicate keys in a --set value",
    args: ["run", "quadratic-escape", "--set", 'model={"p":2,"p":3}'],
    code: 2,
    fragment: /--set model\.p: .*appears twice/,
  },
  {
    name: "a plugin whose top-level await never settles",
    args: ["run", "hang.json"],
    files: {
      "hang.mjs": "await new Promise(() => {});\nexport default {};\n",
      "hang.json": JSON.stringify({ ...tiny, plugins: ["./hang.mjs"] }),
    },
    env: { PUPIL_PLUGIN_IMPORT_TIMEOUT_MS: "1500" },
    code: 2,
    fragment: /plugins: .*finish loading within 1\.5 s/,
  },
  // 12. code from elsewhere is never loaded
  ...["https://example.com/pack.js", "data:text/javascript,export default {}", "node:fs"].map((spec) => ({
    name: `plugin ${spec.slice(0, 20)} refused`,
    args: ["run", "p.json"],
    files: { "p.json": JSON.stringify({ ...tiny, plugins: [spec] }) },
    code: 2,
    fragment: /plugins\[0\]: got ".*"; expected an npm package or a file/,
  })),
  // 9. messages
  {
    name: "N = 1e12 blamed on N",
    args: ["run", "quadratic-escape", "--set", "N=1e12"],
    code: 2,
    fragment: /^ {2}N: got 1000000000000; expected an integer ≤ 100000000/m,
    not: /teacher|typed array/,
  },
  {
    name: "N = 1e300",
    args: ["run", "quadratic-escape", "--set", "N=1e300"],
    code: 2,
    fragment: /N: got 1e\+300; expected an integer ≤ 100000000/,
  },
  {
    name: "--seed beyond 2^53",
    args: ["run", "quadratic-escape", "--seed", "9007199254740993"],
    code: 2,
    fragment: /--seed: got "9007199254740993"; expected an integer ≤ 2\^53/,
    not: /…992/,
  },
  {
    name: "seed beyond 2^53 in --set",
    args: ["run", "quadratic-escape", "--set", "seed=9007199254740993"],
    code: 2,
    fragment: /9007199254740993 is beyond 2\^53/,
  },
  {
    name: "--seed -1",
    args: ["run", "quadratic-escape", "--seed", "-1"],
    code: 2,
    fragment: /--seed: got "-1"; expected an integer ≥ 0/,
    not: /ambiguous/,
  },
  {
    name: "unknown --grid key",
    args: ["sweep", "quadratic-escape", "--grid", "model.width=1,2"],
    code: 2,
    fragment: /--grid model\.width/,
    not: /--set/,
  },
  {
    name: "plugins: [42]",
    args: ["run", "quadratic-escape", "--set", "plugins=[42]"],
    code: 2,
    fragment: /plugins\[0\]: got 42; expected a plugin module/,
    not: /Invalid input/,
  },
  {
    name: "the first user plugin is plugins[0]",
    args: ["run", "p.json"],
    files: {
      "not-a-pack.mjs": "export default { hello: 1 };\n",
      "p.json": JSON.stringify({ ...tiny, plugins: ["./not-a-pack.mjs"] }),
    },
    code: 2,
    fragment: /plugins\[0\]: got ".*not-a-pack\.mjs"/,
    not: /plugins\[[1-9]\]/,
  },
  {
    name: "unknown command",
    args: ["frobnicate"],
    code: 2,
    fragment: /^pupil: unknown command: 1 problem/,
    not: /invalid config/,
  },
  {
    name: "unknown flag",
    args: ["run", "quadratic-escape", "--frob"],
    code: 2,
    fragment: /^pupil: invalid arguments: .*\n.*Unknown option '--frob'/,
    not: /invalid config/,
  },
  // 10. statistics
  {
    name: "--grid lr=0.1,0.1",
    args: ["sweep", "quadratic-escape", "--grid", "lr=0.1,0.1"],
    code: 2,
    fragment: /--grid lr: .*0\.1 is listed twice/,
  },
  {
    name: "one key in two --grid",
    args: ["sweep", "quadratic-escape", "--grid", "lr=0.1", "--grid", "lr=0.2"],
    code: 2,
    fragment: /--grid lr: .*each key in one --grid/,
  },
  // 7/8 with the engine's ParamSpec validation (issue "One run engine"): unknown plugin parameters refused.
  {
    name: "a plugin parameter typo (engine)",
    args: ["run", "quadratic-escape", "--set", 'model.activation={"id":"leaky-relu","params":{"slpoe":0.3}}'],
    code: 2,
    fragment: /slpoe/,
  },
  {
    name: "unknown teacher parameter (engine)",
    args: ["run", "specialization", "--set", 'train.teacher.params={"P":7}'],
    code: 2,
    fragment: /"?P"?/,
  },
  // 7. ODE init whose joint overlap matrix is not PSD
  {
    name: "ODE init with a non-PSD joint overlap matrix, T left to its default (engine)",
    args: ["run", "init.json"],
    files: {
      "init.json": JSON.stringify({
        ...tiny,
        init: {
          Q: [
            [1, 0],
            [0, 1],
          ],
          M: [[0.9], [0.9]],
        },
      }),
    },
    code: 2,
    fragment: /init/,
  },
];

describe("bad inputs → their exit code and message, nothing written", () => {
  it("covers the issue's reproductions", () => expect(cases.length).toBeGreaterThanOrEqual(30));
  cases.forEach((c, k) => {
    it(c.name, async () => {
      const cwd = subdir(base, String(k));
      for (const [file, text] of Object.entries(c.files ?? {})) {
        subdir(cwd, join(file, ".."));
        writeFileSync(join(cwd, file), text);
      }
      const before = tree(cwd);
      const r = await pupil(c.args, { cwd, env: c.env, timeoutMs: 30_000 });
      expect(r.stderr).toMatch(c.fragment);
      if (c.not) expect(r.stderr).not.toMatch(c.not);
      expect(r.stderr).not.toMatch(/^\s+at .*\(.*:\d+:\d+\)$/m);
      expect(r.code).toBe(c.code);
      expect(tree(cwd)).toEqual(before);
    });
  });
});
