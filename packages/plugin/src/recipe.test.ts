import { describe, expect, it } from "vitest";
import { defineActivation } from "./define.js";
import { ConfigError } from "./errors.js";
import { resolveRecipe } from "./recipe.js";
import type { PluginPack } from "./types.js";

const pack = (name: string, id: string): PluginPack => ({
  meta: { name, version: "1.0.0" },
  plugins: [defineActivation({ id, f: (z) => z, df: () => 1, tf: (_tf, x) => x })],
});
const modules: Record<string, unknown> = {
  builtin: pack("builtin", "lin"),
  "./mine.js": { default: pack("mine", "acme/lin") },
  "./empty.js": { default: 42 },
};
const load = (spec: string) => {
  if (!(spec in modules)) throw new Error(`cannot find ${spec}`);
  return modules[spec];
};

describe("resolveRecipe", () => {
  it("loads built-in packs and modules through the host's loader into a frozen registry that keeps its recipe", async () => {
    const recipe = { builtins: ["builtin"], modules: ["./mine.js"] };
    const registry = await resolveRecipe(recipe, load);
    expect(registry.frozen).toBe(true);
    expect(registry.list("activation").map((p) => p.id)).toEqual(["lin", "acme/lin"]);
    expect(registry.recipe).toEqual(recipe);
    // The recipe is plain data: it survives structured cloning (a worker) and JSON (a Slurm job).
    expect(JSON.parse(JSON.stringify(registry.recipe))).toEqual(recipe);
    expect(structuredClone(registry.recipe)).toEqual(recipe);
  });

  it("reports every bad module at once, by its place in the config", async () => {
    const error = await resolveRecipe(
      { builtins: ["builtin"], modules: ["./nope.js", "./empty.js"] },
      load,
    ).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((i) => i.path)).toEqual(["plugins[0]", "plugins[1]"]);
  });
});
