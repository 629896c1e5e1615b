// A distill run in the built playground, in Debian's Chromium: pick a distillation preset, shorten it with its
// controls (the URL follows), play it to the end in the worker (the teacher, then the student with the KD
// term), and see the stages, the accuracy curve and the backend badge. The same config exported and run by
// the built CLI gives the same numbers (both train on tfjs's wasm backend with the same training kernels).
// Screenshots go to tests/browser/screenshots/.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Snapshot } from "@pupil/plugin";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorkspaceOnce } from "../../support/build-once.js";
import { chromiumMissing, launchChromium } from "./chromium.js";
import { serveStatic } from "./static-server.js";

const root = join(import.meta.dirname, "..", "..", "..");
const dist = join(root, "apps", "playground", "dist");
const cli = join(root, "apps", "dashboard", "dist", "cli.js");
const shots = join(import.meta.dirname, "..", "screenshots");
const tmp = mkdtempSync(join(tmpdir(), "pupil-browser-distill-"));

let server: Awaited<ReturnType<typeof serveStatic>> | undefined;
let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
let page: Page;
const consoleErrors: string[] = [];

interface PageView {
  status: string;
  snapshots: Snapshot[];
  error?: string;
  info?: { kind: string; tMax: number; kernel?: string; stages?: { name: string; epochs: number }[] };
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
  timeout = 60_000,
): Promise<PageView> {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await view();
    if (predicate(v)) return v;
    if (v.error) throw new Error(`${what}: the page reports an error: ${v.error}`);
    if (Date.now() > end)
      throw new Error(`${what}: timed out; status ${v.status}, ${v.snapshots.length} snapshots`);
    await page.waitForTimeout(200);
  }
}

/** Types into a control's text box and commits it (Enter), as a person would. */
async function setControl(id: string, value: string): Promise<void> {
  const box = page.getByTestId(`control-${id}`);
  await box.fill(value);
  await box.press("Enter");
  await page.waitForFunction((v) => location.hash.includes(v), `${id}=${value}`);
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-12);

describe.skipIf(chromiumMissing)("a distill run in the web playground (Chromium)", () => {
  beforeAll(async () => {
    buildWorkspaceOnce();
    mkdirSync(shots, { recursive: true });
    server = await serveStatic(dist);
    browser = await launchChromium();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
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

  it("picks distill-kd, trains teacher then student in the worker, shows the stages and the accuracy curve; the CLI agrees", async () => {
    await page.goto(server?.url ?? "");
    await waitFor((v) => v.status === "paused" && !!v.backend, "default preset");
    await page.getByTestId("preset-distill-kd").click();
    let v = await waitFor(
      (x) => x.status === "paused" && x.info?.kind === "distill" && page.url().includes("name=distill-kd&"),
      "distill-kd ready",
    );
    expect(v.info?.stages?.map((s) => s.name)).toEqual(["teacher", "student"]);
    // The config is in the URL, flattened as the CLI's --set paths; the loss's controls come from its rules.
    expect(page.url()).toContain("distill.loss.id=kd");
    expect(page.url()).toContain("distill.loss.params.temperature=4");
    expect(await page.getByTestId("control-distill.loss.params.temperature").inputValue()).toBe("4");
    expect(await page.getByTestId("control-distill.loss.params.convention").inputValue()).toBe("alpha-on-kl");
    expect(await page.getByTestId("distill-data").textContent()).toContain("1,000 training / 500 test");

    // Shorter still, through the controls: two teacher epochs, two student epochs, fewer test images.
    await setControl("distill.teacher.epochs", "2");
    await setControl("distill.student.epochs", "2");
    await setControl("distill.data.testSize", "300");
    v = await waitFor((x) => x.status === "paused" && x.info?.tMax === 4, "shortened run ready");
    expect(await page.getByTestId("stage-teacher").getAttribute("data-state")).toBe("training");

    const started = Date.now();
    await page.getByTestId("play").click();
    const done = await waitFor((x) => x.status === "done", "distill run to its end", 300_000);
    const seconds = (Date.now() - started) / 1000;
    const bySource = (s: string) => done.snapshots.filter((x) => x.source === s);
    const teacher = bySource("teacher").at(-1) as Snapshot;
    const student = bySource("student");
    expect(bySource("teacher").map((s) => s.t)).toEqual([1, 2]);
    expect(student.map((s) => s.t)).toEqual([3, 4]);
    const accuracy = (s: Snapshot) => s.metrics?.["test-accuracy"] as number;
    console.log(
      `distill-kd in Chromium (${done.backend?.name}): 4 epochs of 1000 images in ${seconds.toFixed(1)} s (data load included); ` +
        `teacher accuracy ${accuracy(teacher)}, student ${student.map(accuracy).join(" → ")}`,
    );
    // Total loss − CE: the KD term (α·T²·KL − the CE share moved away), finite and non-zero.
    for (const s of student) expect(Math.abs(s.metrics?.["distill-term"] as number)).toBeGreaterThan(0);

    // The stage indicator and the badge: the source declares the backend it trains on.
    expect(await page.getByTestId("stage-teacher").getAttribute("data-state")).toBe("done");
    expect(await page.getByTestId("stage-student").getAttribute("data-done")).toBe("2");
    expect(done.info?.kernel).toBe(`tfjs-${done.backend?.name}`);
    expect(await page.getByTestId("kernel").textContent()).toBe(`tfjs ${done.backend?.name}`);
    await page.getByTestId("chart-distill-accuracy").waitFor();
    await page.screenshot({ path: join(shots, "10-distill-kd.png"), fullPage: true });

    // The same config through the built CLI: same stages, steps, and (on the same backend) the same numbers.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("export-config").click(),
    ]);
    const file = join(tmp, "distill-config.json");
    await download.saveAs(file);
    const out = join(tmp, "run-distill");
    const r = spawnSync(process.execPath, [cli, "run", file, "--out", out, "--json"], {
      cwd: tmp,
      encoding: "utf8",
      env: { ...process.env, CI: "true", PUPIL_STAGE_CACHE_DIR: join(tmp, "stages") },
    });
    expect(r.status, r.stderr).toBe(0);
    const cliSnaps = readFileSync(join(out, "snapshots.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Snapshot);
    expect(cliSnaps.map((s) => [s.source, s.t, s.step])).toEqual(
      done.snapshots.map((s) => [s.source, s.t, s.step]),
    );
    const worst = Math.max(
      ...cliSnaps.flatMap((c, i) => {
        const b = done.snapshots[i];
        return [relative(c.loss.train ?? 0, b.loss.train ?? 0), relative(c.loss.test ?? 0, b.loss.test ?? 0)];
      }),
    );
    console.log(
      `browser vs CLI (distill-kd, ${done.backend?.name} vs wasm): losses agree to ${worst.toExponential(2)} relative`,
    );
    if (done.backend?.name === "wasm") {
      expect(worst).toBeLessThan(1e-5);
      expect(cliSnaps.map(accuracy)).toEqual(done.snapshots.map(accuracy));
    }
    // Ten classes: chance is 0.1; two epochs (32 Adam steps) put the teacher above it.
    expect(accuracy(teacher)).toBeGreaterThan(0.2);
    expect(consoleErrors).toEqual([]);
  }, 600_000);
});
