// Shared types of the conformance kit.
import type { Snapshot } from "../snapshot.js";
import type { LossInputs, Plugin, TeacherShape, Tf, WeightsView } from "../types.js";

/** One conformance check's outcome. `message` says what was measured, or exactly what failed. */
export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly message: string;
}

/** A check planned synchronously (so a test runner can register it) and run later. */
export interface PlannedCheck {
  readonly name: string;
  run(): Promise<{ ok: boolean; message: string }>;
}

/** Options for one kind of plugin: a value, or a function of the plugin (per-plugin settings in a pack). */
export type PerPlugin<T> = T | ((plugin: Plugin) => T | undefined);

export interface TeacherCheckOptions {
  /** Shapes to generate; a shape the plugin refuses must throw an Error naming the field. */
  readonly shapes?: readonly TeacherShape[];
  readonly params?: Readonly<Record<string, unknown>>;
  /** For generators that take their weights from params: skips "a different seed gives different weights". */
  readonly ignoresSeed?: boolean;
}

/** A named change of a loss's inputs (made inside the kit's tf.tidy; return new tensors, never dispose). */
export interface LossInputTransform {
  readonly name: string;
  transform(tf: Tf, inputs: LossInputs): LossInputs;
}

export interface LossCheckOptions {
  readonly studentFeatureShapes?: readonly (readonly number[])[];
  readonly teacherFeatureShapes?: readonly (readonly number[])[];
  readonly numClasses?: number;
  readonly batch?: number;
  readonly params?: Readonly<Record<string, unknown>>;
  /**
   * Params under which the loss is the plain cross-entropy (the distillation weight set to 0): the kit checks
   * value and gradient equal `crossEntropy` bit for bit. Without them that check reports itself skipped.
   */
  readonly plainParams?: Readonly<Record<string, unknown>>;
  /** Input changes that must leave the loss unchanged (relative 1e-5: float32 rounding of a reordered sum). */
  readonly invariances?: readonly LossInputTransform[];
  /** Input changes under which the loss must be 0 (to 1e-6 absolute). */
  readonly zeros?: readonly LossInputTransform[];
  /** Central-difference step and relative tolerance of the gradient check (defaults 3e-4 and 1e-2). */
  readonly gradient?: { readonly step?: number; readonly rtol?: number };
}

export interface MetricCheckOptions {
  readonly snapshot?: Snapshot;
  readonly weights?: WeightsView;
}

export interface CheckOptions {
  /** The host's tfjs (`import * as tf from "@tensorflow/tfjs"`); needed by activation op and loss checks. */
  readonly tf?: Tf;
  /** Seed of every random draw the kit makes (points, covariances, teacher seeds, loss inputs). Default 1. */
  readonly seed?: number | string;
  readonly teacher?: PerPlugin<TeacherCheckOptions>;
  readonly loss?: PerPlugin<LossCheckOptions>;
  readonly metric?: PerPlugin<MetricCheckOptions>;
}

export function resolvePerPlugin<T>(value: PerPlugin<T> | undefined, plugin: Plugin): T | undefined {
  return typeof value === "function" ? (value as (p: Plugin) => T | undefined)(plugin) : value;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Formats a number for a failure message. */
export function fmt(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(6) : String(x);
}
