// pupil sweep CONFIG|PRESET --grid key=v1,v2 ... [--seeds K] [--workers W] [--out DIR] [--emit-jobs DIR]
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { applyOverrides, ConfigError, type ConfigIssue, listPresets } from "@pupil/experiments";
import { pupilVersions, RunDirWriter, type RunOutcome, runInDirectory } from "@pupil/experiments/node";
import { intOption, list, parse } from "../args.js";
import { EXIT } from "../exit-codes.js";
import type { Io } from "../io.js";
import { type LoadedConfig, loadConfig, readConfigSource } from "../load.js";
import { cliRegistry, cliRunOptionsFor } from "../registry.js";
import { checkEmitFlags, EMIT_HELP, EMIT_OPTIONS, emitJobs } from "../sweep/emit.js";
import { expandSweep, parseGrid, pointSets, type SweepManifest } from "../sweep/plan.js";
import { readSummaries, sweepTable, tableCsv, tableMarkdown } from "../sweep/table.js";
import { num } from "../ui/format.js";
import { defaultOutDir } from "./run.js";

export const SWEEP_HELP = `pupil sweep CONFIG|PRESET --grid key=v1,v2 [--grid ...] [options]
  Runs every grid point × seed on worker threads, one run directory each (DIR/runs/NNNN), and merges
  them into DIR/table.csv and DIR/table.md (mean ± std over seeds). DIR/sweep.json lists the points.

Options:
  --grid key=v1,v2     a swept config field (repeatable; JSON arrays: --grid 'lr=[0.1,0.2]')
  --seeds K            seeds per point: seed, seed+1, ..., seed+K-1 (default 1)
  --workers W          runs at the same time, each on its own worker thread (default 2)
  --set key=value      override a base config field (repeatable)
  --out DIR            sweep directory (default runs/sweep-<name>-<date>)
  --emit-jobs DIR      do not run: write DIR/jobs/NNNN.json, DIR/sweep.json, DIR/run-task.sh INDEX and a
                       Slurm array DIR/run-array.slurm (nodes need no install: it runs this node and CLI,
                       or $PUPIL); a requeued task resumes from its checkpoint. Follow with pupil jobs DIR,
                       merge with pupil report DIR
${EMIT_HELP}

Examples:
  pupil sweep quadratic-p-vs-pstar --grid model.p=2,4,8 --seeds 3 --workers 2
  pupil sweep my.json --grid lr=0.1,0.2,0.4 --grid N=500,1000 --out runs/lr-sweep
  pupil sweep quadratic-escape --grid model.p=2,4 --seeds 5 --emit-jobs jobs/escape --time 1:00:00 --submit
  pupil sweep quadratic-escape --grid model.p=2,4 --emit-jobs /shared/escape --engine k8s --claim sweeps`;

const OPTIONS = {
  grid: { type: "string", multiple: true },
  seeds: { type: "string" },
  workers: { type: "string" },
  set: { type: "string", multiple: true },
  out: { type: "string" },
  "emit-jobs": { type: "string" },
  ...EMIT_OPTIONS,
  help: { type: "boolean", short: "h" },
} as const;

function requireEmptyDir(dir: string, flag: string): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new ConfigError([{ path: flag, value: dir, expected: "a new or empty directory" }]);
  }
}

