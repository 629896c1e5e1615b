// The built web playground (apps/playground/dist) in Debian's Chromium: every preset plays, the transport
// (play, pause, step, reset) does what it says, the URL is the state, a broken URL names its field, an
// exported config runs through the built CLI to the same first snapshots, a CLI run directory opens, and
// the main thread stays responsive while a long run plays. Screenshots go to tests/browser/screenshots/.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { Snapshot } from "@pupil/plugin";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorkspaceOnce } from "../../support/build-once.js";
import { chromiumMissing, launchChromium } from "./chromium.js";
import { serveStatic } from "./static-server.js";

const root = join(import.meta.dirname, "..", "..", "..");
const dist = join(root, "apps", "playground", "dist");
const cli = join(root, "apps", "dashboard", "dist", "cli.js");
const shots = join(import.meta.dirname, "..", "screenshots");
const tmp = mkdtempSync(join(tmpdir(), "pupil-browser-"));

let server: Awaited<ReturnType<typeof serveStatic>> | undefined;
let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];

interface PageView {
  status: string;
  snapshots: Snapshot[];
  issues: unknown[];
  error?: string;
  info?: { kind: string; N: number };
  throughput?: { value: number; unit: string };
  backend?: { name: string; detail: string };
}

const view = (): Promise<PageView> =>
  page.evaluate(() => {
    const v = (window as unknown as { __pupilPlayground: { view: () => PageView } }).__pupilPlayground.view();
    return JSON.parse(JSON.stringify(v)) as PageView;
  });

async function waitFor(
  predicate: (v: PageView) => boolean,
  what: string,
  timeout = 30_000,
): Promise<PageView> {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await view();
    if (predicate(v)) return v;
    if (v.error) throw new Error(`${what}: the page reports an error: ${v.error}`);
    if (Date.now() > end)
      throw new Error(`${what}: timed out; status ${v.status}, ${v.snapshots.length} snapshots`);
    await page.waitForTimeout(100);
  }
}

/** The largest |a − b| / max(|a|, |b|, 1e-3) over every number of two JSON values of the same shape. */
function maxRelativeDifference(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") {
    if (a === b) return 0;
    // Overlaps are O(1): entries near 0 (T's off-diagonal, ~1e-17) are compared on that scale, not their own.
    return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-3);
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return Number.POSITIVE_INFINITY;
    return a.reduce((m: number, x, i) => Math.max(m, maxRelativeDifference(x, b[i])), 0);
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    let m = 0;
    for (const k of keys)
      m = Math.max(
        m,
        maxRelativeDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
      );
    return m;
  }
  return a === b ? 0 : Number.POSITIVE_INFINITY;
}

const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

/** Opens a hash on a fresh load and waits until the run is ready (paused at its start). */
async function open(hash: string): Promise<void> {
  await page.goto(`${server?.url}#${hash}`);
  await page.reload();
  await page.waitForFunction(
    () =>
      !!document.querySelector("[data-testid=url-error]") ||
      (
        window as unknown as { __pupilPlayground?: { view: () => { status: string } } }
      ).__pupilPlayground?.view().status !== "idle",
  );
}

// A small paired quadratic run, the same one the CLI end-to-end tests use.
const LONG_CONFIG = {
  name: "long-online",
  kind: "online",
  seed: 1,
  N: 1000,
  lr: 0.2,
  alphaMax: 5000,
  model: { activation: "quadratic", p: 4, pStar: 2 },
};
const LONG =
  "v=1&name=long-online&kind=online&seed=1&N=1000&lr=0.2&alphaMax=5000&model.activation=quadratic&model.p=4&model.pStar=2";
const SMALL =
  "v=1&name=browser-small&kind=paired&seed=4&N=400&lr=0.3&alphaMax=40&model.activation=quadratic&model.p=3&model.pStar=2&record.perDecade=10";

