// Shared types of the conformance kit.
import type { Snapshot } from "../snapshot.js";
import type { Plugin, TeacherShape, Tf, WeightsView } from "../types.js";

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

export interface LossCheckOptions {
  readonly studentFeatureShapes?: readonly (readonly number[])[];
  readonly teacherFeatureShapes?: readonly (readonly number[])[];
  readonly numClasses?: number;
  readonly batch?: number;
  readonly params?: Readonly<Record<string, unknown>>;
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
