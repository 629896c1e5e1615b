// @pupil/experiments/node: the Node adapter. Run directories (files, checkpoints, resume), worker_threads
// (nodeWorker), and plugin modules resolved on disk and imported (never from a URL).

export { fileStageCache, type NodeRunHostOptions, nodeRunHost } from "./node/host.js";
export {
  nodePackLoader,
  registryOfModules,
  resolveNodeRecipe,
  resolvePluginModule,
  resolvePluginModules,
} from "./node/plugins.js";
export { nodeWorker } from "./node/worker-port.js";
export {
  type CheckpointFile,
  isRunDir,
  RUN_FILES,
  RunDirWriter,
  type RunState,
  type RunStatusFile,
  readJson,
} from "./rundir/files.js";
export { parseSnapshots, readSnapshots, snapshotLine } from "./rundir/jsonl.js";
export { type DirRun, type DirRunOptions, type RunOutcome, runInDirectory } from "./rundir/run.js";
export { pupilVersions } from "./rundir/versions.js";
