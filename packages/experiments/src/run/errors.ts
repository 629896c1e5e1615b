// Errors that cross the worker boundary as plain data and are rebuilt on the other side.
import { DivergenceError } from "@pupil/dynamics";
import { ConfigError, type ConfigIssue } from "../config/errors.js";

export interface SerializedError {
  name: string;
  message: string;
  alpha?: number;
  step?: number;
  timeUnit?: string;
  issues?: ConfigIssue[];
  stack?: string;
}

/**
 * A run that blew up: where (`alpha` holds the time in the run's unit: α, or the epoch when timeUnit is
 * "epoch"), the step, and the explanation.
 */
export class RunDivergedError extends Error {
  readonly alpha: number;
  readonly step: number;
  readonly timeUnit: string;
  constructor(message: string, alpha: number, step: number, timeUnit = "alpha") {
    super(message);
    this.name = "RunDivergedError";
    this.alpha = alpha;
    this.step = step;
    this.timeUnit = timeUnit;
  }
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof RunDivergedError) {
    const { message, alpha, step, timeUnit } = error;
    return { name: "RunDivergedError", message, alpha, step, timeUnit };
  }
  if (error instanceof DivergenceError) {
    return { name: "RunDivergedError", message: error.message, alpha: error.alpha, step: error.step };
  }
  if (error instanceof ConfigError)
    return { name: "ConfigError", message: error.message, issues: error.issues };
  const e = error instanceof Error ? error : new Error(String(error));
  return { name: e.name, message: e.message, stack: e.stack };
}

export function deserializeError(data: SerializedError): Error {
  if (data.name === "RunDivergedError")
    return new RunDivergedError(data.message, data.alpha ?? Number.NaN, data.step ?? 0, data.timeUnit);
  if (data.name === "ConfigError" && data.issues) return new ConfigError(data.issues);
  const e = new Error(data.message);
  e.name = data.name;
  if (data.stack) e.stack = data.stack;
  return e;
}

/** Divergence from the dynamics (thrown inline) normalised to RunDivergedError. */
export function normaliseError(error: unknown): unknown {
  if (error instanceof DivergenceError) return new RunDivergedError(error.message, error.alpha, error.step);
  return error;
}
