// Every run kind, one module each. A new kind (e.g. "distill") is a module here plus its config schema.
import type { FrozenRegistry } from "@pupil/plugin";
import type { ResolvedConfig } from "../config/resolve.js";
import type { RunHost } from "../run/host.js";
import type { RunKindModule, RunSetup } from "../run/source.js";
import { committeeKind } from "./committee/index.js";
import { distillKind } from "./distill/index.js";
import { trainKind } from "./train/index.js";

/** Each module serves its own config kinds; setup is only called with a config of one of them. */
export const RUN_KIND_MODULES = [committeeKind, trainKind, distillKind] as const;

export function kindModuleOf(kind: string): RunKindModule<ResolvedConfig> {
  const found = RUN_KIND_MODULES.find((m) => (m.kinds as readonly string[]).includes(kind));
  if (!found) throw new Error(`no run kind module serves kind "${kind}"`);
  return found as unknown as RunKindModule<ResolvedConfig>;
}

/** What the engine needs for this config (throws ConfigError naming the field when it cannot run). */
export function setupRun(config: ResolvedConfig, registry: FrozenRegistry, host?: RunHost): RunSetup {
  return kindModuleOf(config.kind).setup(config, registry, host);
}

/** Whether runs (and full checks) of this kind need a RunHost (Node: nodeRunHost()). */
export function kindNeedsHost(kind: string): boolean {
  return kindModuleOf(kind).needsHost === true;
}
