// From a resolved committee config (ode, online, paired) and a registry to what a run needs: the
// CommitteeSpec, the teacher's weights, the α grid and the source names. Built the same way in a worker
// and inline.
import { type CommitteeSpec, resolveSecondLayer, validateCommitteeSpec } from "@pupil/dynamics";
import {
  ConfigError,
  type FrozenRegistry,
  lookupPlugin,
  type MetricPlugin,
  type TeacherWeights,
} from "@pupil/plugin";
import { createRng } from "@pupil/tensors";
import { type CommitteeConfig, defaultSecondLayer } from "../../config/resolve.js";
import { alphaGrid } from "./grid.js";

export type SourceName = "ode" | "sim";

/** RNG sub-streams of the run seed used here (the simulator forks its own from the same seed). */
export const TEACHER_STREAM = 1001;
export const STUDENT_INIT_STREAM = 1002;

export interface RunPlan {
  kind: "committee";
  config: CommitteeConfig;
  spec: CommitteeSpec;
  teacher: TeacherWeights;
  grid: number[];
  sources: SourceName[];
  metrics: MetricPlugin[];
}

export function sourcesOf(kind: CommitteeConfig["kind"]): SourceName[] {
  return kind === "paired" ? ["ode", "sim"] : kind === "ode" ? ["ode"] : ["sim"];
}

export function buildPlan(config: CommitteeConfig, registry: FrozenRegistry): RunPlan {
  const { model } = config;
  const activation = lookupPlugin(registry, "activation", model.activation, "model.activation");
  const teacherActivation = lookupPlugin(
    registry,
    "activation",
    model.teacherActivation,
    "model.teacherActivation",
  );
  const studentLayer = model.secondLayer.student ?? defaultSecondLayer(activation);
  const teacherLayer = model.secondLayer.teacher ?? defaultSecondLayer(teacherActivation);
  const spec: CommitteeSpec = {
    N: config.N,
    p: model.p,
    pStar: model.pStar,
    activation,
    teacherActivation,
    a: resolveSecondLayer(studentLayer, model.p, "model.secondLayer.student"),
    b: resolveSecondLayer(teacherLayer, model.pStar, "model.secondLayer.teacher"),
    lr: config.lr,
    lrScaling: config.lrScaling,
    secondLayerLr: config.secondLayerLr,
    labelNoise: config.labelNoise,
    weightDecay: config.weightDecay,
    batch: config.batch,
    noiseTerm: config.noiseTerm,
  };
  validateCommitteeSpec(spec);
  const generator = lookupPlugin(
    registry,
    "teacher",
    { id: config.teacher.generator, params: config.teacher.params },
    "teacher.generator",
  );
  let teacher: TeacherWeights;
  try {
    teacher = generator.generate({
      shape: { inputDim: config.N, widths: [model.pStar] },
      params: config.teacher.params,
      rng: createRng(config.seed).fork(TEACHER_STREAM),
    });
  } catch (error) {
    throw new ConfigError([
      {
        path: "teacher",
        value: config.teacher,
        expected: `parameters the generator accepts (${(error as Error).message})`,
      },
    ]);
  }
  const sources = sourcesOf(config.kind);
  const metrics = (config.metrics ?? []).map((id, i) =>
    lookupPlugin(registry, "metric", id, `metrics[${i}]`),
  );
  for (const [i, m] of metrics.entries()) {
    if (m.needsWeights && !sources.includes("sim")) {
      throw new ConfigError([
        {
          path: `metrics[${i}]`,
          value: m.id,
          expected: `a metric computed from snapshots (this one needs weights, which an "${config.kind}" run has none of)`,
        },
      ]);
    }
  }
  return { kind: "committee", config, spec, teacher, grid: alphaGrid(config), sources, metrics };
}
