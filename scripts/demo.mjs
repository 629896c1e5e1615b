// `pnpm demo`, the README's main job: `pupil demo` runs the quadratic-network escape preset — the ODE and a
// finite-N simulation from the same start, side by side — live on a TTY (plain lines off one), then writes
// the run directory and the report's SVG figures and says where they are. The root script built everything.
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const cli = join(root, "apps", "dashboard", "dist", "cli.js");
const run = spawnSync(process.execPath, [cli, "demo", ...process.argv.slice(2)], {
  stdio: "inherit",
  cwd: root,
});
process.exit(run.status ?? 1);
