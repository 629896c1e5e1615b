// The `pupil` command: dispatches subcommands and turns errors into the contract's exit codes.
import { ConfigError } from "@pupil/experiments";
import { UsageError } from "./args.js";
import { DEMO_HELP, demoCommand } from "./commands/demo.js";
import { JOBS_HELP, jobsCommand } from "./commands/jobs.js";
import { PRESETS_HELP, presetsCommand } from "./commands/presets.js";
import { REPORT_HELP, reportCommand } from "./commands/report.js";
import { RUN_HELP, runCommand } from "./commands/run.js";
import { SWEEP_HELP, sweepCommand } from "./commands/sweep.js";
import { WATCH_HELP, watchCommand } from "./commands/watch.js";
import { EXIT } from "./exit-codes.js";
import { type Io, processIo } from "./io.js";

export const HELP = `pupil — teacher–student experiments: run, watch, sweep, report

Usage: pupil <command> [options]    (pupil <command> --help for its options and examples)

Commands:
  run CONFIG|PRESET   run one experiment live (dashboard on a TTY); writes a run directory
  watch DIR           attach the dashboard to a run another process is writing
  sweep CONFIG        a grid of runs on worker threads, merged into a mean ± std table (or Slurm jobs)
  jobs DIR            done / running / failed / missing per point of an emitted (or submitted) sweep
  report DIR...       SVG figures from run and sweep directories
  presets [NAME]      list the named configs of the papers' experiments
  demo                the quadratic escape preset, ODE and simulation side by side, then its report

Examples:
  pupil presets
  pupil run quadratic-escape --out runs/q
  pupil run saad-solla-erf --set lr=0.3 --json > erf.jsonl
  pupil sweep quadratic-p-vs-pstar --grid model.p=2,4,8 --seeds 3 --workers 2
  pupil report runs/q

Exit codes: 0 done, 2 invalid config or arguments, 3 diverged, 130/143/129 stopped by SIGINT/SIGTERM/SIGHUP
(resumable with pupil run --resume DIR); a closed stdout (| head) stops a run the same way and exits 0.`;

const COMMANDS: Record<string, { run: (args: string[], io: Io) => Promise<number>; help: string }> = {
  run: { run: runCommand, help: RUN_HELP },
  watch: { run: watchCommand, help: WATCH_HELP },
  sweep: { run: sweepCommand, help: SWEEP_HELP },
  jobs: { run: jobsCommand, help: JOBS_HELP },
  report: { run: reportCommand, help: REPORT_HELP },
  presets: { run: presetsCommand, help: PRESETS_HELP },
  demo: { run: demoCommand, help: DEMO_HELP },
};

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    const topic = command === "help" ? rest[0] : undefined;
    io.out(`${topic && COMMANDS[topic] ? COMMANDS[topic].help : HELP}\n`);
    return EXIT.done;
  }
  const entry = COMMANDS[command];
  try {
    if (!entry) {
      throw new UsageError(
        [
          {
            path: "command",
            value: command,
            expected: `one of ${Object.keys(COMMANDS).join(", ")} (pupil --help)`,
          },
        ],
        "unknown command",
      );
    }
    return await entry.run(rest, io);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`pupil: ${error.message}\n`);
      return EXIT.invalid;
    }
    io.err(`pupil: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.failed;
  }
}
