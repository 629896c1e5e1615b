// Vite 8 builds the playground from the workspace's TypeScript sources (no package needs building first):
// every @pupil/* import resolves to its src/ file, as in /vitest.config.ts. `base: "./"` keeps every URL
// relative, so dist/ works from any static file server and any sub-path.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { datasetsPlugin } from "./datasets-plugin.js";

const root = resolve(import.meta.dirname, "..", "..");

function workspaceAliases(): { find: RegExp; replacement: string }[] {
  const out: { find: RegExp; replacement: string }[] = [];
  for (const group of ["packages", "plugins"]) {
    for (const d of readdirSync(join(root, group), { withFileTypes: true })) {
      const manifest = join(root, group, d.name, "package.json");
      if (!d.isDirectory() || !existsSync(manifest)) continue;
      const pkg = JSON.parse(readFileSync(manifest, "utf8"));
      for (const [key, target] of Object.entries<unknown>(pkg.exports ?? {})) {
        const file = typeof target === "string" ? target : (target as { import?: string }).import;
        if (!file?.startsWith("./dist/") || !file.endsWith(".js")) continue;
        const src = join(root, group, d.name, file.replace(/^\.\/dist\//, "src/").replace(/\.js$/, ".ts"));
        const name = key === "." ? pkg.name : `${pkg.name}/${key.slice(2)}`;
        out.push({ find: new RegExp(`^${name.replace(/[/.]/g, "\\$&")}$`), replacement: src });
      }
    }
  }
  return out;
}

export default defineConfig({
  base: "./",
  plugins: [react(), datasetsPlugin(join(import.meta.dirname, ".datasets"))],
  resolve: {
    alias: [...workspaceAliases()],
  },
  worker: { format: "es" },
  build: {
    target: "es2022",
    chunkSizeWarningLimit: 4000,
    sourcemap: false,
  },
  server: { host: "127.0.0.1" },
});
