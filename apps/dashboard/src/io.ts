// Where the CLI writes. Commands take an Io so tests can capture output without spawning a process.
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Interactive terminal: the Ink dashboard instead of plain lines. */
  tty: boolean;
  /** stderr is a terminal: progress lines that rewrite themselves may go there. */
  errTty?: boolean;
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  /**
   * Calls `listener` once if stdout stops taking output (EPIPE: `| head -1` closed it; ENOSPC: `> /dev/full`).
   * Returns an unsubscribe function. Absent in tests that capture output in memory.
   */
  onOutputClosed?(listener: (error: NodeJS.ErrnoException) => void): () => void;
}

/** A closed stdout is the reader saying "enough" (`| head -1`): a normal end, not a failure. */
export const isClosedPipe = (error: NodeJS.ErrnoException | undefined) =>
  error?.code === "EPIPE" || error?.code === "ERR_STREAM_DESTROYED";

/** Whether this process talks to a person at a terminal (the dashboard), not a pipe, a file or CI. */
export function interactiveTerminal(): boolean {
  const ci =
    process.env.CI !== undefined &&
    process.env.CI !== "" &&
    process.env.CI !== "false" &&
    process.env.CI !== "0";
  return Boolean(process.stdout.isTTY && process.stdin.isTTY) && !ci;
}

export function processIo(): Io {
  let closed: NodeJS.ErrnoException | undefined;
  const listeners = new Set<(error: NodeJS.ErrnoException) => void>();
  // Without a listener an EPIPE on stdout is an uncaught exception with a stack trace.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (closed) return;
    closed = error;
    for (const l of [...listeners]) l(error);
  });
  return {
    out: (t) => {
      if (closed) return;
      try {
        process.stdout.write(t);
      } catch {}
    },
    err: (t) => {
      try {
        process.stderr.write(t);
      } catch {}
    },
    tty: interactiveTerminal(),
    errTty: process.stderr.isTTY === true,
    stdout: process.stdout,
    stdin: process.stdin,
    onOutputClosed: (listener) => {
      if (closed) {
        const error = closed;
        queueMicrotask(() => listener(error));
        return () => {};
      }
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
