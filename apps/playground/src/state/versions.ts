// The versions of the pupil packages this build of the playground runs (shown in the reproducibility badge
// and embedded in exports).
import analysis from "@pupil/analysis/package.json";
import dynamics from "@pupil/dynamics/package.json";
import experiments from "@pupil/experiments/package.json";
import models from "@pupil/models/package.json";
import plugin from "@pupil/plugin/package.json";
import activations from "@pupil/plugin-activations/package.json";
import metrics from "@pupil/plugin-metrics/package.json";
import teachers from "@pupil/plugin-teachers/package.json";
import tensors from "@pupil/tensors/package.json";

export const pupilVersions: Record<string, string> = Object.fromEntries(
  [analysis, dynamics, experiments, models, plugin, tensors, activations, metrics, teachers].map((p) => [
    p.name,
    p.version,
  ]),
);
