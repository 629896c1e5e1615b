// @pupil/experiments/node: the Node adapter. Run directories (files, checkpoints verified before resume,
// run locks, contained output paths), worker_threads (nodeWorker), and plugin modules resolved on disk and
// imported (never from a URL).

export { fileStageCache, type NodeRunHostOptions, nodeRunHost } from "./node/host.js";
export {
  nodePackLoader,
  registryOfModules,
  resolveNodeRecipe,
  resolvePluginModule,
  resolvePluginModules,
} from "./node/plugins.js";
export { nodeWorker } from "./node/worker-port.js";
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
export {
  type AsyncSourceAnalysis,
  type DirRun,
  type DirRunOptions,
  type RunOutcome,
  runInDirectory,
} from "./rundir/run.js";
export { pupilVersions } from "./rundir/versions.js";
