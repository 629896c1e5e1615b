// One stop path for every long-running command (run, sweep, watch): SIGINT, SIGTERM and SIGHUP (what
// Ctrl-C, Slurm/systemd/containers and a closed terminal send) and a stdout that stops taking output all
// ask the command to stop cleanly — flush, last checkpoint, status `interrupted` — and decide the exit
// code: 130, 143, 129 for the signals; 0 for a closed pipe (the reader had enough); 1 for another stdout
// error (ENOSPC). A second signal exits at once with the signal's code (the last checkpoint stays valid).
import { EXIT } from "./exit-codes.js";
import { type Io, isClosedPipe } from "./io.js";

export const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

export const SIGNAL_EXIT: Record<StopSignal, number> = {
  SIGINT: EXIT.interrupted,
  SIGTERM: EXIT.terminated,
  SIGHUP: EXIT.hangup,
};

export type StopReason =
  | { kind: "signal"; signal: StopSignal; code: number }
  | { kind: "output"; error: NodeJS.ErrnoException; code: number };

export interface StopWatch {
  /** Why the command was asked to stop (undefined while nobody asked). */
  readonly reason: StopReason | undefined;
  /** The exit code of a command that stopped for `reason` (or `fallback` if it was not asked to). */
  exitCode(fallback: number): number;
  /** A line for stderr saying why the command stopped, or "" when it was not asked to. */
  describe(resume: string): string;
  dispose(): void;
}

/** Listens for stop requests until dispose(); `stop` is called once, on the first one. */
export function watchForStop(io: Io, stop: (reason: StopReason) => void): StopWatch {
  let reason: StopReason | undefined;
  const request = (r: StopReason) => {
    if (reason) {
      if (r.kind === "signal") process.exit(r.code);
      return;
    }
    reason = r;
    stop(r);
  };
  const handlers = STOP_SIGNALS.map((signal) => {
    const handler = () => request({ kind: "signal", signal, code: SIGNAL_EXIT[signal] });
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  const unsubscribe = io.onOutputClosed?.((error) =>
    request({ kind: "output", error, code: isClosedPipe(error) ? EXIT.done : EXIT.failed }),
  );
  return {
    get reason() {
      return reason;
    },
    exitCode: (fallback) => reason?.code ?? fallback,
    describe: (resume) => {
      if (!reason) return "";
      const why =
        reason.kind === "signal"
          ? `${reason.signal} received`
          : isClosedPipe(reason.error)
            ? "stdout was closed"
            : `stdout failed (${reason.error.code ?? reason.error.message})`;
      return `pupil: ${why}; stopped at the last checkpoint. Continue with: ${resume}\n`;
    },
    dispose: () => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
      unsubscribe?.();
    },
  };
}
