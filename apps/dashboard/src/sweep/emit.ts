// `pupil sweep --emit-jobs DIR`: the job configs, the manifest, the per-index task script and the
// engine's job file (Slurm array or Kubernetes Indexed Job); with --submit, sbatch it.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, realpathSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError, type ResolvedConfig } from "@pupil/experiments";
import { prepareOutDir } from "@pupil/experiments/node";
import { EXIT } from "../exit-codes.js";
import type { Io } from "../io.js";
import { K8S_JOB_FILE, k8sJob } from "./k8s.js";
import type { SweepManifest } from "./plan.js";
import { parseResources } from "./resources.js";
import { type PupilCommand, SLURM_SCRIPT, slurmScript, TASK_SCRIPT, taskScript } from "./slurm.js";

/** Flags of `pupil sweep` that shape emitted jobs (spread into its parseArgs options). */
export const EMIT_OPTIONS = {
  engine: { type: "string" },
  submit: { type: "boolean" },
  time: { type: "string" },
  mem: { type: "string" },
  cpus: { type: "string" },
  partition: { type: "string" },
  account: { type: "string" },
  sbatch: { type: "string", multiple: true },
  image: { type: "string" },
  claim: { type: "string" },
} as const;

export const EMIT_HELP = `  --engine slurm|k8s   with --emit-jobs: a Slurm array (run-array.slurm, default) or a Kubernetes
                       Indexed Job (job.k8s.json; --image IMG, --claim PVC holding DIR, $PUPIL in the pod)
  --submit             with --emit-jobs (Slurm): sbatch the array and print its job id
  --time T --mem M     per task: Slurm time limit (HH:MM:SS, D-HH:MM:SS) and memory (4G)
  --cpus N             CPUs per task (default 1)
  --partition P --account A
  --sbatch OPT         an extra #SBATCH line, such as --sbatch=--qos=short (repeatable)`;

export interface EmitFlags {
  engine?: unknown;
  submit?: unknown;
  time?: unknown;
  mem?: unknown;
  cpus?: unknown;
  partition?: unknown;
  account?: unknown;
  sbatch?: unknown;
  image?: unknown;
  claim?: unknown;
}

/**
 * The node binary and the CLI this process runs as, for nodes without a global install: the built
 * dist/cli.js beside this module's chunk, else the script node was started with.
 */
export function currentPupilCommand(): PupilCommand {
  const beside = fileURLToPath(new URL("./cli.js", import.meta.url));
  const script = process.argv[1] ? realpathSync(process.argv[1]) : beside;
  return { node: process.execPath, cli: existsSync(beside) ? beside : script };
}

/** Options that only make sense with --emit-jobs, checked before anything runs. */
export function checkEmitFlags(flags: EmitFlags, emitting: boolean): void {
  const given = Object.entries(flags)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => `--${k}`);
  if (!emitting && given.length > 0) {
    throw new ConfigError([
      {
        path: given[0],
        value: flags[given[0].slice(2) as keyof EmitFlags],
        expected: "used with --emit-jobs DIR",
      },
    ]);
  }
}

