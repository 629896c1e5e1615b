// The `pupil` command: dispatches subcommands and turns errors into the contract's exit codes.
import { ConfigError } from "@pupil/experiments";
import { UsageError } from "./args.js";
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

type Command = { run: (args: string[], io: Io) => Promise<number>; help: string };

// Each command's module loads when it is used: a run does not parse the sweep, report and watch code.
const COMMANDS: Record<string, () => Promise<Command>> = {
  run: () => import("./commands/run.js").then((m) => ({ run: m.runCommand, help: m.RUN_HELP })),
  watch: () => import("./commands/watch.js").then((m) => ({ run: m.watchCommand, help: m.WATCH_HELP })),
  sweep: () => import("./commands/sweep.js").then((m) => ({ run: m.sweepCommand, help: m.SWEEP_HELP })),
  jobs: () => import("./commands/jobs.js").then((m) => ({ run: m.jobsCommand, help: m.JOBS_HELP })),
  report: () => import("./commands/report.js").then((m) => ({ run: m.reportCommand, help: m.REPORT_HELP })),
  presets: () =>
    import("./commands/presets.js").then((m) => ({ run: m.presetsCommand, help: m.PRESETS_HELP })),
  demo: () => import("./commands/demo.js").then((m) => ({ run: m.demoCommand, help: m.DEMO_HELP })),
};

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    const topic = command === "help" ? rest[0] : undefined;
    io.out(`${topic && Object.hasOwn(COMMANDS, topic) ? (await COMMANDS[topic]()).help : HELP}\n`);
    return EXIT.done;
  }
  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  try {
    if (!load) {
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
    return await (await load()).run(rest, io);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`pupil: ${error.message}\n`);
      return EXIT.invalid;
    }
    io.err(`pupil: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.failed;
  }
}
