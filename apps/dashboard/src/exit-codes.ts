// The exit codes of the output contract.
export const EXIT = {
  /** The run finished (or the command did its job). */
  done: 0,
  /** Something unexpected failed (a bug or an I/O error): not part of the contract's success paths. */
  failed: 1,
  /** Invalid config or arguments; nothing was written. */
  invalid: 2,
  /** The run diverged; its log is kept and the message names α. */
  diverged: 3,
  /** Interrupted (SIGINT or q); the log is flushed and `pupil run --resume DIR` continues. */
  interrupted: 130,
  /** Stopped by SIGHUP (the terminal closed); resumable like 130. */
  hangup: 129,
  /** Stopped by SIGTERM (Slurm, systemd, a container runtime); resumable like 130. */
  terminated: 143,
} as const;