export function emitJobs(
  dir: string,
  manifest: SweepManifest,
  configs: ResolvedConfig[],
  flags: EmitFlags & { workers: number },
  io: Io,
  command: PupilCommand = currentPupilCommand(),
): number {
  const engine = flags.engine === undefined ? "slurm" : String(flags.engine);
  if (engine !== "slurm" && engine !== "k8s")
    throw new ConfigError([{ path: "--engine", value: engine, expected: "slurm or k8s" }]);
  if (flags.submit && engine !== "slurm")
    throw new ConfigError([
      { path: "--submit", value: true, expected: "--engine slurm (apply a k8s Job with kubectl)" },
    ]);
  if (engine === "slurm" && (flags.image !== undefined || flags.claim !== undefined))
    throw new ConfigError([
      {
        path: flags.image !== undefined ? "--image" : "--claim",
        value: flags.image ?? flags.claim,
        expected: "--engine k8s",
      },
    ]);
  if (
    engine === "k8s" &&
    (flags.partition !== undefined || flags.account !== undefined || flags.sbatch !== undefined)
  )
    throw new ConfigError([
      { path: "--engine", value: engine, expected: "no --partition, --account or --sbatch (Slurm options)" },
    ]);
  if (/\s/.test(dir))
    throw new ConfigError([
      {
        path: "--emit-jobs",
        value: dir,
        expected: "a path without whitespace (#SBATCH lines are not quoted)",
      },
    ]);
  const resources = parseResources(flags);
  const existed = existsSync(dir);
  prepareOutDir(dir, "--emit-jobs"); // a file, /proc or an unwritable path is refused here, saying why
  if (existed && readdirSync(dir).length > 0)
    throw new ConfigError([{ path: "--emit-jobs", value: dir, expected: "a new or empty directory" }]);

  // Everything the tasks need exists before any is submitted: Slurm opens logs/ before the script runs.
  for (const sub of ["jobs", "runs", "logs"]) mkdirSync(join(dir, sub), { recursive: true });
  manifest.points.forEach((point, i) => {
    writeFileSync(join(dir, "jobs", `${point.id}.json`), `${JSON.stringify(configs[i], null, 2)}\n`);
  });
  writeFileSync(join(dir, "sweep.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(dir, TASK_SCRIPT), taskScript(manifest, command), { mode: 0o755 });

  if (engine === "k8s") {
    const job = k8sJob(manifest, dir, resources, {
      image: flags.image === undefined ? "node:20-bookworm-slim" : String(flags.image),
      pupil: process.env.PUPIL || "npx --yes @pupil/cli",
      claim: flags.claim === undefined ? "pupil-sweeps" : String(flags.claim),
      parallelism: flags.workers,
    });
    writeFileSync(join(dir, K8S_JOB_FILE), `${JSON.stringify(job, null, 2)}\n`);
    io.out(
      `${manifest.points.length} job configs in ${join(dir, "jobs")}\n` +
        `apply:  kubectl apply -f ${join(dir, K8S_JOB_FILE)}   (DIR on PersistentVolumeClaim ${String(flags.claim ?? "pupil-sweeps")})\n` +
        `status:  pupil jobs ${dir}\nthen merge:  pupil report ${dir}\n`,
    );
    return EXIT.done;
  }

  const script = join(dir, SLURM_SCRIPT);
  writeFileSync(script, slurmScript(manifest, dir, resources), { mode: 0o755 });
  io.out(
    `${manifest.points.length} job configs in ${join(dir, "jobs")}\n` +
      `${flags.submit ? "submitting" : "submit"}:  sbatch ${script}\n` +
      `or run each:  bash ${join(dir, TASK_SCRIPT)} INDEX   (INDEX 0..${manifest.points.length - 1})\n` +
      `status:  pupil jobs ${dir}\nthen merge:  pupil report ${dir}\n`,
  );
  if (!flags.submit) return EXIT.done;
  return submit(dir, script, io);
}

/** Submits the array with sbatch and records its job id in DIR/submitted.json for `pupil jobs`. */
export function submit(dir: string, script: string, io: Io): number {
  let out: string;
  try {
    out = execFileSync("sbatch", ["--parsable", basename(script)], {
      cwd: dir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    const why = e.code === "ENOENT" ? "sbatch not found on PATH" : e.stderr?.trim() || e.message;
    io.err(
      `pupil: submitting ${script} failed: ${why}\n  the jobs are emitted; submit later with: sbatch ${script}\n`,
    );
    return EXIT.failed;
  }
  const jobId = out.trim().split(";")[0];
  writeFileSync(
    join(dir, "submitted.json"),
    `${JSON.stringify({ engine: "slurm", jobId, submitted: new Date().toISOString() }, null, 2)}\n`,
  );
  io.out(`submitted job ${jobId}\n`);
  return EXIT.done;
}