// Under CI a missing Chromium is a failure, never a skip (pnpm system-deps installs it).
if (chromiumMissing && process.env.CI === "true") {
  describe("Chromium in CI", () => {
    it("has /usr/bin/chromium (pnpm system-deps installs it)", () => {
      expect(chromiumMissing, "/usr/bin/chromium is absent").toBe(false);
    });
  });
}

describe.skipIf(chromiumMissing)(
  `web playground in Chromium${chromiumMissing ? " (skipped: /usr/bin/chromium is absent; apt-get install chromium)" : ""}`,
  () => {
    beforeAll(async () => {
      buildWorkspaceOnce();
      mkdirSync(shots, { recursive: true });
      server = await serveStatic(dist);
      browser = await launchChromium();
      context = browser.context;
      page = context.pages()[0] ?? (await context.newPage());
      page.on("console", (m) => {
        if (m.type() === "error") consoleErrors.push(m.text());
      });
      page.on("pageerror", (e) => consoleErrors.push(e.message));
      page.on("response", (r) => {
        if (r.status() >= 400) consoleErrors.push(`HTTP ${r.status()} ${r.url()}`);
      });
    }, 900_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      rmSync(tmp, { recursive: true, force: true });
    });

    it("loads the default preset with a worker, a tfjs backend and no console errors", async () => {
      await page.goto(server?.url ?? "");
      // The kernel is known once the engine has made its sources (it arrives before the first snapshots).
      const v = await waitFor(
        (x) => x.status === "paused" && !!x.backend && x.snapshots.length >= 1,
        "default preset ready",
      );
      expect(page.url()).toContain("#v=1&");
      // The static build refers to its assets by relative paths (it works from any sub-path).
      const html = readFileSync(join(dist, "index.html"), "utf8");
      expect(html).toMatch(/src="\.\/assets\//);
      expect(html).not.toMatch(/(src|href)="\/(?!\/)/);
      expect(v.info?.kind).toBe("paired");
      // The simulation steps on the WebAssembly SIMD kernel in the browser bundle, not the JS fallback.
      expect((v.info as { kernel?: string }).kernel).toBe("wasm");
      expect(await page.getByTestId("kernel").textContent()).toBe("wasm SIMD");
      expect(["webgl", "wasm", "cpu"]).toContain(v.backend?.name);
      console.log(`tfjs backend in Chromium: ${v.backend?.name} (${v.backend?.detail})`);
      // The conserved panel names its case from the initial overlaps: a random start (Q0 ≈ I + O(N^-½)) does
      // not commute with M0M0ᵀ, so Π(M) is not expected to be conserved.
      await expect
        .poll(() => page.getByTestId("conserved-case").textContent(), { timeout: 20_000 })
        .toMatch(/^Π\(M\): not expected to be conserved here — .*Q0 does not commute with M0M0ᵀ/);
      await shot("01-default");
      expect(consoleErrors).toEqual([]);
    }, 60_000);

    it("plays, pauses, steps by one SGD step and by Δα, and resets to the same initial overlaps", async () => {
      await open(SMALL.replace("alphaMax=40", "alphaMax=4000")); // long enough to pause before the end
      const start = await waitFor((v) => v.snapshots.length >= 2, "α = 0 shown before play");
      const initial = start.snapshots.filter((s) => s.t === 0);
      expect(initial.map((s) => s.source)).toEqual(["ode", "sim"]);
      expect(initial[0].overlaps?.M).toEqual(initial[1].overlaps?.M); // paired: the ODE starts at the simulation's overlaps

      await page.getByTestId("play").click();
      await waitFor((v) => v.status === "running" && v.snapshots.length > 12, "playing");
      await page.getByTestId("play").click();
      await waitFor((v) => v.status === "paused", "paused");
      await page.waitForTimeout(300);
      const paused = (await view()).snapshots.length;
      await page.waitForTimeout(800);
      expect((await view()).snapshots.length).toBe(paused);

      const lastSim = (v: PageView) => v.snapshots.filter((s) => s.source === "sim").at(-1) as Snapshot;
      await page.getByTestId("step-size").selectOption("sgd");
      const before = lastSim(await view());
      await page.getByTestId("step").click();
      const afterSgd = lastSim(await waitFor((v) => lastSim(v).step > before.step, "one SGD step"));
      expect(afterSgd.step).toBe(before.step + 1);
      expect(afterSgd.t).toBeCloseTo((before.step + 1) / 400, 12);
      expect(await page.getByTestId("counter").getAttribute("data-steps")).toBe(String(before.step + 1));

      await page.getByTestId("step-size").selectOption("a1");
      await page.getByTestId("step").click();
      // Δα is the engine's stepTo: recorded grid points on the way come through, then the run stops at α + 1
      const afterAlpha = lastSim(
        await waitFor((v) => lastSim(v).step >= afterSgd.step + 400, "a Δα = 1 step"),
      );
      expect(afterAlpha.step).toBe(afterSgd.step + 400);
      await page.waitForTimeout(500);
      const held = await view();
      expect(lastSim(held).step).toBe(afterSgd.step + 400);
      expect(held.status).toBe("paused");
      await shot("02-stepped");

      await page.getByTestId("reset").click();
      const reset = await waitFor(
        (v) => v.snapshots.length === 2 && v.snapshots.every((s) => s.t === 0),
        "reset to α = 0",
      );
      expect(reset.snapshots.map((s) => s.overlaps)).toEqual(initial.map((s) => s.overlaps));
      expect(reset.snapshots.map((s) => s.loss)).toEqual(initial.map((s) => s.loss));
    }, 120_000);

    it("draws several seeds as mean ± std with the ODE on top; the band's numbers are those of Node runs", async () => {
      const seeds = 4;
      const base = {
        kind: "online",
        seed: 21,
        N: 300,
        lr: 0.3,
        alphaMax: 30,
        model: { activation: "erf", p: 2, pStar: 2 },
      };
      await open(
        `v=1&name=seed-band&kind=paired&seed=21&N=300&lr=0.3&alphaMax=30&model.activation=erf&model.p=2&model.pStar=2&_seeds=${seeds}`,
      );
      const status = page.getByTestId("seeds-status");
      await page.waitForFunction(
        (n) =>
          document.querySelector("[data-testid=seeds-status]")?.getAttribute("data-seeds-done") === String(n),
        seeds,
        { timeout: 90_000 },
      );
      await page.waitForTimeout(300);
      expect(await status.textContent()).toMatch(new RegExp(`^${seeds} of ${seeds} seeds done`));
      await expect.poll(() => page.getByTestId("chart-seeds").count()).toBe(1);
      await page.getByTestId("panel-seeds").scrollIntoViewIfNeeded();
      await page.getByTestId("panel-seeds").screenshot({ path: join(shots, "11-seed-band.png") });
      // Independent route: the same seeds run by the CLI's engine in Node, mean and sample std by hand.
      const { openRun, recipeRegistry } = await import("../../../apps/playground/src/worker/engine.js");
      const registry = await recipeRegistry();
      const finals: number[] = [];
      for (let k = 0; k < seeds; k++) {
        let last: Snapshot | undefined;
        for await (const out of openRun({ ...base, seed: 21 + k }, registry).outputs())
          if (out.type === "snapshot") last = out.snapshot;
        finals.push(last?.loss.gen as number);
      }
      const mean = finals.reduce((a, b) => a + b, 0) / seeds;
      const std = Math.sqrt(finals.reduce((a, b) => a + (b - mean) ** 2, 0) / (seeds - 1));
      expect(Number(await status.getAttribute("data-final-alpha"))).toBe(30);
      expect(maxRelativeDifference(Number(await status.getAttribute("data-final-mean")), mean)).toBeLessThan(
        1e-9,
      );
      expect(maxRelativeDifference(Number(await status.getAttribute("data-final-std")), std)).toBeLessThan(
        1e-9,
      );
      expect(std).toBeGreaterThan(0);
      // The seed count is part of the link: changing it rewrites the URL and restarts the band.
      await page.getByTestId("seeds").fill("3");
      await page.waitForFunction(() => location.hash.includes("_seeds=3"));
      await page.waitForFunction(() =>
        /^\d of 3 seeds/.test(document.querySelector("[data-testid=seeds-status]")?.textContent ?? ""),
      );
    }, 180_000);

    it("plays every preset (the data set picker)", async () => {
      await page.goto(server?.url ?? "");
      await waitFor((v) => v.status === "paused", "default preset");
      const names = await page
        .locator("[data-testid^=preset-]")
        .evaluateAll((els) => els.map((e) => e.getAttribute("data-testid")?.slice(7) ?? ""));
      expect(names.length).toBeGreaterThanOrEqual(9);
      for (const name of names) {
        await page.getByTestId(`preset-${name}`).click();
        const ready = await waitFor(
          (v) =>
            v.status === "paused" &&
            // A distill run waits for play before its first epoch; the others show their start.
            (v.snapshots.length >= 1 || v.info?.kind === "distill") &&
            page.url().includes(`name=${name}&`),
          `preset ${name} ready`,
          90_000,
        );
        // A re-picked preset restarts its worker: under load the button can stay disabled for a while.
        await page.getByTestId("play").click({ timeout: 90_000 });
        if (ready.info?.kind === "train" || ready.info?.kind === "distill") {
          // Training presets take seconds per evaluation (a distill epoch more): check that they run and pause.
          await waitFor((v) => v.status === "running", `${name} running`);
          await page.waitForTimeout(1500);
        } else {
          await waitFor(
            (v) => v.snapshots.length >= ready.snapshots.length + 10 || v.status === "done",
            `${name} advancing`,
            60_000,
          );
        }
        const status = (await view()).status;
        if (status === "running") {
          // Pause; a short run may reach its end (its button then disabled) before a click lands, which is as
          // good: checked and clicked in one step in the page, so the end cannot slip in between.
          await page.waitForFunction(
            () => {
              const button = document.querySelector<HTMLButtonElement>("[data-testid=play]");
              if (!button) return false;
              if (button.disabled) return button.getAttribute("aria-label") === "play";
              button.click();
              return true;
            },
            undefined,
            { timeout: 90_000 },
          );
          await waitFor((v) => v.status === "paused" || v.status === "done", `${name} paused`, 90_000);
        }
        if (name === "spectral-pruning") {
          // Node ranking by eigenvalue importance and the "prune to k" slider.
          await page.getByTestId("node-ranking").waitFor();
          await page.getByTestId("prune-k").fill("12");
          expect(await page.getByTestId("prune-readout").textContent()).toContain("k = 12 of 80");
        }
        if (name === "specialization") {
          await page.getByTestId("panel-specialization").waitFor();
          expect(await page.getByTestId("specialization-order").textContent()).toContain(
            "order of specialisation",
          );
        }
        await shot(`03-preset-${name}`);
      }
      expect(consoleErrors).toEqual([]);
    }, 600_000);

    it("draws the pruning ramp of a (shortened) spectral run, with the prune-to-k readout", async () => {
      await page.goto(server?.url ?? "");
      await waitFor((v) => v.status === "paused", "default preset");
      await page.getByTestId("preset-spectral-pruning").click();
      await page.waitForFunction(() => location.hash.includes("name=spectral-pruning&"));
      const hash = new URL(page.url()).hash
        .slice(1)
        .replace("train.epochs=1500", "train.epochs=100")
        .replace("train.evalEvery=100", "train.evalEvery=50")
        .replace("train.data.train=10000", "train.data.train=2000");
      expect(hash).toContain("train.epochs=100&");
      await open(hash);
      await waitFor(
        (v) => v.status === "paused" && v.snapshots.length >= 1,
        "short spectral run ready",
        60_000,
      );
      await page.getByTestId("play").click();
      await waitFor((v) => v.status === "done", "short spectral run to the end", 120_000);
      await page.getByTestId("chart-pruning").waitFor();
      await page.getByTestId("prune-k").fill("20");
      expect(await page.getByTestId("prune-readout").textContent()).toMatch(
        /k = 20 of 80 nodes: test MSE \d/,
      );
      // A long CLI command scrolls inside its box; the page itself never gets wider than the window.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await shot("10-spectral-ramp");
    }, 180_000);

    it("keeps the state in the URL: a changed control survives a reload", async () => {
      await open(SMALL);
      const lr = page.getByTestId("control-lr");
      await lr.fill("0.25");
      await lr.press("Enter");
      await page.waitForFunction(() => location.hash.includes("lr=0.25"));
      const hash = new URL(page.url()).hash;
      await page.reload();
      await waitFor((v) => v.status === "paused" && v.snapshots.length >= 2, "reloaded");
      expect(new URL(page.url()).hash).toBe(hash);
      expect(await page.getByTestId("control-lr").inputValue()).toBe("0.25");
      const v = await view();
      expect((v.info as unknown as { resolved: { lr: number } }).resolved.lr).toBe(0.25);
      // The N slider of the ODE-vs-simulation view is a control like the others.
      await page.getByTestId("overlay-N").fill("5"); // the ladder 100 … 10000 with 400 inserted: index 5 = 2000
      await page.waitForFunction(() => location.hash.includes("N=2000"));
      await waitFor((x) => x.info?.N === 2000 && x.snapshots.length >= 2, "restarted at N = 2000");
      // A plugin's own params schema becomes controls: leaky-relu's slope (min −1, max 1).
      await page.getByTestId("control-model.activation").selectOption("leaky-relu");
      const slope = page.getByTestId("control-model.activation.params.slope");
      await slope.waitFor();
      expect(await slope.inputValue()).toBe("0.01");
      await slope.fill("0.2");
      await slope.press("Enter");
      await page.waitForFunction(() =>
        location.hash.includes("model.activation.id=leaky-relu&model.activation.params.slope=0.2"),
      );
      await waitFor((x) => x.status === "paused" && x.snapshots.length >= 2, "leaky-relu run ready");
    }, 60_000);

    it("names the field of a broken URL instead of ignoring it", async () => {
      await open(`${SMALL.replace("lr=0.3", "lr=-1")}&model.foo=3`);
      const error = page.getByTestId("url-error");
      await error.waitFor();
      expect(await error.locator("[data-field=lr]").count()).toBe(1);
      expect(await error.locator('[data-field="model.foo"]').count()).toBe(1);
      expect(await page.locator(".control.invalid [data-testid=control-lr]").count()).toBe(1);
      await shot("04-broken-url");
      await open(SMALL.replace("v=1", "v=7"));
      expect(await page.getByTestId("url-error").locator("[data-field=v]").count()).toBe(1);
      await open(`${SMALL}&plugins=${encodeURIComponent('["https://example.invalid/evil.js"]')}`);
      expect(await page.getByTestId("url-error").locator("[data-field=plugins]").count()).toBe(1);
    }, 60_000);

    it("exports a config that the CLI runs to the same first snapshots, and opens the CLI's run directory", async () => {
      await open(SMALL);
      await waitFor((v) => v.snapshots.length >= 2, "ready");
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByTestId("export-config").click(),
      ]);
      const file = join(tmp, "playground-config.json");
      await download.saveAs(file);
      const out = join(tmp, "run-small");
      const r = spawnSync(process.execPath, [cli, "run", file, "--out", out, "--json"], {
        cwd: tmp,
        encoding: "utf8",
        env: { ...process.env, CI: "true" },
      });
      expect(r.status, r.stderr).toBe(0);
      const cliSnaps = readFileSync(join(out, "snapshots.jsonl"), "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as Snapshot);

      await page.getByTestId("play").click();
      const done = await waitFor((v) => v.status === "done", "small run to the end", 60_000);
      const browserSnaps = done.snapshots.map(({ throughput: _t, ...rest }) => rest);
      expect(browserSnaps.length).toBe(cliSnaps.length);
      // Chromium's V8 and Node's V8 differ in the last bit of Math.exp/Math.log (the normal sampler's
      // tables), so the two runs agree to rounding, not bit for bit: same structure, steps and α exactly,
      // every number within 1e-9 relative over the first snapshots.
      const first = 12;
      for (let i = 0; i < first; i++) {
        expect(browserSnaps[i].source).toBe(cliSnaps[i].source);
        expect(browserSnaps[i].step).toBe(cliSnaps[i].step);
        expect(browserSnaps[i].t).toBe(cliSnaps[i].t);
        expect(Object.keys(browserSnaps[i]).sort()).toEqual(Object.keys(cliSnaps[i]).sort());
      }
      const worst = maxRelativeDifference(browserSnaps.slice(0, first), cliSnaps.slice(0, first));
      const identical = browserSnaps.filter(
        (s, i) => JSON.stringify(s) === JSON.stringify(cliSnaps[i]),
      ).length;
      console.log(
        `browser vs CLI: first ${first} snapshots agree to ${worst.toExponential(2)} relative; ${identical} of ${cliSnaps.length} bit-identical; ` +
          `last eg ${browserSnaps.at(-1)?.loss.gen} vs ${cliSnaps.at(-1)?.loss.gen}`,
      );
      expect(worst).toBeLessThan(1e-9);
      // The live plateau analysis is summary.json's: plateauPoint's level, entry and escape α of the simulation.
      const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
      const readout = await page.getByTestId("plateau-readout").textContent();
      expect(readout).toContain(`escape α = ${summary.plateau.exitAlpha.toPrecision(4)}`);
      expect(readout).toContain(`eg ≈ ${summary.plateau.eg.toPrecision(4)}`);
      // Hover readout of the loss curve: uPlot's live legend shows (α, eg) under the cursor.
      const plot = page.getByTestId("chart-loss-plot").locator(".u-over");
      const area = await plot.boundingBox();
      if (!area) throw new Error("no loss plot");
      await page.mouse.move(area.x + area.width * 0.8, area.y + area.height / 2);
      const legend = await page.getByTestId("chart-loss").locator(".u-legend .u-value").allTextContents();
      expect(legend[0]).toMatch(/^\d/); // α
      expect(legend.slice(1, 3).every((v) => /^\d/.test(v))).toBe(true); // eg of the ODE and of the simulation
      // The heatmaps' time scrubber goes back to the start and says so.
      await page.getByTestId("heatmap-scrubber").fill("0");
      expect(await page.getByTestId("panel-heatmaps").textContent()).toContain("scrubbed");
      await shot("05-small-done");

      await page
        .getByTestId("open-run-input")
        .setInputFiles(["snapshots.jsonl", "summary.json", "config.json"].map((f) => join(out, f)));
      const banner = page.getByTestId("imported-banner");
      await banner.waitFor();
      expect(await banner.textContent()).toContain(`${cliSnaps.length} snapshots`);
      const imported = await view();
      expect(imported.snapshots.length).toBe(cliSnaps.length);
      await page.getByTestId("imported-summary").waitFor();
      // The opened directory shows the plateau the live run streamed (the engine's observer over its log).
      expect(await page.getByTestId("plateau-readout").textContent()).toBe(readout);
      await shot("06-opened-run-dir");
    }, 180_000);

    it("exports snapshots (JSONL, CSV), charts (SVG, PNG) and weights", async () => {
      await open(SMALL);
      await page.getByTestId("play").click();
      const done = await waitFor((v) => v.status === "done", "run to the end", 60_000);
      const save = async (testId: string) => {
        const [d] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testId).click()]);
        const path = join(tmp, d.suggestedFilename());
        await d.saveAs(path);
        return { name: d.suggestedFilename(), text: readFileSync(path, "utf8"), bytes: readFileSync(path) };
      };
      const jsonl = await save("export-jsonl");
      expect(jsonl.text.trim().split("\n")).toHaveLength(done.snapshots.length);
      const csv = await save("export-csv");
      expect(csv.text.split("\n")[0]).toContain("loss_gen");
      expect(csv.text.trim().split("\n")).toHaveLength(done.snapshots.length + 1);
      const svg = await save("export-svg");
      writeFileSync(join(shots, "exported-loss.svg"), svg.text); // to look at beside the screenshots
      expect(svg.text.startsWith("<svg")).toBe(true);
      expect(svg.text).toContain("<polyline");
      const png = await save("export-png");
      expect([...png.bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join("")).toBe("PNG");
      const weights = JSON.parse((await save("export-weights")).text);
      expect(weights.teacher[0].rows).toBe(2);
      expect(weights.teacher[0].cols).toBe(400);
      expect(weights.student[0].rows).toBe(3);
      expect(weights.pupil.playground.configHash).toMatch(/^[0-9a-f]{12}$/);
      const checkpoint = JSON.parse((await save("export-checkpoint")).text);
      expect(checkpoint.state.format).toBe("pupil-run/1");
      expect(Object.keys(checkpoint.state.sources).sort()).toEqual(["ode", "sim"]);
    }, 120_000);

    it("classroom mode hides and locks controls from the URL", async () => {
      await open(`${SMALL}&_hide=export,model.p&_lock=lr`);
      await waitFor((v) => v.snapshots.length >= 2, "ready");
      expect(await page.getByTestId("panel-export").count()).toBe(0);
      expect(await page.getByTestId("control-model.p").count()).toBe(0);
      expect(await page.getByTestId("control-lr").isDisabled()).toBe(true);
      expect(await page.getByTestId("control-model.pStar").isDisabled()).toBe(false);
      expect(await page.getByTestId("config-json").isDisabled()).toBe(true); // the JSON cannot bypass a lock
      await shot("07-classroom");
    }, 60_000);

    it("pauses on a stop condition, pins a run as a ghost curve, and switches the loss axes", async () => {
      await open(SMALL);
      const start = await waitFor((v) => v.snapshots.length >= 2, "ready");
      const eg0 = start.snapshots[1].loss.gen as number;
      await page.getByTestId("stop-eg").fill(String(eg0 * 0.9));
      await page.getByTestId("stop-eg").press("Enter");
      await page.waitForFunction(() => location.hash.includes("_stop.eg="));
      await page.getByTestId("play").click();
      const stopped = await waitFor(
        (v) => v.status === "paused" && (v as { reason?: string }).reason !== undefined,
        "eg stop",
      );
      expect((stopped as { reason?: string }).reason).toMatch(/^stopped: eg/);
      const last = stopped.snapshots.at(-1) as Snapshot;
      expect(last.loss.gen).toBeLessThan(eg0 * 0.9);

      await page.getByTestId("pin").click();
      await page.getByTestId("reset").click();
      await waitFor((v) => v.snapshots.length === 2, "reset");
      expect(await page.getByTestId("chart-loss").textContent()).toContain("pinned 1");
      await page.getByTestId("scale").selectOption("linlog");
      await page.waitForFunction(() => location.hash.includes("_scale=linlog"));
      await shot("08-stop-pin-linlog");
      // "new seed": a new teacher and a new initial student, and the seed in the URL.
      const seedBefore = new URL(page.url()).hash.match(/seed=(\d+)/)?.[1];
      await page.getByTestId("new-seed").click();
      await page.waitForFunction((old) => !location.hash.includes(`seed=${old}&`), seedBefore);
      const fresh = await waitFor((v) => v.snapshots.length >= 2 && v.status === "paused", "new seed ready");
      expect(fresh.snapshots[1].overlaps?.M).not.toEqual(start.snapshots[1].overlaps?.M);
    }, 60_000);

    it("keeps the main thread free (no task over 50 ms) while a long online run plays; worker vs Node throughput", async () => {
      await open(LONG);
      await waitFor((v) => v.snapshots.length >= 1 && v.status === "paused", "long run ready");
      await page.evaluate(() => {
        const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
        w.__longTasks = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
        }).observe({ type: "longtask" });
      });
      // Baseline: the same page, paused, for 4 s (what the machine alone does to the main thread).
      await page.waitForTimeout(4000);
      const idleTasks = await page.evaluate(() => {
        const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
        return w.__longTasks.splice(0);
      });
      await page.getByTestId("play").click();
      await page.waitForTimeout(2000); // past the first charts' creation
      // Hovering a heatmap cell reads the live value while the run plays.
      const canvas = page.getByTestId("heatmap-M-canvas");
      const box = await canvas.boundingBox();
      if (box) await page.mouse.move(box.x + 5, box.y + 5);
      expect(await page.getByTestId("heatmap-M-readout").textContent()).toMatch(/^M\[s\d, t0\] = -?\d/);
      // Windows of 4 s while playing. A main-thread hog (a redraw over 50 ms) shows up in every window; a
      // machine shared with other processes can stall any page now and then (the paused baseline shows it),
      // so the test asks for one clean window out of three, and prints them all.
      const windows: number[][] = [];
      for (let w = 0; w < 3; w++) {
        await page.evaluate(() => (window as unknown as { __longTasks: unknown[] }).__longTasks.splice(0));
        await page.waitForTimeout(4000);
        const tasks = await page.evaluate(() =>
          (window as unknown as { __longTasks: { duration: number }[] }).__longTasks.map((t) =>
            Math.round(t.duration),
          ),
        );
        windows.push(tasks);
        if (tasks.length === 0) break;
      }
      const playing = await waitFor((v) => !!v.throughput && v.status === "running", "throughput reported");
      await shot("09-long-online-playing");
      await page.getByTestId("play").click();
      const browserRate = playing.throughput?.value ?? 0;
      const lastAlpha = playing.snapshots.at(-1)?.t ?? 0;

      // Node: the same config through the same module the worker runs (setupRun + runEngine, as `pupil run`).
      const { openRun, recipeRegistry } = await import("../../../apps/playground/src/worker/engine.js");
      const run = openRun(LONG_CONFIG, await recipeRegistry());
      const target = Math.max(20, Math.min(lastAlpha, 200));
      let t0 = 0;
      let s0 = 0;
      let steps = 0;
      let elapsed = 0;
      for await (const out of run.outputs()) {
        if (out.type !== "snapshot") continue;
        const s = out.snapshot;
        if (t0 === 0) {
          t0 = performance.now();
          s0 = s.step;
          continue;
        }
        steps = s.step - s0;
        elapsed = performance.now() - t0;
        if (s.t >= target) break;
      }
      run.stop();
      const nodeRate = (steps / elapsed) * 1000;
      console.log(
        `throughput, quadratic online N=1000 p=4 p*=2: browser worker ${Math.round(browserRate)} SGD steps/s (α reached ${lastAlpha.toFixed(1)}), ` +
          `Node ${Math.round(nodeRate)} SGD steps/s (to α = ${target.toFixed(1)}), ratio ${(browserRate / nodeRate).toFixed(2)}; ` +
          `load average ${loadavg()
            .map((x) => x.toFixed(2))
            .join(" ")}`,
      );
      console.log(
        `main-thread tasks over 50 ms (ms) per 4 s window while playing: ${JSON.stringify(windows)}; ` +
          `while paused 4 s: ${JSON.stringify(idleTasks.map((t) => Math.round(t.duration)))}`,
      );
      expect(
        windows.some((w) => w.length === 0),
        `every window had a main-thread task over 50 ms: ${JSON.stringify(windows)}`,
      ).toBe(true);
      expect(browserRate).toBeGreaterThan(0);
    }, 180_000);
  },
);
