// What crosses the thread boundary in runEnsemble: plugins (functions) travel as refs { id, params } plus
// the run's PluginRecipe, resolved in the worker into the same registry (resolveRecipe + lookupPlugin, as
// every other host does); everything else is structured-cloneable.
import type { ActivationPlugin, PluginRecipe, PluginRef } from "@pupil/plugin";
import type { CommitteeSpec } from "../common/index.js";
import type { KernelChoice } from "./kernel-select.js";
import type { RecordSpec } from "./schedule.js";

export type WireSpec = Omit<CommitteeSpec, "activation" | "teacherActivation"> & {
  activation: PluginRef;
  teacherActivation: PluginRef;
};

export interface WorkerSetup {
  pupilEnsemble: 1;
  spec: WireSpec;
  recipe: PluginRecipe;
  alphaMax?: number;
  record?: RecordSpec;
  kernel?: KernelChoice;
}

export interface RunJob {
  type: "run";
  seed: number;
  teacher: Float64Array;
}

export type WorkerMessage =
  | { type: "ready" }
  | { type: "snapshot"; snapshot: import("@pupil/plugin").Snapshot }
  | { type: "done"; seed: number }
  | {
      type: "error";
      seed: number;
      name: string;
      message: string;
      alpha?: number;
      step?: number;
      reason?: string;
    };

/** The ref that configures the registered plugin into this one: its id and its parameter values. */
export function activationRef(plugin: ActivationPlugin): PluginRef {
  return plugin.values ? { id: plugin.id, params: { ...plugin.values } } : plugin.id;
}

export function toWireSpec(spec: CommitteeSpec): WireSpec {
  return {
    ...spec,
    activation: activationRef(spec.activation),
    teacherActivation: activationRef(spec.teacherActivation),
  };
}
