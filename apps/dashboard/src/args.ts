// Argument parsing on node:util parseArgs; every mistake becomes a ConfigError naming the argument (exit 2).
import { type ParseArgsConfig, parseArgs } from "node:util";
import { ConfigError } from "@pupil/experiments";

type Options = NonNullable<ParseArgsConfig["options"]>;

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export function parse(command: string, args: string[], options: Options, maxPositionals: number): Parsed {
  let parsed: Parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true }) as Parsed;
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, "");
    throw new ConfigError([
      {
        path: `pupil ${command}`,
        value: args.join(" "),
        expected: `valid arguments (${message}); see pupil ${command} --help`,
      },
    ]);
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new ConfigError([
      {
        path: `pupil ${command}`,
        value: parsed.positionals.slice(maxPositionals).join(" "),
        expected: `at most ${maxPositionals} positional argument${maxPositionals === 1 ? "" : "s"}; see pupil ${command} --help`,
      },
    ]);
  }
  return parsed;
}

/** A non-negative integer option, or a ConfigError naming it. */
export function intOption(name: string, value: unknown, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== "string" || value.trim() === "" || !Number.isInteger(n) || n < min) {
    throw new ConfigError([{ path: `--${name}`, value, expected: `an integer ≥ ${min}` }]);
  }
  return n;
}

export function numberOption(name: string, value: unknown, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== "string" || value.trim() === "" || !Number.isFinite(n) || n < min) {
    throw new ConfigError([{ path: `--${name}`, value, expected: `a number ≥ ${min}` }]);
  }
  return n;
}

export const list = (value: unknown): string[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [String(value)];
