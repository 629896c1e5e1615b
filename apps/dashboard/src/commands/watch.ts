// pupil watch DIR: attaches the dashboard (or plain lines) to a run another process is writing, by
// following snapshots.jsonl and status.json. Read-only: q detaches; pause/step belong to the running process.
// A writer that died without a last word (SIGKILL, a crash) is noticed through its run lock: a lock whose
// pid is gone, or no lock while status.json still says running.
import { closeSync, existsSync, fstatSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, parseStrictJson, type ResolvedConfig, setupRun } from "@pupil/experiments";
import {
  isRunDir,
  lockHolder,
  RUN_FILES,
  type RunStatusFile,
  readJson,
  readLock,
  runDirError,
} from "@pupil/experiments/node";
import type { Snapshot } from "@pupil/plugin";
import { numberOption, parse } from "../args.js";
import { EXIT } from "../exit-codes.js";
import type { Io } from "../io.js";
import { PlainPrinter } from "../plain.js";
import { cliRegistry, cliRunHost } from "../registry.js";
import { watchForStop } from "../stop.js";
import { DashboardStore } from "../ui/store.js";

/** The run's registry and live analysis, so the watched log shows the same events as the run's own. */
async function watchAnalysis(config: ResolvedConfig) {
  try {
    const registry = await cliRegistry(config.plugins ?? []);
    // Kinds that need a host (distill: its plan sizes the nets and the loss's stages) get one, as the run did.
    return { registry, observe: setupRun(config, registry, await cliRunHost(config)).observe };
  } catch {
    return {}; // a run whose plugins cannot be loaded here is still watched, without analysis events
  }
}

export const WATCH_HELP = `pupil watch DIR [--interval S] [--poll MS]
  Follows a run directory another process is writing (pupil run --out DIR) and shows the dashboard on a
  TTY, plain lines otherwise. Ends when the run ends (exit code as the run's: 0, 3 or 130); q detaches.
  If the writing process dies without finishing (kill -9, a crash), watch says so and exits 130: the run
  can be continued with pupil run --resume DIR.

Examples:
  pupil run quadratic-escape --out runs/q --no-ui > /dev/null &   pupil watch runs/q`;

/** How long watch waits for DIR to become a run directory before refusing it. */
const APPEAR_MS = 5000;

const FINAL = new Set(["done", "diverged", "interrupted", "failed"]);

export async function watchCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    "watch",
    args,
    { interval: { type: "string" }, poll: { type: "string" }, help: { type: "boolean", short: "h" } },
    1,
  );
  if (values.help) {
    io.out(`${WATCH_HELP}\n`);
    return 0;
  }
  const dir = positionals[0];
  // `pupil run --out DIR & pupil watch DIR`: give a writer that is starting a moment to create DIR.
  for (let waited = 0; dir !== undefined && !isRunDir(dir) && waited < APPEAR_MS; waited += 100) {
    await new Promise((r) => setTimeout(r, 100));
  }
  if (dir === undefined || !isRunDir(dir)) {
    throw new ConfigError([
      { path: "DIR", value: dir, expected: "a run directory (config.json and snapshots.jsonl)" },
    ]);
  }
  const interval = numberOption("interval", values.interval, 0, 1);
  const poll = numberOption("poll", values.poll, 10, 200);
  const config = readJson<ResolvedConfig>(join(dir, RUN_FILES.config));
  const store = new DashboardStore(config, { dir, ...(await watchAnalysis(config)) });
  const printer = io.tty ? undefined : new PlainPrinter(io.out, interval, config.kind);
  let detached = false;
  let ink: { unmount(): void } | undefined;
  if (io.tty) {
    const [{ render }, { createElement }, { Dashboard }] = await Promise.all([
      import("ink"),
      import("react"),
      import("../ui/app.js"),
    ]);
    const controls = {
      pause: () => store.log("watch is read-only: pause the run in its own terminal"),
      resume: () => {},
      step: () => store.log("watch is read-only"),
      stop: () => {
        detached = true;
      },
    };
    ink = render(createElement(Dashboard, { store, controls }), {
      exitOnCtrlC: false,
      stdout: io.stdout,
      stdin: io.stdin,
    });
  }
  const file = join(dir, RUN_FILES.snapshots);
  let offset = 0;
  let rest = "";
  const readNew = () => {
    const fd = openSync(file, "r");
    try {
      const size = fstatSync(fd).size;
      if (size < offset) {
        // The writer resumed and cut the log back to a checkpoint: start over.
        offset = 0;
        rest = "";
      }
      if (size === offset) return;
      const buf = Buffer.alloc(size - offset);
      readSync(fd, buf, 0, buf.length, offset);
      offset = size;
      const text = rest + buf.toString("utf8");
      const lines = text.split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) {
        if (!line.trim()) continue;
        let snapshot: Snapshot;
        try {
          snapshot = parseStrictJson(line) as Snapshot;
        } catch (error) {
          throw runDirError(
            `${file} is corrupt`,
            file,
            line.slice(0, 40),
            `JSON lines (${(error as Error).message})`,
          );
        }
        const event = { type: "snapshot" as const, snapshot };
        store.apply(event);
        printer?.onEvent(event);
      }
    } finally {
      closeSync(fd);
    }
  };
  let status: RunStatusFile | undefined;
  // A closed stdout (| head -1) or a signal detaches; it never touches the run.
  let wake: (() => void) | undefined;
  const stop = watchForStop(io, () => {
    detached = true;
    wake?.();
  });
  let suspectDead = 0;
  let dead: string | undefined;
  try {
    for (;;) {
      readNew();
      const statusFile = join(dir, RUN_FILES.status);
      status = existsSync(statusFile) ? readStatus(statusFile) : undefined;
      if (status && FINAL.has(status.state)) {
        readNew();
        store.setStatus(status.state as "done");
        break;
      }
      if (detached) break;
      // Twice in a row, so a writer between writing its final status and releasing its lock is not misread.
      const why = deadWriter(dir);
      suspectDead = why ? suspectDead + 1 : 0;
      if (why && suspectDead >= 2) {
        readNew();
        dead = why;
        break;
      }
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, poll);
      });
    }
  } finally {
    stop.dispose();
    printer?.flush();
    await new Promise((r) => setTimeout(r, 150));
    ink?.unmount();
  }
  if (dead) {
    io.err(
      `pupil watch: ${dead}; the run stopped without finishing. Continue it with: pupil run --resume ${dir}\n`,
    );
    return EXIT.interrupted;
  }
  if (detached) return stop.reason?.kind === "signal" ? stop.exitCode(EXIT.done) : EXIT.done;
  io.out(`run ${status?.state}${status?.message ? `: ${status.message}` : ""}\n`);
  return status?.state === "diverged"
    ? EXIT.diverged
    : status?.state === "interrupted"
      ? EXIT.interrupted
      : status?.state === "failed"
        ? EXIT.failed
        : EXIT.done;
}

/** status.json is written atomically, but tolerate a reader racing a foreign writer: retry once. */
function readStatus(file: string): RunStatusFile | undefined {
  try {
    return readJson<RunStatusFile>(file);
  } catch {
    try {
      return readJson<RunStatusFile>(file);
    } catch {
      return undefined;
    }
  }
}

/** Why the writer of `dir` is gone, or undefined while it may be alive. */
function deadWriter(dir: string): string | undefined {
  const lock = readLock(dir);
  if (lock) {
    return lockHolder(lock) === "dead" ? `the process writing ${dir} (pid ${lock.pid}) is gone` : undefined;
  }
  return `no process holds ${dir} (no run lock) although its status is not final`;
}
