// `pnpm bench`: runs every package's benchmarks (bench/*.bench.mjs, against the built dist) in turn.
// Each benchmark prints its figure next to its baseline (a C loop, raw tfjs) as a ratio.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const only = process.argv.slice(2);
let failures = 0;
for (const group of ["packages", "plugins", "apps"]) {
  const base = join(root, group);
  if (!existsSync(base)) continue;
  for (const pkg of readdirSync(base)) {
    const dir = join(base, pkg, "bench");
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith(".bench.mjs"))
      .sort()) {
      if (only.length > 0 && !only.some((o) => file.includes(o) || pkg === o)) continue;
      console.log(`\n=== ${group}/${pkg}/bench/${file}`);
      const r = spawnSync(process.execPath, [join(dir, file)], { stdio: "inherit", cwd: join(base, pkg) });
      if (r.status !== 0) failures += 1;
    }
  }
}
process.exit(failures === 0 ? 0 : 1);
