// From a resolved config and a registry to what a run needs: the CommitteeSpec, the teacher's weights,
// the α grid and the sources (ODE, simulation or both). Built the same way in the worker and inline.
import { type CommitteeSpec, resolveSecondLayer, validateCommitteeSpec } from "@pupil/dynamics";
import type { ActivationPlugin, Registry, TeacherWeights } from "@pupil/plugin";
import { createRng } from "@pupil/tensors";
import { ConfigError } from "../config/errors.js";
import type { CommitteeConfig } from "../config/resolve.js";
import type { PluginRef } from "../config/schema.js";
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
}

function activation(registry: Registry, ref: PluginRef, path: string): ActivationPlugin {
  const id = typeof ref === "string" ? ref : ref.id;
  if (!registry.has("activation", id)) {
    const known = registry.list("activation").map((p) => p.id);
    throw new ConfigError([
      { path, value: id, expected: `a registered activation plugin id: ${known.join(", ")}` },
    ]);
  }
  const plugin = registry.get("activation", id);
  if (typeof ref === "string" || !ref.params) return plugin;
  if (!plugin.configure) {
    throw new ConfigError([
      { path: `${path}.params`, value: ref.params, expected: `no params (activation "${id}" has none)` },
    ]);
  }
  return plugin.configure(ref.params);
}

export function sourcesOf(kind: CommitteeConfig["kind"]): SourceName[] {
  return kind === "paired" ? ["ode", "sim"] : kind === "ode" ? ["ode"] : ["sim"];
}

export function buildPlan(config: CommitteeConfig, registry: Registry): RunPlan {
  const { model } = config;
  const spec: CommitteeSpec = {
    N: config.N,
    p: model.p,
    pStar: model.pStar,
    activation: activation(registry, model.activation, "model.activation"),
    teacherActivation: activation(registry, model.teacherActivation, "model.teacherActivation"),
    a: resolveSecondLayer(model.secondLayer.student, model.p, "model.secondLayer.student"),
    b: resolveSecondLayer(model.secondLayer.teacher, model.pStar, "model.secondLayer.teacher"),
    lr: config.lr,
    lrScaling: config.lrScaling,
    secondLayerLr: config.secondLayerLr,
    labelNoise: config.labelNoise,
    weightDecay: config.weightDecay,
    batch: config.batch,
    noiseTerm: config.noiseTerm,
  };
  validateCommitteeSpec(spec);
  if (!registry.has("teacher", config.teacher.generator)) {
    const known = registry.list("teacher").map((p) => p.id);
    throw new ConfigError([
      {
        path: "teacher.generator",
        value: config.teacher.generator,
        expected: `a registered teacher plugin id: ${known.join(", ")}`,
      },
    ]);
  }
  let teacher: TeacherWeights;
  try {
    teacher = registry.get("teacher", config.teacher.generator).generate({
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
  return {
    kind: "committee",
    config,
    spec,
    teacher,
    grid: alphaGrid(config),
    sources: sourcesOf(config.kind),
  };
}
