#!/usr/bin/env node
// Regenerates the Fashion-MNIST results table of plugins/distill/README.md with its provenance:
//   node plugins/distill/experiments/results.mjs [--seeds 3] [--workers 2] [--set key=value ...] [--full]
//                                                [--out DIR] [--no-build] [--no-readme]
//   node plugins/distill/experiments/results.mjs --from DIR   (the table again from a finished DIR, no runs)
// It builds the `pupil` CLI (turbo, cached), runs `pupil sweep distill-compare` over the plain student, KD,
// FitNets, attention transfer and factor transfer × seeds with a fresh stage cache (so every teacher and
// paraphraser is trained and timed once per seed), then reads the run directories and writes
// experiments/results/fashion-mnist.json and the README table between its markers.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, "..");
const root = join(pkg, "..", "..");
const { values } = parseArgs({
  options: {
    seeds: { type: "string", default: "3" },
    workers: { type: "string", default: "2" },
    set: { type: "string", multiple: true, default: [] },
    full: { type: "boolean", default: false },
    out: { type: "string" },
    "no-build": { type: "boolean", default: false },
    "no-readme": { type: "boolean", default: false },
    from: { type: "string" },
  },
});

const METHODS = [null, "kd", "fitnets", "attention", "factor-transfer"];
const LABELS = {
  null: "baseline student (cross-entropy only)",
  kd: "KD",
  fitnets: "FitNets",
  attention: "AT",
  "factor-transfer": "FT",
};
// The full scale: every training image of the split, 20 epochs per stage, the paraphraser's 10.
const FULL = [
  "distill.data.trainSize=52500",
  "distill.data.testSize=10500",
  "distill.teacher.epochs=20",
  "distill.student.epochs=20",
  "distill.preStage.epochs=10",
];
const sets = [...(values.full ? FULL : []), ...values.set];
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const out = resolve(values.from ?? values.out ?? join(root, "runs", `distill-results-${stamp}`));
const sweepDir = join(out, "sweep");
// A fresh stage cache (every teacher and paraphraser trained and timed here); the data sets' cache is shared.
const cacheDir = join(out, "cache");
/** What the sweep was and how the machine was while it ran: OUT/run.json, read back by --from. */
let run;
if (values.from) run = JSON.parse(readFileSync(join(out, "run.json"), "utf8"));
else {
  mkdirSync(out, { recursive: true });
  const git = (...args) => execFileSync("git", args, { cwd: root, encoding: "utf8" }).trim();
  const commit = git("rev-parse", "HEAD");
  const dirty = git("status", "--porcelain").length > 0;
  if (!values["no-build"])
    execFileSync("pnpm", ["turbo", "run", "build", "--filter=@pupil/cli...", "--output-logs=errors-only"], {
      cwd: root,
      stdio: "inherit",
    });
  const loads = [loadavg()[0]];
  const sampler = setInterval(() => loads.push(loadavg()[0]), 15_000);
  const args = [
    join(root, "apps", "dashboard", "dist", "cli.js"),
    "sweep",
    "distill-compare",
    "--grid",
    `distill.loss=${JSON.stringify(METHODS)}`,
    "--seeds",
    values.seeds,
    "--workers",
    values.workers,
    "--out",
    sweepDir,
    ...sets.flatMap((s) => ["--set", s]),
  ];
  const command = `node plugins/distill/experiments/results.mjs --seeds ${values.seeds} --workers ${values.workers}${values.full ? " --full" : ""}${values.set.map((s) => ` --set ${s}`).join("")}`;
  console.log(`pupil ${args.slice(1).join(" ")}`);
  const t0 = performance.now();
  const code = await new Promise((done) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, PUPIL_STAGE_CACHE_DIR: join(cacheDir, "stages"), CI: "true" },
    });
    child.on("close", done);
  });
  clearInterval(sampler);
  loads.push(loadavg()[0]);
  if (code !== 0) {
    console.error(`the sweep exited with ${code}; its directory: ${sweepDir}`);
    process.exit(typeof code === "number" ? code : 1);
  }
  run = {
    command,
    sweep: `pupil ${args.slice(1).join(" ").replace(out, "OUT")}`,
    commit,
    dirty,
    date: new Date().toISOString(),
    workers: values.workers,
    // Load average (1 min) sampled every 15 s while the sweep ran.
    load: {
      start: loads[0],
      mean: loads.reduce((a, b) => a + b, 0) / loads.length,
      max: Math.max(...loads),
      end: loads.at(-1),
    },
    totalSeconds: (performance.now() - t0) / 1000,
  };
  writeFileSync(join(out, "run.json"), `${JSON.stringify(run, null, 2)}\n`);
}
const { command, commit, dirty, load, totalSeconds } = run;

