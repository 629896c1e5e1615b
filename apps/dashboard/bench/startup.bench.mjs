// Start-up of the built `pupil` bin (issue goal: `pupil run` of an ODE config within 0.15 s of wall time
// beyond its compute; a sweep pays start-up once per worker, not once per point). Wall times are medians of
// alternating child processes; the floor is `node -e 0` from the same run. Compute is the same resolved
// config run in this process (inline, modules already loaded): its first, cold-JIT run, as a fresh process
// pays it, and the median of later warm runs.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { buildRegistry } from "@pupil/experiments";
import { RunDirWriter, runInDirectory } from "@pupil/experiments/node";
import activations from "@pupil/plugin-activations";
import metrics from "@pupil/plugin-metrics";
import teachers from "@pupil/plugin-teachers";

const bin = join(import.meta.dirname, "..", "dist", "cli.js");
const PRESET = "quadratic-escape-ode";
const SWEEP_POINTS = 8;
const REPEATS = 9;
const work = mkdtempSync(join(tmpdir(), "pupil-startup-"));
let serial = 0;

function wall(args) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: "utf8" });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const out = () => join(work, `r${serial++}`);

const commands = {
  floor: () => wall(["-e", "0"]),
  presets: () => wall([bin, "presets"]),
  run: () => wall([bin, "run", PRESET, "--no-ui", "--out", out()]),
};
const times = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
for (let i = 0; i < REPEATS + 1; i++) {
  for (const [name, command] of Object.entries(commands)) {
    const ms = command();
    if (i > 0) times[name].push(ms); // the first round warms the disk cache
  }
}
const floor = median(times.floor);
const presets = median(times.presets);
const run = median(times.run);

// The same run in this process, from the resolved config the CLI wrote.
const { pupil: _meta, ...config } = JSON.parse(readFileSync(join(work, "r0", "config.json"), "utf8"));
const registry = buildRegistry({ packs: [activations, teachers, metrics] });
async function computeOnce() {
  const writer = RunDirWriter.create(out(), config);
  const t0 = performance.now();
  const outcome = await runInDirectory(config, registry, { writer }).outcome;
  if (outcome.state !== "done") throw new Error(`in-process run ended ${outcome.state}`);
  return performance.now() - t0;
}
const cold = await computeOnce();
const warm = [];
for (let i = 0; i < REPEATS; i++) warm.push(await computeOnce());
const computeWarm = median(warm);

// A sweep of SWEEP_POINTS ODE runs on one worker thread against as many separate processes, and the same
// sweep on two workers (the default), rounds alternating.
const sweepTimes = { 1: [], 2: [] };
const sweepOn = (workers) =>
  wall([
    bin,
    ...["sweep", PRESET, "--grid", "model.p=4", "--seeds", String(SWEEP_POINTS)],
    ...["--workers", String(workers), "--out", out()],
  ]);
for (let i = 0; i < 3; i++) for (const w of [1, 2]) sweepTimes[w].push(sweepOn(w));
const sweep = median(sweepTimes[1]);
const sweep2 = median(sweepTimes[2]);
rmSync(work, { recursive: true, force: true });

const f = (ms) => `${ms.toFixed(0).padStart(5)} ms`;
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")} (2 cores: figures above ~2 are inflated)`,
);
console.log(`node -e 0 (floor)                    ${f(floor)}`);
console.log(
  `pupil presets                        ${f(presets)}   floor +${f(presets - floor)}   ${(presets / floor).toFixed(2)}× floor`,
);
console.log(
  `pupil run ${PRESET} --no-ui ${f(run)}   floor +${f(run - floor)}   ${(run / floor).toFixed(2)}× floor`,
);
console.log(`  its compute in-process: cold ${f(cold)}, warm ${f(computeWarm)}`);
console.log(
  `  wall beyond compute (cold):        ${f(run - cold)}   goal < 150 ms: ${run - cold < 150 ? "met" : "not met"}; beyond compute and floor ${f(run - cold - floor)}`,
);
console.log(
  `pupil sweep, ${SWEEP_POINTS} points on 1 worker    ${f(sweep)}   = ${((sweep - floor) / (run - floor)).toFixed(2)}× one run's (wall − floor); ${SWEEP_POINTS} processes would cost ${SWEEP_POINTS}×`,
);
console.log(`  per extra point: ${f((sweep - run) / (SWEEP_POINTS - 1))} (warm compute ${f(computeWarm)})`);
console.log(
  `pupil sweep, ${SWEEP_POINTS} points on 2 workers   ${f(sweep2)}   ${(sweep / sweep2).toFixed(2)}× the speed of 1 worker (goal ≥ 1.8× on 2 idle cores)`,
);
