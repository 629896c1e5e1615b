// The one bundler config every package extends in a line:
//   export { default } from "../../tsup.base.ts";
// Entries come from the package's own `exports` map (./dist/X.js <- ./src/X.ts),
// so adding a subpath export is a one-place change.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "tsup";

type ExportTarget = string | { import?: string; types?: string; default?: string };

function entriesFromExports(cwd: string): Record<string, string> {
  const pkg = JSON.parse(readFileSync(resolve(cwd, "package.json"), "utf8"));
  const entries: Record<string, string> = {};
  const bins: Record<string, string> =
    typeof pkg.bin === "string" ? { [pkg.name]: pkg.bin } : (pkg.bin ?? {});
  const targets: string[] = [];
  for (const target of Object.values(pkg.exports ?? {}) as ExportTarget[]) {
    const file = typeof target === "string" ? target : (target.import ?? target.default);
    if (file?.endsWith(".js")) targets.push(file);
  }
  targets.push(...Object.values(bins));
  for (const file of targets) {
    const name = file.replace(/^\.\/dist\//, "").replace(/\.js$/, "");
    entries[name] = `src/${name}.ts`;
  }
  return entries;
}

export default defineConfig(() => {
  const cwd = process.cwd();
  return {
    entry: entriesFromExports(cwd),
    format: ["esm"],
    target: "node20",
    platform: "neutral",
    dts: { compilerOptions: { composite: false } },
    // Builds resolve sibling packages through their built dist (turbo builds ^deps first), never through source paths.
    // (tsup bundles this file, so import.meta.dirname would be the package folder; bundle-require keeps import.meta.url.)
    // Its own file list is empty: without one TypeScript would take every .d.ts under the repo root, and a
    // sibling build cleaning its dist at that moment fails this one (TS6053).
    tsconfig: fileURLToPath(new URL("./tsconfig.build.json", import.meta.url)),
    external: [/^node:/],
    sourcemap: true,
    clean: true,
    splitting: true,
    treeshake: true,
    shims: false,
  };
});