// Results per run: last and best test accuracy of the student (and the teacher), wall time.
const manifest = JSON.parse(readFileSync(join(sweepDir, "sweep.json"), "utf8"));
const lines = (file) =>
  readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
const stagesDir = join(cacheDir, "stages");
const stageFiles = existsSync(stagesDir)
  ? readdirSync(stagesDir).map((f) => ({
      file: f,
      mtime: statSync(join(stagesDir, f)).mtimeMs,
      ...JSON.parse(readFileSync(join(stagesDir, f), "utf8")),
    }))
  : [];
const runs = manifest.points.map((point) => {
  const dir = join(sweepDir, point.dir);
  const snaps = lines(join(dir, "snapshots.jsonl"));
  const start = statSync(join(dir, "config.json")).mtimeMs;
  const status = JSON.parse(readFileSync(join(dir, "status.json"), "utf8"));
  const end = Date.parse(status.updated);
  // Stages this run trained for the cache: entries of its seed written while it ran (runs of one seed never
  // overlap in a sweep's order, so this is unambiguous). Their time is reported on their own rows.
  const seedOf = (part) => part?.seed ?? part?.teacher?.seed;
  const trained = stageFiles.filter(
    (s) => seedOf(s.part) === point.seed && s.mtime >= start && s.mtime <= end + 1000,
  );
  const acc = (stage) => snaps.filter((s) => s.source === stage).map((s) => s.metrics["test-accuracy"]);
  const student = acc("student");
  const teacher = acc("teacher");
  return {
    method: point.params["distill.loss"],
    seed: point.seed,
    state: status.state,
    last: student.at(-1),
    best: Math.max(...student),
    teacher: teacher.length > 0 ? { last: teacher.at(-1), best: Math.max(...teacher) } : undefined,
    wallSeconds: (end - start) / 1000,
    start: new Date(start).toISOString(),
    trainedStages: trained.map((s) => ({ file: s.file, seconds: s.seconds })),
    // The run's own stages: its wall time less the teacher it trained for the cache (a paraphraser stays in).
    ownSeconds:
      (end - start) / 1000 -
      trained.filter((s) => s.file.startsWith("distill-teacher-")).reduce((a, s) => a + (s.seconds ?? 0), 0),
  };
});

const meanStd = (xs) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean: m, std: sd, n: xs.length };
};
const pct = ({ mean, std }) => `${(100 * mean).toFixed(2)} ± ${(100 * std).toFixed(2)}`;
const secs = ({ mean, std }) => `${mean.toFixed(0)} ± ${std.toFixed(0)} s`;
const rows = [];
const teacherRuns = new Map();
for (const r of runs) if (r.teacher && !teacherRuns.has(r.seed)) teacherRuns.set(r.seed, r.teacher);
const teacherSeconds = stageFiles
  .filter((s) => s.file.startsWith("distill-teacher-"))
  .map((s) => s.seconds ?? 0);
rows.push({
  method: "teacher (ResNet-8-like)",
  last: meanStd([...teacherRuns.values()].map((t) => t.last)),
  best: meanStd([...teacherRuns.values()].map((t) => t.best)),
  wall: meanStd(teacherSeconds),
});
for (const m of METHODS) {
  const own = runs.filter((r) => r.method === m);
  rows.push({
    method: LABELS[String(m)],
    last: meanStd(own.map((r) => r.last)),
    best: meanStd(own.map((r) => r.best)),
    wall: meanStd(own.map((r) => r.ownSeconds)),
  });
}

