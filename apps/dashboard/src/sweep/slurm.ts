// A Slurm job array that runs the emitted configs one per array task (scale beyond one machine: each task is one independent run).
import type { SweepManifest } from "./plan.js";

export function slurmScript(manifest: SweepManifest, dir: string): string {
  const n = manifest.points.length;
  return `#!/bin/bash
# One pupil run per array task; afterwards merge with: pupil report ${dir}
#SBATCH --job-name=pupil-${manifest.name}
#SBATCH --array=0-${n - 1}
#SBATCH --cpus-per-task=1
#SBATCH --chdir=${dir}
#SBATCH --output=logs/%A_%a.out
set -euo pipefail
mkdir -p logs runs
ID=$(printf "%04d" "$SLURM_ARRAY_TASK_ID")
pupil run "jobs/$ID.json" --out "runs/$ID" --no-ui
`;
}
