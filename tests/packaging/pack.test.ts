// Every publishable package must survive the trip to npm: `pnpm pack` gives a tarball whose manifest has
// no workspace:/catalog: ranges and only dist files, and the tarballs install into an empty project
// outside the workspace, where each entry point imports and exports something.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorkspaceOnce } from "../support/build-once.js";

const root = join(import.meta.dirname, "..", "..");

interface Manifest {
  name: string;
  private?: boolean;
  exports?: Record<string, unknown>;
  bin?: Record<string, string> | string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const publishable = ["packages", "plugins", "apps"].flatMap((group) => {
  const base = join(root, group);
  if (!existsSync(base)) return [];
  return readdirSync(base)
    .map((d) => join(base, d))
    .filter((dir) => existsSync(join(dir, "package.json")))
    .map((dir) => ({
      dir,
      manifest: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest,
    }))
    .filter(({ manifest }) => !manifest.private);
});

const sh = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, CI: "true" },
  });

let work: string;
const tarballs = new Map<string, string>();

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "pupil-pack-"));
  buildWorkspaceOnce();
  for (const { dir, manifest } of publishable) {
    const out = sh("pnpm", ["pack", "--pack-destination", work], dir).trim().split("\n").pop()!;
    tarballs.set(manifest.name, out.startsWith("/") ? out : join(work, out));
  }
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("pnpm pack", () => {
  it("finds the publishable packages", () => {
    expect(publishable.map((p) => p.manifest.name)).toEqual(
      expect.arrayContaining(["@pupil/tensors", "@pupil/plugin", "@pupil/plugin-activations"]),
    );
  });

  it.each(publishable.map((p) => p.manifest.name))(
    "%s: tarball holds dist only and concrete ranges",
    (name) => {
      const tarball = tarballs.get(name)!;
      const files = sh("tar", ["-tzf", tarball], work).trim().split("\n");
      const outside = files.filter(
        (f) => !/^package\/(dist\/|package\.json$|README\.md$|LICENSE|CHANGELOG\.md$)/.test(f),
      );
      expect(outside).toEqual([]);
      expect(files).toContain("package/README.md");
      const packed = JSON.parse(sh("tar", ["-xzOf", tarball, "package/package.json"], work)) as Manifest;
      const ranges = Object.values({ ...packed.dependencies, ...packed.peerDependencies });
      expect(ranges.filter((r) => r.startsWith("workspace:") || r.startsWith("catalog:"))).toEqual([]);
    },
  );
});

describe("install outside the workspace", () => {
  it("installs every tarball into an empty project and imports every entry point", () => {
    const app = join(work, "consumer");
    execFileSync("mkdir", ["-p", app]);
    writeFileSync(
      join(app, "package.json"),
      JSON.stringify({ name: "consumer", private: true, type: "module" }),
    );
    sh("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...tarballs.values()], app);
    const entries = publishable.flatMap(({ manifest }) =>
      Object.keys(manifest.exports ?? { ".": "" })
        .filter((k) => k !== "./package.json")
        .map((k) => (k === "." ? manifest.name : `${manifest.name}/${k.slice(2)}`)),
    );
    const script = `for (const e of ${JSON.stringify(entries)}) {
      const m = await import(e);
      const names = Object.keys(m);
      // A worker_threads entry is inert outside a worker and exports nothing; everything else must export.
      if (names.length === 0 && !e.endsWith("-worker")) throw new Error(e + " exports nothing");
      console.log(e + ": " + names.length);
    }`;
    const out = sh("node", ["--input-type=module", "-e", script], app);
    expect(out.trim().split("\n")).toHaveLength(entries.length);
  }, 600_000);
});
