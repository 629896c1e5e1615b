// Problems with a run directory that the user can cause or fix (a bad --out, a run locked by another
// process, a checkpoint that does not belong to its log, a directory deleted mid-run): a ConfigError, so
// every front end exits 2, but headed by a sentence about the directory instead of "invalid config".
import { ConfigError, type ConfigIssue, formatIssue } from "../config/errors.js";

export class RunDirError extends ConfigError {
  constructor(heading: string, issues: ConfigIssue[]) {
    super(issues);
    this.name = "RunDirError";
    this.message = [heading, ...issues.map((i) => `  ${formatIssue(i)}`)].join("\n");
  }
}

/** One issue about a path (`--out`, `--resume`, a file), as a RunDirError with its own heading. */
export function runDirError(heading: string, path: string, value: unknown, expected: string): RunDirError {
  return new RunDirError(heading, [{ path, value, expected }]);
}

/** "ENOENT: no such file or directory" from a Node error, without the syscall and path noise. */
export function ioReason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (!e || typeof e !== "object") return String(error);
  const text = String(e.message ?? e).replace(/, \w+ '.*'$/, "");
  return e.code && !text.startsWith(e.code) ? `${e.code}: ${text}` : text;
}
