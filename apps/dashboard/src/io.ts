// Where the CLI writes. Commands take an Io so tests can capture output without spawning a process.
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Interactive terminal: the Ink dashboard instead of plain lines. */
  tty: boolean;
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
}

export function processIo(): Io {
  const ci =
    process.env.CI !== undefined &&
    process.env.CI !== "" &&
    process.env.CI !== "false" &&
    process.env.CI !== "0";
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    tty: Boolean(process.stdout.isTTY && process.stdin.isTTY) && !ci,
    stdout: process.stdout,
    stdin: process.stdin,
  };
}
