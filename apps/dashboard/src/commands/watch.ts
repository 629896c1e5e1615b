// pupil watch DIR: attaches the dashboard (or plain lines) to a run another process is writing, by
// following snapshots.jsonl and status.json. Read-only: q detaches; pause/step belong to the running process.
import { closeSync, existsSync, fstatSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, type ResolvedConfig, setupRun } from "@pupil/experiments";
import { isRunDir, RUN_FILES, type RunStatusFile, readJson } from "@pupil/experiments/node";
import type { Snapshot } from "@pupil/plugin";
import { numberOption, parse } from "../args.js";
import { EXIT } from "../exit-codes.js";
import type { Io } from "../io.js";
import { PlainPrinter } from "../plain.js";
import { cliRegistry } from "../registry.js";
import { DashboardStore } from "../ui/store.js";

/** The run's registry and live analysis, so the watched log shows the same events as the run's own. */
async function watchAnalysis(config: ResolvedConfig) {
  try {
    const registry = await cliRegistry(config.plugins ?? []);
    return { registry, observe: setupRun(config, registry).observe };
  } catch {
    return {}; // a run whose plugins cannot be loaded here is still watched, without analysis events
  }
}

export const WATCH_HELP = `pupil watch DIR [--interval S] [--poll MS]
  Follows a run directory another process is writing (pupil run --out DIR) and shows the dashboard on a
  TTY, plain lines otherwise. Ends when the run ends (exit code as the run's: 0, 3 or 130); q detaches.

Examples:
  pupil run quadratic-escape --out runs/q --no-ui > /dev/null &   pupil watch runs/q`;

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
        const event = { type: "snapshot" as const, snapshot: JSON.parse(line) as Snapshot };
        store.apply(event);
        printer?.onEvent(event);
      }
    } finally {
      closeSync(fd);
    }
  };
  let status: RunStatusFile | undefined;
  try {
    for (;;) {
      readNew();
      const statusFile = join(dir, RUN_FILES.status);
      status = existsSync(statusFile) ? readJson<RunStatusFile>(statusFile) : undefined;
      if (status && FINAL.has(status.state)) {
        readNew();
        store.setStatus(status.state as "done");
        break;
      }
      if (detached) break;
      await new Promise((r) => setTimeout(r, poll));
    }
  } finally {
    printer?.flush();
    await new Promise((r) => setTimeout(r, 150));
    ink?.unmount();
  }
  if (detached) return EXIT.done;
  io.out(`run ${status?.state}${status?.message ? `: ${status.message}` : ""}\n`);
  return status?.state === "diverged"
    ? EXIT.diverged
    : status?.state === "interrupted"
      ? EXIT.interrupted
      : status?.state === "failed"
        ? EXIT.failed
        : EXIT.done;
}
