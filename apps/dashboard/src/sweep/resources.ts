// Per-task resources for emitted cluster jobs, from `pupil sweep --emit-jobs` flags, validated once and
// written in each engine's own spelling (Slurm `--mem=4G`, Kubernetes `4Gi`).
import { ConfigError, type ConfigIssue } from "@pupil/experiments";

export interface TaskResources {
  cpus: number;
  /** Slurm time limit as given: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS. */
  time?: string;
  /** Memory per task, number and unit K, M, G or T (binary units, as Slurm reads them). */
  mem?: string;
  partition?: string;
  account?: string;
  /** Extra `#SBATCH` lines, each an sbatch option such as `--qos=short`. */
  sbatch: string[];
}

const TIME = /^(?:(\d+)-)?(\d+)(?::(\d+))?(?::(\d+))?$/;
const MEM = /^(\d+)([KMGT])$/i;
// Slurm writes its options unquoted into the script: keep names to what needs no quoting.
const NAME = /^[A-Za-z0-9_.,-]+$/;

/** Seconds in a Slurm time limit (for Kubernetes' activeDeadlineSeconds), or undefined if malformed. */
export function timeSeconds(time: string): number | undefined {
  const m = TIME.exec(time);
  if (!m) return undefined;
  const [, days, a, b, c] = m;
  const d = Number(days ?? 0);
  let h = 0;
  let min = 0;
  let s = 0;
  if (days !== undefined) {
    // D-HH[:MM[:SS]]
    h = Number(a);
    min = Number(b ?? 0);
    s = Number(c ?? 0);
  } else if (c !== undefined) {
    h = Number(a);
    min = Number(b);
    s = Number(c);
  } else {
    // MM or MM:SS
    min = Number(a);
    s = Number(b ?? 0);
  }
  if (min >= 60 && (days !== undefined || c !== undefined)) return undefined;
  if (s >= 60) return undefined;
  const total = ((d * 24 + h) * 60 + min) * 60 + s;
  return total > 0 ? total : undefined;
}

/** Kubernetes quantity for a Slurm memory size: 4G → 4Gi. */
export function k8sMemory(mem: string): string {
  const m = MEM.exec(mem)!;
  return `${m[1]}${m[2].toUpperCase()}i`;
}

export function parseResources(values: {
  cpus?: unknown;
  time?: unknown;
  mem?: unknown;
  partition?: unknown;
  account?: unknown;
  sbatch?: unknown;
}): TaskResources {
  const issues: ConfigIssue[] = [];
  const str = (v: unknown) => (v === undefined ? undefined : String(v));
  const cpus = values.cpus === undefined ? 1 : Number(values.cpus);
  if (!Number.isInteger(cpus) || cpus < 1)
    issues.push({ path: "--cpus", value: values.cpus, expected: "an integer ≥ 1" });
  const time = str(values.time);
  if (time !== undefined && timeSeconds(time) === undefined)
    issues.push({ path: "--time", value: time, expected: "a Slurm time limit: MM, HH:MM:SS or D-HH:MM:SS" });
  const mem = str(values.mem);
  if (mem !== undefined && !MEM.test(mem))
    issues.push({ path: "--mem", value: mem, expected: "a size with a unit K, M, G or T, such as 4G" });
  const partition = str(values.partition);
  if (partition !== undefined && !NAME.test(partition))
    issues.push({
      path: "--partition",
      value: partition,
      expected: "a partition name (letters, digits, _ . , -)",
    });
  const account = str(values.account);
  if (account !== undefined && !NAME.test(account))
    issues.push({ path: "--account", value: account, expected: "an account name (letters, digits, _ . -)" });
  const sbatch = (
    Array.isArray(values.sbatch) ? values.sbatch : values.sbatch === undefined ? [] : [values.sbatch]
  ).map(String);
  for (const line of sbatch) {
    if (!/^--?[A-Za-z]/.test(line) || /[\n\r]/.test(line))
      issues.push({ path: "--sbatch", value: line, expected: "one sbatch option, such as --qos=short" });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return { cpus, time, mem, partition, account, sbatch };
}
