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
export {
  buildRegistry,
  importPacks,
  registryModules,
  resolvePluginModule,
  resolvePluginModules,
} from "./plugins.js";
export { getPreset, type Preset, presets } from "./presets.js";
export { RunControl, type RunStatus } from "./run/control.js";
export {
  type AnyPlan,
  buildRunPlan,
  type EngineEvent,
  type EngineState,
  runEngine,
  stripWallClock,
} from "./run/engine.js";
export { RunDivergedError } from "./run/errors.js";
export { alphaGrid } from "./run/grid.js";
export {
  checkRunnable,
  type RunEvent,
  type RunHandle,
  type RunOptions,
  runExperiment,
} from "./run/handle.js";
export { odeStart } from "./run/ode-source.js";
export { buildPlan, type RunPlan, type SourceName } from "./run/plan.js";
export { studentWithOverlaps } from "./run/student-init.js";
export { buildTrainPlan, type TrainPlan } from "./run/train.js";
export { analyseSource } from "./rundir/analysis.js";
export { CHECKPOINT_FORMAT, sha256, verifyResume } from "./rundir/checkpoint.js";
export { ioReason, RunDirError, runDirError } from "./rundir/errors.js";
export {
  type CheckpointFile,
  isRunDir,
  RUN_FILES,
  RunDirWriter,
  type RunState,
  type RunStatusFile,
  readJson,
  writeJsonAtomic,
  writeTextAtomic,
} from "./rundir/files.js";
export { parseSnapshots, readSnapshots, snapshotLine } from "./rundir/jsonl.js";
export {
  acquireLock,
  LOCK_FILE,
  type LockInfo,
  lockHolder,
  pidAlive,
  type RunLock,
  readLock,
} from "./rundir/lock.js";
export { prepareOutDir, prepareOutFile } from "./rundir/out-dir.js";
export { type DirRun, type RunOutcome, runInDirectory } from "./rundir/run.js";
export { type RunSummary, type SourceAnalysis, type SourceSummary, summarizeRun } from "./rundir/summary.js";
export { pupilVersions } from "./rundir/versions.js";
