// The engine entry and the worker entry bundle for the browser: no Node built-in may be pulled in (the
// playground runs them in a Web Worker). esbuild fails on a node:* import with platform "browser".
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../../..");

describe("browser bundle", () => {
  it("@pupil/experiments and @pupil/experiments/worker bundle with platform browser and no node:* module", async () => {
    const result = await build({
      entryPoints: [join(import.meta.dirname, "index.ts"), join(import.meta.dirname, "worker.ts")],
      bundle: true,
      write: false,
      outdir: "out",
      format: "esm",
      platform: "browser",
      tsconfig: join(root, "tsconfig.paths.json"),
      external: ["@tensorflow/*"],
      metafile: true,
      logLevel: "silent",
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((f) => f.endsWith("src/run/engine.ts"))).toBe(true);
    const nodeOnly = inputs.filter((f) => /(^|\/)(node:|node\/|rundir\/(files|jsonl|run|versions))/.test(f));
    expect(nodeOnly).toEqual([]);
    const imports = Object.values(result.metafile.inputs).flatMap((i) => i.imports.map((x) => x.path));
    expect(imports.filter((p) => p.startsWith("node:") || p === "fs" || p === "worker_threads")).toEqual([]);
  });
});
