// What crosses the thread boundary in runEnsemble: plugins (functions) travel as ids, looked up in the worker
// from the modules the caller names; everything else is structured-cloneable.
import type { ActivationPlugin, Plugin } from "@pupil/plugin";
import type { CommitteeSpec } from "../common/index.js";
import type { KernelChoice } from "./kernel-select.js";
import type { RecordSpec } from "./schedule.js";

export interface ActivationRef {
  id: string;
  values?: Record<string, number>;
}

export type WireSpec = Omit<CommitteeSpec, "activation" | "teacherActivation"> & {
  activation: ActivationRef;
  teacherActivation: ActivationRef;
};

export interface WorkerSetup {
  pupilEnsemble: 1;
  spec: WireSpec;
  pluginModules: readonly string[];
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

export function activationRef(plugin: ActivationPlugin): ActivationRef {
  return plugin.values ? { id: plugin.id, values: { ...plugin.values } } : { id: plugin.id };
}

export function toWireSpec(spec: CommitteeSpec): WireSpec {
  return {
    ...spec,
    activation: activationRef(spec.activation),
    teacherActivation: activationRef(spec.teacherActivation),
  };
}

/** Every activation plugin a module exports: a PluginPack default, a plugin array, or plugins as named exports. */
export function activationsOf(mod: Record<string, unknown>): ActivationPlugin[] {
  const found: ActivationPlugin[] = [];
  const visit = (value: unknown) => {
    if (!value || typeof value !== "object") return;
    if (Array.isArray(value)) {
      for (const v of value) visit(v);
      return;
    }
    const v = value as Partial<Plugin> & { plugins?: unknown };
    if (v.kind === "activation") found.push(v as ActivationPlugin);
    else if (Array.isArray(v.plugins)) visit(v.plugins);
  };
  for (const value of Object.values(mod)) visit(value);
  return found;
}

export function resolveActivation(
  ref: ActivationRef,
  available: ActivationPlugin[],
  field: string,
): ActivationPlugin {
  const plugin = available.find((p) => p.id === ref.id);
  if (!plugin) {
    const known = [...new Set(available.map((p) => p.id))].join(", ") || "none";
    throw new Error(`${field}: no activation "${ref.id}" in options.pluginModules (known: ${known})`);
  }
  if (ref.values && Object.keys(ref.values).length > 0) {
    if (!plugin.configure) throw new Error(`${field}: activation "${ref.id}" takes no parameters`);
    return plugin.configure(ref.values);
  }
  return plugin;
}
