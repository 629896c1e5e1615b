// Browser vs Node simulation throughput: the same long online run (quadratic, N = 1000, p = 4, p* = 2, to
// α = 200: 200 000 SGD steps) played in the built playground's Web Worker in headless Chromium, and run in
// Node through the same engine path the worker uses (setupRun + runEngine, a checkpoint kept every point).
// Prints SGD steps/s of each and the ratio browser/Node (the goal is ≥ 0.8×; printed, not asserted).
// Needs the built app (pnpm exec turbo run build --filter @pupil/playground...) and /usr/bin/chromium.
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { loadavg, tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { buildRegistry, RunControl, resolveConfig, runEngine, setupRun } from "@pupil/experiments";
import activations from "@pupil/plugin-activations";
import metrics from "@pupil/plugin-metrics";
import teachers from "@pupil/plugin-teachers";

const CHROMIUM = "/usr/bin/chromium";
const app = join(import.meta.dirname, "..");
const dist = join(app, "dist");
const ROUNDS = 3;

const CONFIG = {
  name: "long-online",
  kind: "online",
  seed: 1,
  N: 1000,
  lr: 0.2,
  alphaMax: 200,
  model: { activation: "quadratic", p: 4, pStar: 2 },
};
const HASH =
  "v=1&name=long-online&kind=online&seed=1&N=1000&lr=0.2&alphaMax=200&model.activation=quadratic&model.p=4&model.pStar=2";

if (!existsSync(join(dist, "index.html"))) {
  console.log(
    "playground throughput: no built app; run `pnpm exec turbo run build --filter @pupil/playground...`",
  );
  process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  console.log(`playground throughput: no ${CHROMIUM} (pnpm system-deps installs it)`);
  process.exit(1);
}
// playwright-core is the browser tests' dependency; the benchmark borrows it from there.
const { chromium } = createRequire(join(app, "../../tests/browser/package.json"))("playwright-core");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
};
const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)).replace(
    /^(\.\.[/\\])+/,
    "",
  );
  let file = join(dist, path);
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
  if (!file.startsWith(dist) || !existsSync(file)) {
    res.writeHead(404).end("not found");
    return;
  }
  res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
  createReadStream(file).pipe(res);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${server.address().port}/`;

/** Plays the run to its end in the page's worker; SGD steps per wall-clock second from play to done. */
async function browserRate(page) {
  await page.goto(`${url}#${HASH}`);
  await page.reload();
  await page.waitForFunction(() => {
    const v = window.__pupilPlayground?.view();
    return v?.status === "paused" && v.snapshots.length > 0;
  });
  const { steps, seconds, kernel } = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const view = () => window.__pupilPlayground.view();
        const start = view().snapshots.at(-1).step;
        const t0 = performance.now();
        document.querySelector("[data-testid=play]").click();
        const poll = () => {
          const v = view();
          if (v.status === "done" || v.error)
            resolve({
              steps: v.snapshots.at(-1).step - start,
              seconds: (performance.now() - t0) / 1000,
              kernel: v.info?.kernel,
            });
          else setTimeout(poll, 5);
        };
        poll();
      }),
  );
  return { rate: steps / seconds, steps, seconds, kernel };
}

/** The same config through setupRun + runEngine in this Node process. */
async function nodeRate() {
  const registry = buildRegistry({ packs: [activations, teachers, metrics] });
  const config = resolveConfig(CONFIG, { registry });
  const setup = setupRun(config, registry);
  let sources = [];
  const timed = {
    ...setup,
    createSources: () => {
      sources = setup.createSources();
      return sources;
    },
  };
  const t0 = performance.now();
  let last;
  const options = { checkpointEvery: 1, divergenceBound: config.divergence.egMax };
  for await (const e of runEngine(timed, new RunControl(), options))
    if (e.type === "snapshot") last = e.snapshot;
  const seconds = (performance.now() - t0) / 1000;
  return { rate: last.step / seconds, steps: last.step, seconds, kernel: sources[0]?.sim?.kernelName };
}

const profile = mkdtempSync(join(tmpdir(), "pupil-bench-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
const page = await context.newPage();
const fmt = (r) =>
  `${Math.round(r.rate)} SGD steps/s (${r.steps} steps in ${r.seconds.toFixed(2)} s, kernel ${r.kernel})`;
const ratios = [];
try {
  // Alternating rounds, so a load change on a shared machine hits both sides alike.
  for (let round = 1; round <= ROUNDS; round++) {
    const browser = await browserRate(page);
    const node = await nodeRate();
    ratios.push(browser.rate / node.rate);
    console.log(
      `round ${round}: browser worker ${fmt(browser)}; Node ${fmt(node)}; ratio ${(browser.rate / node.rate).toFixed(2)}`,
    );
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  server.close();
}
ratios.sort((a, b) => a - b);
console.log(
  `playground throughput, online quadratic N=1000 p=4 p*=2 to α=200: browser/Node ratio, median of ${ROUNDS} rounds ` +
    `${ratios[Math.floor(ROUNDS / 2)].toFixed(2)} (all: ${ratios.map((r) => r.toFixed(2)).join(", ")}; goal ≥ 0.8); load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}`,
);
