import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "@pupil/plugin";
import { afterAll, describe, expect, it } from "vitest";
import { registryOfModules, resolveNodeRecipe, resolvePluginModules } from "./plugins.js";

const dir = mkdtempSync(join(tmpdir(), "pupil-plugins-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pack = (id: string) => `export default {
  meta: { name: "acme-${id}", version: "1.0.0" },
  plugins: [{ kind: "activation", id: "acme/${id}", apiVersion: 1, parity: "odd",
    f: (z) => z * z * z, df: (z) => 3 * z * z, tf: (tf, x) => tf.mul(x, tf.mul(x, x)) }],
};\n`;

writeFileSync(join(dir, "cube.mjs"), pack("cube"));
writeFileSync(join(dir, "not-a-pack.mjs"), "export default 42;\n");
mkdirSync(join(dir, "node_modules", "@acme", "odd"), { recursive: true });
writeFileSync(
  join(dir, "node_modules", "@acme", "odd", "package.json"),
  JSON.stringify({ name: "@acme/odd", type: "module", exports: { ".": { import: "./main.js" } } }),
);
writeFileSync(join(dir, "node_modules", "@acme", "odd", "main.js"), pack("odd"));
mkdirSync(join(dir, "configs"));

describe("plugin modules", () => {
  it("resolves relative paths and npm names from the config's folder, and registers their packs", async () => {
    // a config in dir/configs names ../cube.mjs and @acme/odd (found in dir/node_modules, one level up)
    const urls = resolvePluginModules(["../cube.mjs", "@acme/odd"], join(dir, "configs"));
    const registry = await registryOfModules(urls);
    expect(registry.has("activation", "acme/cube")).toBe(true);
    expect(registry.get("activation", "acme/odd").f(2)).toBe(8);
    expect(registry.frozen).toBe(true);
    expect(registry.recipe).toEqual({ builtins: [], modules: urls });
  });

  it("names every specifier that cannot be found, and modules that are not packs", async () => {
    try {
      resolvePluginModules(["./missing.mjs", "../cube.mjs", "no-such-package"], join(dir, "configs"));
      throw new Error("expected a ConfigError");
    } catch (error) {
      expect((error as ConfigError).issues.map((i) => i.path)).toEqual(["plugins[0]", "plugins[2]"]);
    }
    const urls = resolvePluginModules(["./not-a-pack.mjs"], dir);
    await expect(registryOfModules(urls)).rejects.toBeInstanceOf(ConfigError);
    // Code named by a URL is never loaded.
    const remote = await resolveNodeRecipe({ builtins: [], modules: ["https://example.com/x.js"] }).catch(
      (e) => e,
    );
    expect((remote as ConfigError).issues[0].expected).toMatch(/refusing to load/);
  });
});
