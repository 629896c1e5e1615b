// pupil sweep CONFIG|PRESET --grid key=v1,v2 ... [--seeds K] [--workers W] [--out DIR] [--emit-jobs DIR]
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  applyOverrides,
  ConfigError,
  type ConfigIssue,
  type EngineState,
  listPresets,
} from "@pupil/experiments";
import {
  acquireLock,
  prepareOutDir,
  RunDirWriter,
  type RunOutcome,
  runInDirectory,
} from "@pupil/experiments/node";
import { intOption, list, parse } from "../args.js";
import { EXIT } from "../exit-codes.js";
import type { Io } from "../io.js";
import { type LoadedConfig, loadConfig, readConfigSource } from "../load.js";
import { cliAnalysis, cliRegistry, cliRunOptionsFor } from "../registry.js";
import { type StopWatch, watchForStop } from "../stop.js";
import { checkEmitFlags, EMIT_HELP, EMIT_OPTIONS, emitJobs } from "../sweep/emit.js";
import { expandSweep, parseGrid, pointSets, type SweepManifest } from "../sweep/plan.js";
import { jobFile, planResume, readManifest, SWEEP_FILES } from "../sweep/resume.js";
import { readSummaries, sweepTable, tableCsv, tableMarkdown } from "../sweep/table.js";
import { num } from "../ui/format.js";
import { pupilVersions } from "../versions.js";
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
  --resume DIR         finish an interrupted (or killed) sweep: resume its unfinished runs from their
                       checkpoints, run the ones never started, rebuild the tables

Exit codes: 0 done, 2 invalid config or arguments, 3 a run diverged, 130/143/129 stopped by
            SIGINT/SIGTERM/SIGHUP (continue with pupil sweep --resume DIR).

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
  resume: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function requireEmptyDir(dir: string, flag: string): void {
  // A file or an unusable path is left to prepareOutDir, which says what is wrong with it.
  if (existsSync(dir) && statSync(dir).isDirectory() && readdirSync(dir).length > 0) {
    throw new ConfigError([{ path: flag, value: dir, expected: "a new or empty directory" }]);
  }
}

