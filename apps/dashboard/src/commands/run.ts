// pupil run CONFIG|PRESET [--out DIR] [--set key=value ...] [--seed N] [--json] [--resume DIR]
import { join } from "node:path";
import { ConfigError, resolveConfig } from "@pupil/experiments";
import { isRunDir, pupilVersions, RUN_FILES, RunDirWriter, readJson } from "@pupil/experiments/node";
import { intOption, list, numberOption, parse } from "../args.js";
import type { Io } from "../io.js";
import { loadConfig, loadRunConfig } from "../load.js";
import { cliRegistry } from "../registry.js";
import { executeRun } from "./execute.js";

export const RUN_HELP = `pupil run CONFIG|PRESET [options]
  Runs a config file or a preset; writes DIR/config.json, DIR/snapshots.jsonl and DIR/summary.json.

Options:
  --out DIR            run directory (default runs/<name>-<date>)
  --set key=value      override a config field (repeatable; JSON values: --set model.p=8 --set noiseTerm=false)
  --seed N             same as --set seed=N
  --json               JSON lines of the snapshots on stdout instead of the dashboard
  --interval S         off a TTY, at most one plain line per S seconds (default 1; 0 = every snapshot)
  --resume DIR         continue an interrupted run from its last checkpoint
  --no-ui              plain lines even on a TTY

Exit codes: 0 done, 2 invalid config or arguments (nothing written), 3 diverged (log kept),
            130 interrupted (log flushed; continue with --resume DIR).

Examples:
  pupil run quadratic-escape
  pupil run quadratic-escape --set model.p=8 --seed 3 --out runs/p8
  pupil run my-config.json --json > snapshots.jsonl
  pupil run --resume runs/p8`;

const OPTIONS = {
  out: { type: "string" },
  set: { type: "string", multiple: true },
  seed: { type: "string" },
  json: { type: "boolean" },
  interval: { type: "string" },
  resume: { type: "string" },
  "no-ui": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export function defaultOutDir(name: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return join("runs", `${name}-${stamp}`);
}

export async function runCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse("run", args, OPTIONS, 1);
  if (values.help) {
    io.out(`${RUN_HELP}\n`);
    return 0;
  }
  const interval = numberOption("interval", values.interval, 0, 1);
  const execIo = values["no-ui"] ? { ...io, tty: false } : io;
  const json = values.json === true;

  if (values.resume !== undefined) {
    if (positionals.length > 0 || values.set || values.seed || values.out) {
      throw new ConfigError([
        {
          path: "--resume",
          value: values.resume,
          expected: "no CONFIG, --set, --seed or --out with it (the run directory has its config)",
        },
      ]);
    }
    const dir = String(values.resume);
    if (!isRunDir(dir)) {
      throw new ConfigError([
        { path: "--resume", value: dir, expected: "a run directory (with config.json and snapshots.jsonl)" },
      ]);
    }
    // Validate before touching the log: an invalid run directory exits 2 with nothing changed.
    const { pupil: _meta, ...rest } = readJson<Record<string, unknown>>(join(dir, RUN_FILES.config));
    const loaded = await loadConfig(rest, dir, join(dir, RUN_FILES.config));
    const { writer, checkpoint } = RunDirWriter.resume(dir);
    return executeRun(loaded.config, loaded.registry, writer, execIo, {
      json,
      interval,
      resume: checkpoint?.state,
    });
  }

  const sets = list(values.set);
  if (values.seed !== undefined) sets.push(`seed=${intOption("seed", values.seed, 0, 0)}`);
  const { config, registry } = await loadRunConfig(positionals[0], sets);
  const out = values.out !== undefined ? String(values.out) : defaultOutDir(config.name);
  const writer = RunDirWriter.create(out, {
    ...config,
    pupil: {
      versions: pupilVersions(),
      note: "resolved config: every default filled in; plugins as resolved module URLs",
    },
  });
  return executeRun(config, registry, writer, execIo, { json, interval });
}

// Re-exported for tests that resolve a config the way `run` does.
export { cliRegistry, resolveConfig };
