// One vitest run over the whole workspace: every package, plugin, app and tests/ folder is a project.
// Workspace packages resolve to their TypeScript sources (./dist/X.js -> ./src/X.ts), so tests never
// wait for a build.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;
const groups = ["packages", "plugins", "apps", "tests"];

const dirs = groups.flatMap((group) => {
  const base = join(root, group);
  if (!existsSync(base)) return [];
  return readdirSync(base, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(base, d.name, "package.json")))
    .map((d) => join(group, d.name));
});
// research/ is a single private package (the experiment scripts), not a group of them.
if (existsSync(join(root, "research", "package.json"))) dirs.push("research");

const alias: { find: string | RegExp; replacement: string }[] = [];
for (const dir of dirs) {
  const pkg = JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8"));
  for (const [key, target] of Object.entries<unknown>(pkg.exports ?? {})) {
    const file =
      typeof target === "string" ? target : (target as { import?: string; default?: string }).import;
    if (!file?.startsWith("./dist/") || !file.endsWith(".js")) continue;
    const src = resolve(root, dir, file.replace(/^\.\/dist\//, "src/").replace(/\.js$/, ".ts"));
    const name = key === "." ? pkg.name : `${pkg.name}/${key.slice(2)}`;
    alias.push({ find: new RegExp(`^${name.replace(/[/.]/g, "\\$&")}$`), replacement: src });
  }
}

export default defineConfig({
  resolve: { alias },
  test: {
    projects: dirs.map((dir) => ({
      extends: true,
      test: {
        name: dir,
        dir: resolve(root, dir),
        include: ["**/*.test.{ts,tsx}"],
        exclude: ["**/node_modules/**", "**/dist/**"],
      },
    })),
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
