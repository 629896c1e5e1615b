// Errors that cross the worker boundary as plain data and are rebuilt on the other side.
import { DivergenceError } from "@pupil/dynamics";
import { ConfigError, type ConfigIssue } from "../config/errors.js";

export interface SerializedError {
  name: string;
  message: string;
  alpha?: number;
  step?: number;
  issues?: ConfigIssue[];
  stack?: string;
}

/** A run that blew up: α (or the step) where it happened, and the dynamics' explanation. */
export class RunDivergedError extends Error {
  readonly alpha: number;
  readonly step: number;
  constructor(message: string, alpha: number, step: number) {
    super(message);
    this.name = "RunDivergedError";
    this.alpha = alpha;
    this.step = step;
  }
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof DivergenceError || error instanceof RunDivergedError) {
    return { name: "RunDivergedError", message: error.message, alpha: error.alpha, step: error.step };
  }
  if (error instanceof ConfigError)
    return { name: "ConfigError", message: error.message, issues: error.issues };
  const e = error instanceof Error ? error : new Error(String(error));
  return { name: e.name, message: e.message, stack: e.stack };
}

export function deserializeError(data: SerializedError): Error {
  if (data.name === "RunDivergedError")
    return new RunDivergedError(data.message, data.alpha ?? Number.NaN, data.step ?? 0);
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
