// Runs one config into its directory with the right front end: the Ink dashboard on a TTY, plain lines
// or JSONL otherwise. SIGINT/SIGTERM/SIGHUP, a closed stdout (or q) stop cleanly at the next grid point
// with a last checkpoint: exit 130/143/129 (0 for a closed pipe), resumable with --resume DIR.

import type { ResolvedConfig, RunEvent } from "@pupil/experiments";
import { type RunDirWriter, type RunOutcome, runInDirectory } from "@pupil/experiments/node";
import type { FrozenRegistry } from "@pupil/plugin";
import { EXIT } from "../exit-codes.js";
import type { Io } from "../io.js";
import { JsonPrinter, PlainPrinter } from "../plain.js";
import { type AnalysisProgress, cliAnalysis, cliRunOptionsFor } from "../registry.js";
import { watchForStop } from "../stop.js";
import { num } from "../ui/format.js";
import { DashboardStore } from "../ui/store.js";

export interface ExecuteOptions {
  json: boolean;
  interval: number;
  resume?: Parameters<typeof runInDirectory>[2]["resume"];
}

export function outcomeLines(outcome: RunOutcome): string[] {
  const lines: string[] = [];
  const s = outcome.summary;
  if (outcome.state === "done" && s && s.kind === "distill") {
    const l = s.final.losses;
    const m = s.final.metrics;
    lines.push(
      `done at epoch ${s.final.epoch} (${s.source}): test accuracy ${num(m["test-accuracy"] as number, 4)} (best ${num(m["best-test-accuracy"] as number, 4)}), test CE ${num(l.test, 4)}`,
    );
  } else if (outcome.state === "done" && s && s.kind === "train") {
    const l = s.final.losses;
    lines.push(`done at epoch ${s.final.epoch}: test MSE ${num(l.test, 4)}, train MSE ${num(l.train, 4)}`);
  } else if (outcome.state === "done" && s) {
    const by = s.bySource;
    const parts = Object.entries(by).map(([src, v]) => `${src} eg=${num(v.final.eg, 4)}`);
    lines.push(`done at α=${num(s.final.alpha, 4)}: ${parts.join(", ")}`);
    const esc = Object.entries(by)
      .filter(([, v]) => typeof v.escapeAlpha === "number")
      .map(([src, v]) => `${src} ${num(v.escapeAlpha as number, 4)}`);
    if (esc.length > 0) lines.push(`escape α: ${esc.join(", ")}`);
  }
  if (outcome.state === "diverged" && outcome.divergence)
    lines.push(`run diverged: ${outcome.divergence.message}`);
  if (outcome.state === "interrupted")
    lines.push(`interrupted; log flushed. Continue with: pupil run --resume ${outcome.dir}`);
  lines.push(
    `run directory: ${outcome.dir} (config.json, snapshots.jsonl${outcome.state === "interrupted" ? ", checkpoint.json" : ", summary.json"})`,
  );
  return lines;
}

/** One stderr line rewritten in place as each stage of the summary's analysis starts (a terminal only). */
function stderrProgress(io: Io): { show: AnalysisProgress; clear: () => void } {
  let shown = false;
  return {
    show: (source, stage, index, total) => {
      shown = true;
      io.err(`\r\x1b[Kanalysing ${source}: ${stage} (${index + 1}/${total})`);
    },
    clear: () => {
      if (shown) io.err("\r\x1b[K");
    },
  };
}

export const exitCodeOf = (outcome: RunOutcome): number =>
  outcome.state === "done" ? EXIT.done : outcome.state === "diverged" ? EXIT.diverged : EXIT.interrupted;

export async function executeRun(
  config: ResolvedConfig,
  registry: FrozenRegistry,
  writer: RunDirWriter,
  io: Io,
  options: ExecuteOptions,
): Promise<number> {
  const interactive = io.tty && !options.json;
  const store = new DashboardStore(config, { dir: writer.dir, registry });
  const printer = options.json
    ? new JsonPrinter(io.out)
    : interactive
      ? undefined
      : new PlainPrinter(io.out, options.interval, config.kind);
  const onEvent = (event: RunEvent) => {
    // The dashboard stays up while the summary is computed; it shows "done" once summary.json is written.
    if (interactive && event.type === "done" && !event.stopped) store.setStatus("summarising");
    else store.apply(event);
    printer?.onEvent(event);
  };
  // Only the dashboard needs this thread free while the run computes.
  const runOptions = await cliRunOptionsFor(config, { inline: !interactive });
  const line = !interactive && io.errTty && !options.json ? stderrProgress(io) : undefined;
  const progress = interactive ? store.analysisProgress.bind(store) : line?.show;
  const run = runInDirectory(config, registry, {
    writer,
    onEvent,
    resume: options.resume,
    ...runOptions,
    ...cliAnalysis(config, registry, runOptions.execution, progress),
  });
  const stop = watchForStop(io, () => {
    store.setStatus("stopping");
    run.handle.stop();
  });
  let ink: { unmount(): void; waitUntilExit(): Promise<unknown> } | undefined;
  if (interactive) {
    const [{ render }, { createElement }, { Dashboard }] = await Promise.all([
      import("ink"),
      import("react"),
      import("../ui/app.js"),
    ]);
    ink = render(createElement(Dashboard, { store, controls: run.handle }), {
      exitOnCtrlC: false,
      stdout: io.stdout,
      stdin: io.stdin,
    });
  }
  try {
    const outcome = await run.outcome.finally(() => line?.clear());
    if (outcome.state === "done") store.setStatus("done");
    if (outcome.state === "diverged") {
      store.log(`diverged at α=${num(outcome.divergence?.alpha)} (step ${outcome.divergence?.step})`);
      store.setStatus("diverged");
    }
    printer?.flush();
    if (ink) {
      await new Promise((r) => setTimeout(r, 150));
      ink.unmount();
    }
    const lines = outcomeLines(outcome);
    const write = options.json || stop.reason?.kind === "output" ? io.err : io.out;
    if (outcome.state === "diverged") io.err(`${lines.join("\n")}\n`);
    else write(`${lines.join("\n")}\n`);
    if (outcome.state !== "interrupted") return exitCodeOf(outcome);
    // A closed pipe is the reader's choice and needs no word; a signal or a failing stdout does.
    if (stop.reason && stop.exitCode(0) !== EXIT.done)
      io.err(stop.describe(`pupil run --resume ${outcome.dir}`));
    return stop.exitCode(EXIT.interrupted);
  } finally {
    stop.dispose();
    ink?.unmount();
  }
}
