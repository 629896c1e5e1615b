// A Kubernetes Indexed Job for an emitted sweep: pod INDEX runs the same run-task.sh as Slurm array
// task INDEX (JOB_COMPLETION_INDEX → the sweep point), so a restarted pod resumes its run from the
// checkpoint. The sweep directory lives on a PersistentVolumeClaim mounted at the same path in every pod.
import type { SweepManifest } from "./plan.js";
import { k8sMemory, type TaskResources, timeSeconds } from "./resources.js";
import { TASK_SCRIPT } from "./slurm.js";

export const K8S_JOB_FILE = "job.k8s.json";

export interface K8sOptions {
  image: string;
  /** The pupil command inside the image, passed as $PUPIL to run-task.sh. */
  pupil: string;
  /** PersistentVolumeClaim holding the sweep directory. */
  claim: string;
  /** Pods at the same time. */
  parallelism: number;
}

/** DNS-1123 label: lower-case alphanumerics and '-', at most 63 characters. */
export function k8sName(name: string): string {
  const cleaned = `pupil-${name}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .slice(0, 63)
    .replace(/^-+|-+$/g, "");
  return cleaned || "pupil-sweep";
}

export function k8sJob(
  manifest: SweepManifest,
  dir: string,
  resources: TaskResources,
  options: K8sOptions,
): Record<string, unknown> {
  const n = manifest.points.length;
  const name = k8sName(manifest.name);
  const requests: Record<string, string> = { cpu: String(resources.cpus) };
  const limits: Record<string, string> = {};
  if (resources.mem) {
    requests.memory = k8sMemory(resources.mem);
    limits.memory = k8sMemory(resources.mem);
  }
  const deadline = resources.time ? timeSeconds(resources.time) : undefined;
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name,
      labels: { "app.kubernetes.io/name": "pupil", "app.kubernetes.io/component": "sweep" },
      annotations: { "pupil/sweep": manifest.name, "pupil/sweep-dir": dir },
    },
    spec: {
      completionMode: "Indexed",
      completions: n,
      parallelism: Math.min(options.parallelism, n),
      // A few retries per point on average; each retry resumes from the checkpoint.
      backoffLimit: 3 * n,
      template: {
        metadata: { labels: { "app.kubernetes.io/name": "pupil", "job-name": name } },
        spec: {
          restartPolicy: "OnFailure",
          ...(deadline !== undefined ? { activeDeadlineSeconds: deadline } : {}),
          containers: [
            {
              name: "pupil",
              image: options.image,
              workingDir: dir,
              command: ["/bin/bash", "-c", `exec bash ${dir}/${TASK_SCRIPT} "$JOB_COMPLETION_INDEX"`],
              env: [
                { name: "PUPIL", value: options.pupil },
                { name: "CI", value: "true" },
              ],
              resources: Object.keys(limits).length > 0 ? { requests, limits } : { requests },
              volumeMounts: [{ name: "sweep", mountPath: dir }],
            },
          ],
          volumes: [{ name: "sweep", persistentVolumeClaim: { claimName: options.claim } }],
        },
      },
    },
  };
}
