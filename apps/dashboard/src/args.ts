// Argument parsing on node:util parseArgs; every mistake becomes a ConfigError naming the argument (exit 2).
import { type ParseArgsConfig, parseArgs } from "node:util";
import { ConfigError, type ConfigIssue, formatIssue } from "@pupil/experiments";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** A mistake on the command line (not in a config): exit 2 like a ConfigError, headed "invalid arguments". */
export class UsageError extends ConfigError {
  constructor(issues: ConfigIssue[], heading = "invalid arguments") {
    super(issues);
    this.name = "UsageError";
    this.message = [
      `${heading}: ${issues.length} problem${issues.length === 1 ? "" : "s"}`,
      ...issues.map((i) => `  ${formatIssue(i)}`),
    ].join("\n");
  }
}

/**
 * `--seed -1` is a value to us, but parseArgs reads "-1" as an option ("argument is ambiguous"): join a
 * negative-number value to its string option as `--seed=-1` so the option's own check can name it.
 */
function joinNegativeValues(args: string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i].startsWith("--") ? args[i].slice(2) : undefined;
    const next = args[i + 1];
    if (name && options[name]?.type === "string" && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`--${name}=${next}`);
      i++;
    } else out.push(args[i]);
  }
  return out;
}

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export function parse(command: string, args: string[], options: Options, maxPositionals: number): Parsed {
  let parsed: Parsed;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(args, options),
      options,
      allowPositionals: true,
      strict: true,
    }) as Parsed;
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, "");
    throw new UsageError([
      {
        path: `pupil ${command}`,
        value: args.join(" "),
        expected: `valid arguments (${message}); see pupil ${command} --help`,
      },
    ]);
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new UsageError([
      {
        path: `pupil ${command}`,
        value: parsed.positionals.slice(maxPositionals).join(" "),
        expected: `at most ${maxPositionals} positional argument${maxPositionals === 1 ? "" : "s"}; see pupil ${command} --help`,
      },
    ]);
  }
  return parsed;
}

/**
 * An integer option ≥ min, or a UsageError naming it. Digits only, and exact: 9007199254740993 (beyond
 * 2^53) is refused rather than rounded to ...992.
 */
export function intOption(name: string, value: unknown, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  const text = typeof value === "string" ? value.trim() : "";
  const n = Number(text);
  if (!/^[+-]?\d+$/.test(text) || n < min) {
    throw new UsageError([{ path: `--${name}`, value, expected: `an integer ≥ ${min}` }]);
  }
  if (!Number.isSafeInteger(n)) {
    throw new UsageError([
      {
        path: `--${name}`,
        value,
        expected: `an integer ≤ 2^53 − 1 = ${Number.MAX_SAFE_INTEGER} (larger ones cannot be represented exactly)`,
      },
    ]);
  }
  return n;
}

export function numberOption(name: string, value: unknown, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== "string" || value.trim() === "" || !Number.isFinite(n) || n < min) {
    throw new UsageError([{ path: `--${name}`, value, expected: `a number ≥ ${min}` }]);
  }
  return n;
}

export const list = (value: unknown): string[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [String(value)];
