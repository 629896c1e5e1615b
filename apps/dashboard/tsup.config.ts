// Two builds into dist/. The library (index.js, for programmatic use) as every package builds it. The
// `pupil` bin bundled: cli.js and its run worker node-worker.js carry the workspace packages, zod and
// ml-matrix inside them, so a process (and each worker) compiles a few files instead of resolving and
// linking ~130 modules; ink and react stay external and load only for the live dashboard (a split chunk).
import { readFileSync } from "node:fs";
import { defineConfig, type Options } from "tsup";
import base from "../../tsup.base.ts";

/** The versions of the core packages inside the bundle, for a run's config.json (src/versions.ts). */
function bundledVersions(): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const dir of ["tensors", "plugin", "dynamics", "analysis", "experiments"]) {
    const pkg = JSON.parse(
      readFileSync(new URL(`../../packages/${dir}/package.json`, import.meta.url), "utf8"),
    );
    versions[pkg.name] = pkg.version;
  }
  return versions;
}

export default defineConfig((overrides) => {
  const shared = (base as (o: Options) => Options)(overrides);
  return [
    // Both builds write into dist/, so neither cleans it (the build script empties it first).
    { ...shared, entry: { index: "src/index.ts" }, clean: false },
    {
      ...shared,
      entry: {
        cli: "src/cli.ts",
        "node-worker": "src/node-worker.ts",
        // @pupil/dynamics finds its ensemble worker beside the module that holds it: here, this bundle.
        "sim/ensemble-worker": "../../packages/dynamics/src/sim/ensemble-worker.ts",
      },
      platform: "node",
      define: { __PUPIL_VERSIONS__: JSON.stringify(bundledVersions()) },
      dts: false,
      clean: false,
      // @pupil/datasets is inside too: outside, the distill kind's static import of it would load its
      // dist, @pupil/tensors' dist and an unbundled zod (~90 modules) at every start. Bundled, it finds
      // the data packages (fashion-mnist, mnist) and pngjs from here, so they are this package's
      // dependencies. The training kernels stay outside: only distill runs load them.
      noExternal: [/^@pupil\/(?!tfjs-wasm-train)/, "zod", "ml-matrix"],
      external: [
        /^node:/,
        "ink",
        "react",
        /^@tensorflow\//,
        /^@pupil\/tfjs-wasm-train/,
        "pngjs",
        "fashion-mnist",
        "mnist",
      ],
    },
  ];
});
