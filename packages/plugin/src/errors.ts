// Config errors: every problem at once, each naming the field path, the value found and what was expected.
// Defined here (the lowest package that reports config problems: plugin refs and their params) and
// re-exported by @pupil/experiments, so hosts test one class.

export interface ConfigIssue {
  /** Dotted path into the config ("model.p", "init.Q[1]"); "" for the config itself. */
  path: string;
  /** The value found (undefined when the field is missing). */
  value: unknown;
  /** What was expected, in words. */
  expected: string;
}

export function formatValue(value: unknown): string {
  if (value === undefined) return "nothing (missing)";
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function formatIssue(issue: ConfigIssue): string {
  return `${issue.path || "(config)"}: got ${formatValue(issue.value)}; expected ${issue.expected}`;
}

/** An invalid config or argument. `issues` lists all problems; `message` has one line each. */
export class ConfigError extends Error {
  readonly issues: ConfigIssue[];
  readonly source: string | undefined;

  constructor(issues: ConfigIssue[], source?: string) {
    const head = `invalid config${source ? ` (${source})` : ""}: ${issues.length} problem${issues.length === 1 ? "" : "s"}`;
    super([head, ...issues.map((i) => `  ${formatIssue(i)}`)].join("\n"));
    this.name = "ConfigError";
    this.issues = issues;
    this.source = source;
  }
}
