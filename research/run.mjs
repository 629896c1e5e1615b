// Runs pupil's model experiments from the TypeScript sources (bundled on the fly with esbuild, resolving the
// workspace packages through tsconfig.paths.json) and writes research/results/*.json plus the tables in
// packages/models/README.md. Run from anywhere; the paths below are fixed to this file's place.
//   node research/run.mjs spectral [--widths 20,40] [--arms spectral] [--epochs N] [--samples N] [--out file]
//   node research/run.mjs specialization [...]
//   node research/run.mjs tables          (regenerates the README tables from results/*.json)

import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const outDir = join(here, "node_modules", ".experiments");
mkdirSync(outDir, { recursive: true });
const outfile = join(outDir, `main-${process.pid}.mjs`);
await build({
  entryPoints: [join(here, "src", "main.ts")],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  outfile,
  tsconfig: join(root, "tsconfig.paths.json"),
  external: ["@tensorflow/*"],
  logLevel: "warning",
});
const { main } = await import(pathToFileURL(outfile).href);
await main(process.argv.slice(2), {
  results: join(here, "results"),
  readme: join(root, "packages", "models", "README.md"),
});
