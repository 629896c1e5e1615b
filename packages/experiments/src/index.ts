// @pupil/experiments, platform-neutral entry: configs, presets, run kinds, the one engine loop and
// runExperiment (inline, or in a worker the host provides). Node-only parts (run directories, worker
// threads, resolving plugin modules on disk) are in "@pupil/experiments/node"; the worker side of the
// protocol is "@pupil/experiments/worker". Nothing here imports a node:* module.
import { createRegistry, type FrozenRegistry, type PluginPack } from "@pupil/plugin";

export { ConfigError, type ConfigIssue, formatIssue } from "./config/errors.js";
export { applyOverrides, parseSetValue, settableKeys } from "./config/overrides.js";
export {
  type CommitteeConfig,
  pluginId,
  type ResolvedConfig,
  type ResolvedModel,
  resolveConfig,
  type TrainRunConfig,
} from "./config/resolve.js";
export {
  type ConfigInput,
  configSchema,
  type ParsedConfig,
  type PluginRef,
  RUN_KINDS,
  type RunKind,
  type SecondLayer,
} from "./config/schema.js";
export { MAX_JSON_DEPTH, parseStrictJson, StrictJsonError } from "./config/strict-json.js";
export { alphaGrid } from "./kinds/committee/grid.js";
export { committeeKind, committeeSetup } from "./kinds/committee/index.js";
export { odeStart } from "./kinds/committee/ode-source.js";
export { buildPlan, type RunPlan, type SourceName } from "./kinds/committee/plan.js";
export { studentWithOverlaps } from "./kinds/committee/student-init.js";
export {
  buildDistillPlan,
  type DistillEvent,
  type DistillPlan,
  DistillSource,
  type DistillSourceState,
  type DistillStageSummary,
  DistillTracker,
  distillKind,
  distillSetup,
  distillSummary,
  type Stage,
  stageAt,
} from "./kinds/distill/index.js";
export { DISTILL_DATASETS, distillSchema } from "./kinds/distill/schema.js";
export { kindModuleOf, kindNeedsHost, RUN_KIND_MODULES, setupRun } from "./kinds/index.js";
export { epochGrid, trainKind, trainSetup } from "./kinds/train/index.js";
export { buildTrainPlan, type TrainPlan } from "./kinds/train/plan.js";
export {
  builtinDefaults,
  type ConfigDefaults,
  getPreset,
  listPresets,
  OWN_PRESETS_PACK,
  type Preset,
  presets,
  withDefaults,
} from "./presets.js";
export { type GateDecision, RunControl, type RunStatus } from "./run/control.js";
export { checkDivergence } from "./run/divergence.js";
export { type EngineOptions, runEngine, stripWallClock } from "./run/engine.js";
export { RunDivergedError } from "./run/errors.js";
export {
  checkRunnable,
  type Execution,
  type RunHandle,
  type RunOptions,
  runExperiment,
} from "./run/handle.js";
export { memoryStageCache, type RunHost, type StageCache } from "./run/host.js";
export { plateauObserver, specializationObserver } from "./run/live.js";
export {
  type ControlAction,
  type HostMessage,
  type RunEvent,
  type WebWorkerLike,
  type WorkerFactory,
  type WorkerMessage,
  type WorkerPort,
  webWorkerPort,
} from "./run/protocol.js";
export type {
  AnalysisEvent,
  EngineEvent,
  EngineState,
  LiveAnalysis,
  RunKindModule,
  RunSetup,
  Source,
} from "./run/source.js";
export { nextTurn } from "./run/turn.js";
export { analyseSource } from "./rundir/analysis.js";
export {
  type RunSummary,
  type SourceAnalysis,
  type SourceSummary,
  specializationSummary,
  summarizeRun,
} from "./rundir/summary.js";

/**
 * A frozen registry of packs composed in code (no recipe: such a registry runs inline only). For a run
 * that may go to a worker, resolve a recipe instead (resolveRecipe, or resolveNodeRecipe in Node).
 */
export function buildRegistry(options: { packs: readonly PluginPack[] }): FrozenRegistry {
  return createRegistry()
    .use(...options.packs)
    .freeze();
}