const config = JSON.parse(readFileSync(join(sweepDir, manifest.points[0].dir, "config.json"), "utf8"));
const d = config.distill;
const cpu = cpus();
const provenance = {
  command,
  sweep: run.sweep,
  commit: `${commit}${dirty ? " (with uncommitted changes)" : ""}`,
  date: run.date,
  machine: `${cpu.length} × ${cpu[0]?.model ?? "cpu"}, Node ${process.version}, tfjs wasm + @pupil/tfjs-wasm-train kernels`,
  load,
  totalSeconds,
  scale: {
    sets,
    trainSize: d.data.trainSize,
    testSize: d.data.testSize,
    teacherEpochs: d.teacher.epochs,
    studentEpochs: d.student.epochs,
    preStageEpochs: d.preStage.epochs,
    batchSize: d.batchSize,
    lr: config.lr,
    optimizer: d.optimizer,
  },
};
mkdirSync(join(here, "results"), { recursive: true });
writeFileSync(
  join(here, "results", "fashion-mnist.json"),
  `${JSON.stringify({ provenance, rows, runs }, null, 2)}\n`,
);

const table = [
  "| method | test accuracy, last epoch (%) | best epoch (%) | wall time per run |",
  "| --- | --- | --- | --- |",
  ...rows.map((r) => `| ${r.method} | ${pct(r.last)} | ${pct(r.best)} | ${secs(r.wall)} |`),
].join("\n");
const ranked = rows.slice(1).sort((a, b) => b.last.mean - a.last.mean);
const ft = rows.find((r) => r.method === "FT");
// FT against every other student: the baseline and the other distillation losses.
const others = rows.slice(1).filter((r) => r !== ft);
const beats = others.every((r) => ft.last.mean > r.last.mean + ft.last.std + r.last.std);
const ahead = others.every((r) => ft.last.mean > r.last.mean);
const verdict = beats
  ? "FT beats every other method here by more than one standard deviation of each."
  : ahead
    ? "FT has the highest mean, but within one standard deviation of another method: no clear win at this scale."
    : `FT does not beat the others here (ranking by mean last-epoch accuracy: ${ranked.map((r) => r.method.split(" ")[0]).join(" > ")}).`;
const block = [
  "<!-- distill-results:start (written by experiments/results.mjs; do not edit by hand) -->",
  "",
  `Fashion-MNIST, ${manifest.seeds} seeds (${manifest.points
    .map((p) => p.seed)
    .filter((v, i, a) => a.indexOf(v) === i)
    .join(
      ", ",
    )}), mean ± std (sample std over seeds). Scale: ${d.data.trainSize ?? "all"} training and ${d.data.testSize ?? "all"} test images of the default stratified split (class-balanced subsets), teacher ${d.teacher.epochs} epochs, student ${d.student.epochs} epochs, paraphraser ${d.preStage.epochs} epochs; ${d.optimizer} lr ${config.lr}, batch ${d.batchSize}; the presets' loss params. Wall time: one run's own stages, ${run.workers} runs at a time on the machine's ${cpus().length} cores (the teacher is trained once per seed and cached; its time is on its row; FT's includes its paraphraser).`,
  "",
  table,
  "",
  verdict,
  "",
  `Provenance: \`${command}\` at commit ${provenance.commit.slice(0, 12)}${dirty ? " (uncommitted changes)" : ""}, ${provenance.date}; ${provenance.machine}; load average ${load.start.toFixed(1)} at the start, ${load.mean.toFixed(1)} mean, ${load.max.toFixed(1)} max (shared machine: wall times are inflated by the load); the whole sweep took ${(totalSeconds / 60).toFixed(1)} min. Raw figures: \`experiments/results/fashion-mnist.json\`.`,
  "",
  "<!-- distill-results:end -->",
].join("\n");
console.log(`\n${block}\n`);
if (!values["no-readme"]) {
  const readme = join(pkg, "README.md");
  const text = readFileSync(readme, "utf8");
  const re = /<!-- distill-results:start[\s\S]*?<!-- distill-results:end -->/;
  if (!re.test(text)) throw new Error(`${readme}: no distill-results markers`);
  writeFileSync(readme, text.replace(re, block));
  console.log(`written into ${readme}`);
}
