// Emitted cluster jobs (scale beyond one machine): a per-index task script shared by every engine, and
// the Slurm array that runs it. A task resumes its run from the checkpoint when its run directory
// already holds one (a requeued or preempted task), and skips a run that already finished.
import type { SweepManifest } from "./plan.js";
import type { TaskResources } from "./resources.js";

/** How a node starts pupil when $PUPIL is not set: the node binary and CLI this sweep was emitted with. */
export interface PupilCommand {
  node: string;
  cli: string;
}

export const TASK_SCRIPT = "run-task.sh";
export const SLURM_SCRIPT = "run-array.slurm";

/** Single-quoted for bash. */
export const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** run-task.sh INDEX: runs sweep point INDEX in the sweep directory the script sits in. */
export function taskScript(manifest: SweepManifest, command: PupilCommand): string {
  return `#!/bin/bash
# Sweep "${manifest.name}": runs point INDEX (0..${manifest.points.length - 1}) into runs/NNNN, from the
# sweep directory this script sits in. Safe to run again: a finished run is skipped, a run directory that
# holds a run resumes from its last checkpoint (pupil run --resume), anything else starts afresh.
# The pupil command is $PUPIL when set (PUPIL=pupil, PUPIL="npx pupil", PUPIL=/opt/pupil/bin/pupil),
# else the node binary and CLI this sweep was emitted with.
set -uo pipefail
cd "$(dirname "$0")" || exit 1
INDEX=\${1:?usage: run-task.sh INDEX}
ID=$(printf "%04d" "$INDEX")
RUN="runs/$ID"
if [ -n "\${PUPIL:-}" ]; then
  read -r -a CMD <<<"$PUPIL"
else
  CMD=(${shq(command.node)} ${shq(command.cli)})
fi
echo "pupil task $INDEX ($RUN) on $(hostname) at $(date -u +%Y-%m-%dT%H:%M:%SZ), restart \${SLURM_RESTART_COUNT:-\${RESTART_COUNT:-0}}"
if [ -f "$RUN/summary.json" ]; then
  echo "$RUN already finished"
  exit 0
fi
if [ -f "$RUN/config.json" ] && [ -f "$RUN/snapshots.jsonl" ]; then
  echo "resuming $RUN from its checkpoint"
  exec "\${CMD[@]}" run --resume "$RUN" --no-ui
fi
# A directory left empty by an attempt that died before writing its config.
[ -d "$RUN" ] && rmdir "$RUN" 2>/dev/null
exec "\${CMD[@]}" run "jobs/$ID.json" --out "$RUN" --no-ui
`;
}

/** The Slurm job array: one task per sweep point, logs appended across requeues. */
export function slurmScript(manifest: SweepManifest, dir: string, resources: TaskResources): string {
  const n = manifest.points.length;
  const lines = [
    `--job-name=pupil-${manifest.name.replace(/[^A-Za-z0-9_.-]/g, "-")}`,
    `--array=0-${n - 1}`,
    `--cpus-per-task=${resources.cpus}`,
    `--chdir=${dir}`,
    // Absolute, in a directory made at emit time: Slurm opens it before the script runs.
    `--output=${dir}/logs/%A_%a.out`,
    "--open-mode=append",
    "--requeue",
    ...(resources.time ? [`--time=${resources.time}`] : []),
    ...(resources.mem ? [`--mem=${resources.mem}`] : []),
    ...(resources.partition ? [`--partition=${resources.partition}`] : []),
    ...(resources.account ? [`--account=${resources.account}`] : []),
    ...resources.sbatch,
  ];
  return `#!/bin/bash
# Sweep "${manifest.name}": one pupil run per array task. Submit with sbatch ${SLURM_SCRIPT} (or pupil sweep
# ... --submit); follow with pupil jobs ${dir}; merge with pupil report ${dir}. A requeued task resumes its
# run from the checkpoint. Set PUPIL to choose the pupil command on the nodes (see ${TASK_SCRIPT}).
${lines.map((l) => `#SBATCH ${l}`).join("\n")}
exec bash ${shq(`${dir}/${TASK_SCRIPT}`)} "$SLURM_ARRAY_TASK_ID"
`;
}