export async function sweepCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse("sweep", args, OPTIONS, 1);
  if (values.help) {
    io.out(`${SWEEP_HELP}\n`);
    return 0;
  }
  const grids = list(values.grid);
  if (grids.length === 0)
    throw new ConfigError([{ path: "--grid", value: undefined, expected: "at least one --grid key=v1,v2" }]);
  const seeds = intOption("seeds", values.seeds, 1, 1);
  const workers = intOption("workers", values.workers, 1, 2);
  const emitFlags = Object.fromEntries(Object.keys(EMIT_OPTIONS).map((k) => [k, values[k]]));
  checkEmitFlags(emitFlags, values["emit-jobs"] !== undefined);
  const source = readConfigSource(positionals[0], listPresets(await cliRegistry([])));
  const raw = applyOverrides(source.raw, list(values.set));
  const axes = grids.map(parseGrid);
  applyOverrides(
    raw,
    axes.map((a) => `${a.key}=${JSON.stringify(a.values[0])}`),
  ); // unknown grid keys → exit 2
  const baseSeed = typeof raw.seed === "number" ? raw.seed : 0;
  const name = typeof raw.name === "string" ? raw.name : "sweep";
  const manifest = expandSweep(name, axes, seeds, baseSeed);

  // Validate every point before anything is written.
  const issues: ConfigIssue[] = [];
  const loaded: LoadedConfig[] = [];
  for (const point of manifest.points) {
    try {
      loaded.push(await loadConfig(applyOverrides(raw, pointSets(point)), source.baseDir, source.label));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      for (const i of error.issues)
        issues.push({ ...i, path: `point ${point.id} (${JSON.stringify(point.params)}): ${i.path}` });
    }
  }
  if (issues.length > 0) throw new ConfigError(issues, source.label);

  if (values["emit-jobs"] !== undefined)
    return emitJobs(
      resolve(String(values["emit-jobs"])),
      manifest,
      loaded.map((l) => l.config),
      { ...emitFlags, workers },
      io,
    );

  const out = resolve(values.out !== undefined ? String(values.out) : defaultOutDir(`sweep-${name}`));
  requireEmptyDir(out, "--out");
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "sweep.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const outcomes = await runPool(out, manifest, loaded, workers, io);
  const rows = sweepTable(manifest, readSummaries(out, manifest));
  writeFileSync(join(out, "table.csv"), tableCsv(manifest, rows));
  const md = tableMarkdown(manifest, rows);
  writeFileSync(join(out, "table.md"), md);
  io.out(`\n${md}\nsweep directory: ${out} (sweep.json, table.csv, table.md, runs/NNNN)\n`);
  if (outcomes.some((o) => o?.state === "interrupted")) return EXIT.interrupted;
  return outcomes.some((o) => o?.state === "diverged") ? EXIT.diverged : EXIT.done;
}

async function runPool(
  out: string,
  manifest: SweepManifest,
  loaded: LoadedConfig[],
  workers: number,
  io: Io,
): Promise<(RunOutcome | undefined)[]> {
  const outcomes: (RunOutcome | undefined)[] = new Array(manifest.points.length);
  const handles = new Set<{ stop(): void }>();
  let stopping = false;
  const onSigint = () => {
    stopping = true;
    for (const h of handles) h.stop();
  };
  process.on("SIGINT", onSigint);
  let next = 0;
  let finished = 0;
  const worker = async () => {
    while (!stopping && next < manifest.points.length) {
      const i = next++;
      const point = manifest.points[i];
      const { config, registry } = loaded[i];
      const writer = RunDirWriter.create(join(out, point.dir), {
        ...config,
        pupil: { versions: pupilVersions(), sweep: point },
      });
      const run = runInDirectory(config, registry, { writer, ...(await cliRunOptionsFor(config)) });
      handles.add(run.handle);
      const outcome = await run.outcome;
      handles.delete(run.handle);
      outcomes[i] = outcome;
      finished += 1;
      const final = outcome.summary?.final;
      const accuracy = final?.metrics?.["test-accuracy"];
      const value =
        config.kind === "distill"
          ? `test accuracy=${num(typeof accuracy === "number" ? accuracy : undefined, 4)}`
          : config.kind === "train"
            ? `test=${num(final?.losses.test, 4)}`
            : `eg=${num(final?.eg, 4)}`;
      io.out(
        `[${finished}/${manifest.points.length}] ${point.id} ${JSON.stringify(point.params)} seed=${point.seed} ${outcome.state} ${value}\n`,
      );
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(workers, manifest.points.length) }, worker));
  } finally {
    process.off("SIGINT", onSigint);
  }
  return outcomes;
}