export async function sweepCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse("sweep", args, OPTIONS, 1);
  if (values.help) {
    io.out(`${SWEEP_HELP}\n`);
    return 0;
  }
  if (values.resume !== undefined) {
    const others = ["grid", "seeds", "set", "out", "emit-jobs"].filter((k) => values[k] !== undefined);
    if (positionals.length > 0 || others.length > 0) {
      throw new ConfigError([
        {
          path: "--resume",
          value: values.resume,
          expected: `no CONFIG or ${others.map((k) => `--${k}`).join(", ") || "other options"} with it (the sweep directory has them)`,
        },
      ]);
    }
    return resumeSweep(resolve(String(values.resume)), intOption("workers", values.workers, 1, 2), io);
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
  const twice = axes.find((a, i) => axes.findIndex((b) => b.key === a.key) !== i);
  if (twice) {
    throw new ConfigError([
      {
        path: `--grid ${twice.key}`,
        value: grids,
        expected: "each key in one --grid (list its values there)",
      },
    ]);
  }
  try {
    applyOverrides(
      raw,
      axes.map((a) => `${a.key}=${JSON.stringify(a.values[0])}`),
    );
  } catch (error) {
    // Unknown grid keys → exit 2, named as the --grid they came from.
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError(
      error.issues.map((i) => ({ ...i, path: i.path.replace(/^--set\b/, "--grid") })),
      "command-line arguments",
    );
  }
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
  prepareOutDir(out, "--out");
  const lock = acquireLock(out, "--out");
  try {
    // Each point's resolved config first, so `sweep --resume` can start the points a kill left unstarted.
    mkdirSync(join(out, SWEEP_FILES.jobs), { recursive: true });
    manifest.points.forEach((point, i) => {
      writeFileSync(jobFile(out, point.id), `${JSON.stringify(loaded[i].config, null, 2)}\n`);
    });
    writeFileSync(join(out, SWEEP_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
    const open = (i: number) => ({
      writer: RunDirWriter.create(join(out, manifest.points[i].dir), {
        ...loaded[i].config,
        pupil: { versions: pupilVersions(), sweep: manifest.points[i] },
      }),
    });
    return await finishSweep(out, manifest, loaded, open, workers, io);
  } finally {
    lock.release();
  }
}

type OpenPoint = (i: number) => { writer: RunDirWriter; resume?: EngineState };

/** Runs the given points on the pool, then (re)builds the tables from every summary in the sweep. */
async function finishSweep(
  out: string,
  manifest: SweepManifest,
  loaded: (LoadedConfig | undefined)[],
  open: OpenPoint,
  workers: number,
  io: Io,
): Promise<number> {
  const handles = new Set<{ stop(): void }>();
  const stop = watchForStop(io, () => {
    for (const h of handles) h.stop();
  });
  let outcomes: (RunOutcome | undefined)[];
  try {
    outcomes = await runPool(manifest, loaded, open, workers, io, stop, handles);
  } finally {
    stop.dispose();
  }
  const rows = sweepTable(manifest, readSummaries(out, manifest));
  writeFileSync(join(out, "table.csv"), tableCsv(manifest, rows));
  const md = tableMarkdown(manifest, rows);
  writeFileSync(join(out, "table.md"), md);
  io.out(`\n${md}\nsweep directory: ${out} (sweep.json, table.csv, table.md, runs/NNNN)\n`);
  if (stop.reason || outcomes.some((o) => o?.state === "interrupted")) {
    io.err(
      stop.describe(`pupil sweep --resume ${out}`) || `pupil: continue with: pupil sweep --resume ${out}\n`,
    );
    return stop.exitCode(EXIT.interrupted);
  }
  return outcomes.some((o) => o?.state === "diverged") ? EXIT.diverged : EXIT.done;
}

async function resumeSweep(dir: string, workers: number, io: Io): Promise<number> {
  const manifest = readManifest(dir);
  const lock = acquireLock(dir, "--resume");
  try {
    // Verifies every started point and loads every config before anything is written.
    const { states, loaded } = await planResume(dir, manifest);
    const todo = states.filter((s) => s !== "done").length;
    io.out(`resuming ${dir}: ${states.length - todo} of ${states.length} runs done, ${todo} to finish\n`);
    const open = (i: number) => {
      const runDir = join(dir, manifest.points[i].dir);
      if (states[i] === "started") {
        const { writer, checkpoint } = RunDirWriter.resume(runDir);
        return { writer, resume: checkpoint?.state };
      }
      const config = (loaded[i] as LoadedConfig).config;
      return {
        writer: RunDirWriter.create(runDir, {
          ...config,
          pupil: { versions: pupilVersions(), sweep: manifest.points[i] },
        }),
      };
    };
    return await finishSweep(dir, manifest, loaded, open, workers, io);
  } finally {
    lock.release();
  }
}

/** Runs the points that have a loaded config (undefined: already done), `workers` at a time. */
async function runPool(
  manifest: SweepManifest,
  loaded: (LoadedConfig | undefined)[],
  open: OpenPoint,
  workers: number,
  io: Io,
  stop: StopWatch,
  handles: Set<{ stop(): void }>,
): Promise<(RunOutcome | undefined)[]> {
  const outcomes: (RunOutcome | undefined)[] = new Array(manifest.points.length);
  const queue = manifest.points.flatMap((_, i) => (loaded[i] ? [i] : []));
  let finished = 0;
  const worker = async () => {
    while (!stop.reason && queue.length > 0) {
      const i = queue.shift() as number;
      const point = manifest.points[i];
      const { config, registry } = loaded[i] as LoadedConfig;
      const { writer, resume } = open(i);
      const runOptions = await cliRunOptionsFor(config);
      const run = runInDirectory(config, registry, {
        writer,
        resume,
        ...runOptions,
        // On workers, each point's summary analysis runs there too, beside the other lane's run.
        ...cliAnalysis(config, registry, runOptions.execution),
      });
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
  await Promise.all(Array.from({ length: Math.min(workers, Math.max(queue.length, 1)) }, worker));
  return outcomes;
}
