// Every publishable package's README example, run as a user would run it: the first ```ts/```js block
// under "## Example" (types erased, nothing else changed) as an ES module beside this package's
// node_modules, where @pupil/* are the BUILT workspace packages; a ```sh example (the CLI's) line by
// line through bash with `pupil` the built binary. An example that throws, or names something the
// package no longer exports, fails here, so no README example can rot.
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorkspaceOnce } from "../../support/build-once.js";
import { readmeExample, runnableModule } from "../../support/readme-example.js";

const root = join(import.meta.dirname, "..", "..", "..");
const here = join(import.meta.dirname, "..");
// Inside this package's node_modules so that node resolves @pupil/* through its workspace links.
const examplesDir = join(here, "node_modules", ".readme-examples");

const packages = ["packages", "plugins", "apps"].flatMap((group) =>
  readdirSync(join(root, group))
    .map((d) => join(root, group, d))
    .filter((dir) => existsSync(join(dir, "package.json")))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) }))
    .filter(({ manifest }) => !manifest.private)
    .map(({ dir, manifest }) => ({
      dir,
      name: manifest.name as string,
      bin: manifest.bin as Record<string, string> | undefined,
    })),
);

let tmp = "";
beforeAll(() => {
  buildWorkspaceOnce();
  tmp = mkdtempSync(join(tmpdir(), "pupil-readme-"));
  mkdirSync(examplesDir, { recursive: true });
  // `pupil` on PATH for shell examples: the built CLI, as `npm install -g @pupil/cli` would give.
  mkdirSync(join(tmp, "bin"));
  const cli = packages.find((p) => p.bin?.pupil);
  writeFileSync(
    join(tmp, "bin", "pupil"),
    `#!/bin/sh\nexec "${process.execPath}" "${join(cli!.dir, cli!.bin!.pupil)}" "$@"\n`,
  );
  chmodSync(join(tmp, "bin", "pupil"), 0o755);
}, 900_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("README examples", () => {
  it("finds every publishable package", () => {
    expect(packages.map((p) => p.name)).toEqual(
      expect.arrayContaining(["@pupil/dynamics", "@pupil/cli", "@pupil/plugin"]),
    );
  });

  it.each(packages.map((p) => [p.name, p.dir]))(
    "%s: its README example runs",
    (name, dir) => {
      const example = readmeExample(join(dir, "README.md"));
      expect(example, `${name}: README.md has no code block under "## Example"`).toBeDefined();
      const cwd = mkdtempSync(join(tmp, "run-"));
      const env = {
        ...process.env,
        CI: "true",
        FORCE_COLOR: "0",
        PATH: `${join(tmp, "bin")}:${process.env.PATH}`,
      };
      let out: string;
      try {
        if (example!.lang === "sh") {
          out = execFileSync("bash", ["-euo", "pipefail", "-c", example!.code], {
            cwd,
            env,
            encoding: "utf8",
            timeout: 240_000,
          });
        } else {
          const file = join(examplesDir, `${name.replace(/[@/]/g, "_")}.mjs`);
          writeFileSync(file, runnableModule(example!));
          out = execFileSync(process.execPath, [file], { cwd, env, encoding: "utf8", timeout: 240_000 });
        }
      } catch (error) {
        const e = error as Error & { stderr?: string; stdout?: string };
        throw new Error(
          `${name}: README example failed:\n${e.stderr || e.message}\n--- example ---\n${example!.code}`,
        );
      }
      // Every example shows its result.
      expect(out.trim().length, `${name}: the README example prints nothing`).toBeGreaterThan(0);
    },
    300_000,
  );
});
