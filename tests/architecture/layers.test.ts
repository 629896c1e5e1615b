// The layer order of docs/architecture.md, enforced: every workspace package's package.json dependencies and
// every `@pupil/…` import in its sources must point to a strictly lower layer, core packages must not import
// a plugin outside their tests, and the whole graph must be acyclic.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");

/** Bottom first. Packages on one line may not import each other. */
const LAYERS: readonly (readonly string[])[] = [
  ["packages/tensors", "packages/tfjs-wasm-train"],
  ["packages/plugin", "packages/datasets"],
  ["plugins/*"],
  ["packages/dynamics", "packages/models"],
  ["packages/analysis"],
  ["packages/experiments"],
  ["apps/*"],
  ["research", "tests/*"],
];

/** Core folders: they take plugins as values and import no plugin package outside their tests. */
const isCore = (dir: string) => dir.startsWith("packages/");
const isPlugin = (dir: string) => dir.startsWith("plugins/");

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

function workspaceDirs(): string[] {
  const dirs = existsSync(join(root, "research", "package.json")) ? ["research"] : [];
  for (const group of ["packages", "plugins", "apps", "tests"]) {
    const base = join(root, group);
    if (!existsSync(base)) continue;
    for (const d of readdirSync(base, { withFileTypes: true })) {
      if (d.isDirectory() && existsSync(join(base, d.name, "package.json"))) dirs.push(`${group}/${d.name}`);
    }
  }
  return dirs;
}

function layerOf(dir: string): number {
  return LAYERS.findIndex((line) =>
    line.some((entry) => (entry.endsWith("/*") ? dir.startsWith(entry.slice(0, -1)) : dir === entry)),
  );
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "node_modules" || name === "dist") return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts|js|mjs)$/.test(name) ? [path] : [];
  });
}

/** Tests and their helpers may use the built-in plugins as fixtures. */
const isTestFile = (path: string) => /\.(test|test-util|bench)\.|\/__tests__\//.test(path);

const IMPORT = /(?:^|[^\w.$])(?:from|import)\s*\(?\s*["'](@pupil[\w-]*\/[\w-]+)/g;

interface Edge {
  from: string;
  to: string;
  where: string;
  /** Part of what the package ships (a dependency or a non-test source file). */
  shipped: boolean;
}

const dirs = workspaceDirs();
const manifests = new Map(
  dirs.map((dir) => [dir, JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")) as Manifest]),
);
const dirByName = new Map([...manifests].map(([dir, m]) => [m.name, dir]));

function edges(): Edge[] {
  const out: Edge[] = [];
  for (const [dir, m] of manifests) {
    const fields = ["dependencies", "peerDependencies", "devDependencies"] as const;
    for (const field of fields) {
      for (const name of Object.keys(m[field] ?? {})) {
        const to = dirByName.get(name);
        if (to)
          out.push({
            from: dir,
            to,
            where: `${dir}/package.json ${field}`,
            shipped: field !== "devDependencies",
          });
      }
    }
    for (const file of sourceFiles(join(root, dir, "src"))) {
      // Line comments go first: a usage example in a doc comment is not an import.
      const text = readFileSync(file, "utf8").replace(/^\s*\/\/.*$/gm, "");
      for (const match of text.matchAll(IMPORT)) {
        const to = dirByName.get(match[1]!);
        const where = relative(root, file);
        if (to && to !== dir) out.push({ from: dir, to, where, shipped: !isTestFile(where) });
      }
    }
  }
  return out;
}

const all = edges();

function upwardEdges(list: readonly Edge[]): string[] {
  return list
    .filter((e) => layerOf(e.to) >= layerOf(e.from))
    .map((e) => `${e.where}: ${e.from} (layer ${layerOf(e.from)}) -> ${e.to} (layer ${layerOf(e.to)})`);
}

function coreImportsOfPlugins(list: readonly Edge[]): string[] {
  return list
    .filter((e) => isCore(e.from) && e.shipped && (isPlugin(e.to) || e.to.startsWith("apps/")))
    .map((e) => `${e.where}: ${e.from} -> ${e.to}`);
}

function cycles(list: readonly Edge[]): string[] {
  const next = new Map<string, Set<string>>();
  for (const e of list) next.set(e.from, (next.get(e.from) ?? new Set()).add(e.to));
  const state = new Map<string, "open" | "done">();
  const found: string[] = [];
  const visit = (dir: string, path: string[]) => {
    if (state.get(dir) === "done") return;
    if (state.get(dir) === "open") {
      found.push([...path.slice(path.indexOf(dir)), dir].join(" -> "));
      return;
    }
    state.set(dir, "open");
    for (const to of next.get(dir) ?? []) visit(to, [...path, dir]);
    state.set(dir, "done");
  };
  for (const dir of next.keys()) visit(dir, []);
  return found;
}

describe("layers (docs/architecture.md)", () => {
  it("places every workspace package on a layer", () => {
    expect(dirs.filter((dir) => layerOf(dir) < 0)).toEqual([]);
    expect(dirs).toContain("packages/dynamics");
    expect(all.length).toBeGreaterThan(20);
  });

  it("imports only from lower layers (package.json and sources)", () => {
    expect(upwardEdges(all)).toEqual([]);
  });

  it("keeps dynamics and models siblings", () => {
    const between = all.filter(
      (e) =>
        (e.from === "packages/dynamics" && e.to === "packages/models") ||
        (e.from === "packages/models" && e.to === "packages/dynamics"),
    );
    expect(between).toEqual([]);
  });

  it("core packages import no plugin package and no app outside their tests", () => {
    expect(coreImportsOfPlugins(all)).toEqual([]);
  });

  it("has no cycle", () => {
    expect(cycles(all)).toEqual([]);
  });

  it("the rules catch a violation (an upward, a sibling, a core-to-plugin and a cyclic edge)", () => {
    const edge = (from: string, to: string, shipped = true): Edge => ({ from, to, where: "x.ts", shipped });
    expect(upwardEdges([edge("packages/tensors", "packages/plugin")])).toHaveLength(1);
    expect(upwardEdges([edge("packages/models", "packages/dynamics")])).toHaveLength(1);
    expect(upwardEdges([edge("packages/analysis", "packages/dynamics")])).toEqual([]);
    expect(coreImportsOfPlugins([edge("packages/dynamics", "plugins/activations")])).toHaveLength(1);
    expect(coreImportsOfPlugins([edge("packages/dynamics", "plugins/activations", false)])).toEqual([]);
    expect(cycles([edge("a", "b"), edge("b", "c"), edge("c", "a")])).toEqual(["a -> b -> c -> a"]);
    expect(cycles([edge("a", "b"), edge("a", "c"), edge("b", "c")])).toEqual([]);
    const sample =
      'import { x } from "@pupil/dynamics";\nexport * from "@pupil/plugin/testing";\nawait import("@pupil/models");';
    expect([...sample.matchAll(IMPORT)].map((m) => m[1])).toEqual([
      "@pupil/dynamics",
      "@pupil/plugin",
      "@pupil/models",
    ]);
  });
});
