import { join } from "node:path";
import { it } from "vitest";
import { launchChromium } from "./src/chromium.js";
import { serveStatic } from "./src/static-server.js";
it("probe", async () => {
  const server = await serveStatic(join(import.meta.dirname, "..", "..", "apps", "playground", "dist"));
  const b = await launchChromium();
  const page = b.context.pages()[0] ?? (await b.context.newPage());
  page.on("console", (m) => console.log("console:", m.type(), m.text()));
  await page.goto(server.url + "#v=1&name=distill-kd&kind=distill&seed=0&lr=0.002&distill.data.trainSize=300&distill.data.testSize=100&distill.teacher.epochs=1&distill.student.epochs=1&distill.loss.id=kd");
  const t0 = Date.now();
  for (let i = 0; i < 40; i++) {
    const v = await page.evaluate(() => JSON.parse(JSON.stringify((window as any).__pupilPlayground.view())));
    if (i === 3) await page.getByTestId("play").click();
    console.log(((Date.now() - t0) / 1000).toFixed(1), v.status, v.backend?.name, v.backend?.detail, v.info?.kernel, v.snapshots.length, v.error ?? "", JSON.stringify(v.issues));
    if (v.status === "done") break;
    await page.waitForTimeout(3000);
  }
  await page.screenshot({ path: "/tmp/probe.png", fullPage: true });
  await b.close(); await server.close();
}, 200_000);
