// From raw JSON to a resolved config: the kind's zod schema for shapes, ranges and defaults, then the
// checks across fields (refinements.ts) and, with a registry, the plugin refs. All problems are gathered
// and thrown together as one ConfigError.
import type { ActivationPlugin, PluginLookup } from "@pupil/plugin";
import type * as z from "zod";
import { defaultNets } from "../kinds/distill/plan.js";
import { type ConfigDefaults, withDefaults } from "../presets.js";
import { ConfigError, type ConfigIssue, pathToString } from "./errors.js";
import { committeeIssues, pluginIssues } from "./refinements.js";
import {
  anyKindSchema,
  configSchema,
  type DistillConfig,
  type modelSchema,
  type ParsedConfig,
  type PluginRef,
  type SecondLayer,
  type TrainConfig,
  type TrainParsed,
} from "./schema.js";

type Base = Omit<TrainParsed, "kind" | "alphaMax" | "model" | "train" | "metrics" | "distill"> & {
  name: string;
};

type ParsedModel = z.output<typeof modelSchema>;

// A type alias, not an interface: in the emitted declarations CommitteeParsed["model"] is not an object
// type with statically known members, and an interface extending it silently loses every parsed field.
export type ResolvedModel = Omit<ParsedModel, "teacherActivation" | "secondLayer"> & {
  teacherActivation: PluginRef;
  /** Filled by resolveConfig when it has a registry; else by the run from the activations' declarations. */
  secondLayer: { student?: SecondLayer; teacher?: SecondLayer };
};

/** ODE, online and paired runs: committee machines on the α grid. */
export interface CommitteeConfig extends Base {
  kind: "ode" | "online" | "paired";
  alphaMax: number;
  model: ResolvedModel;
  metrics?: string[];
}

/** Minibatch training of deep networks. */
export interface TrainRunConfig extends Base {
  kind: "train";
  train: TrainConfig;
}

/** Teacher → (loss pre-stages) → student training of conv nets on images. */
export interface DistillRunConfig extends Omit<Base, "teacher"> {
  kind: "distill";
  distill: DistillConfig;
}

/** A parsed config with every default filled in (the form written to config.json). */
export type ResolvedConfig = CommitteeConfig | TrainRunConfig | DistillRunConfig;

export const pluginId = (ref: PluginRef): string => (typeof ref === "string" ? ref : ref.id);

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" && x !== null && !Array.isArray(x);

function zodIssues(raw: unknown): { issues: ConfigIssue[]; parsed?: ParsedConfig } {
  const result = configSchema.safeParse(raw, { reportInput: true });
  if (result.success) return { issues: [], parsed: result.data };
  const found = [...result.error.issues];
  // An invalid kind picks no schema: check the other fields against every kind's, to report them too.
  if (found.some((i) => i.path.length === 1 && i.path[0] === "kind")) {
    const rest = anyKindSchema.safeParse(raw, { reportInput: true });
    if (!rest.success) found.push(...rest.error.issues.filter((i) => i.path[0] !== "kind"));
  }
  const issues: ConfigIssue[] = [];
  for (const issue of found) {
    const base = pathToString(issue.path);
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const path = base ? `${base}.${key}` : key;
        const input = isObject(issue.input) ? issue.input[key] : undefined;
        issues.push({ path, value: input, expected: "no such field (unknown key; check the spelling)" });
      }
      continue;
    }
    // A discriminated union reports the whole object under the discriminator's path: show the field itself.
    const last = issue.path[issue.path.length - 1];
    const value =
      isObject(issue.input) && typeof last === "string" && last in issue.input
        ? issue.input[last]
        : issue.input;
    issues.push({ path: base, value, expected: issue.message });
  }
  return { issues };
}

/**
 * Second layers by default, from what the activation declares: 1/p for the quadratic family (Bocchi et
 * al.), 1 otherwise (Saad–Solla).
 */
export function defaultSecondLayer(activation: ActivationPlugin): SecondLayer {
  return activation.family === "quadratic" ? "1/p" : "1";
}

function defaultSecondLayerOf(ref: PluginRef, registry: PluginLookup | undefined): SecondLayer | undefined {
  if (!registry) return undefined;
  const id = pluginId(ref);
  return registry.has("activation", id) ? defaultSecondLayer(registry.get("activation", id)) : undefined;
}

/**
 * Validates raw JSON (from a file, a preset with --set overrides, or the playground's URL) and fills in
 * every default. Throws one ConfigError listing all problems. With a registry, plugin ids are checked too.
 */
export function resolveConfig(
  raw: unknown,
  options: { registry?: PluginLookup; source?: string; defaults?: ConfigDefaults } = {},
): ResolvedConfig {
  if (!isObject(raw)) {
    throw new ConfigError([{ path: "", value: raw, expected: "a JSON object" }], options.source);
  }
  // The plugins a config leaves unnamed come from the host's defaults (data beside the presets).
  const filled = withDefaults(raw, options.defaults);
  const { issues, parsed } = zodIssues(filled);
  if (filled.kind !== "train" && filled.kind !== "distill") committeeIssues(filled, issues);
  if (options.registry) pluginIssues(filled, options.registry, issues);
  if (issues.length > 0 || !parsed) throw new ConfigError(issues, options.source);
  if (parsed.kind === "distill") {
    const { model: _m, alphaMax: _a, metrics: _x, train: _t, teacher: _c, ...rest } = parsed;
    const d = rest.distill;
    const loss = d.loss === null ? "plain" : typeof d.loss === "string" ? d.loss : d.loss.id;
    // The architectures are recorded in the config: the built-in pair sized to the data set unless named.
    const nets = defaultNets(d.data) as unknown as Record<"teacher" | "student", Record<string, unknown>>;
    const distill = {
      ...d,
      teacher: { ...d.teacher, net: d.teacher.net ?? nets.teacher },
      student: { ...d.student, net: d.student.net ?? nets.student },
    };
    return { ...rest, distill, name: parsed.name ?? `distill-${loss}-${d.data.dataset}` };
  }
  if (parsed.kind === "train") {
    const { model: _m, alphaMax: _a, metrics: _x, ...rest } = parsed;
    const name =
      parsed.name ?? `train-${rest.train.teacher.generator}-${rest.train.student.widths.join("x")}`;
    return { ...rest, name };
  }
  const { train: _t, model, ...rest } = parsed;
  const activation = model.activation;
  const teacherActivation = model.teacherActivation ?? activation;
  return {
    ...rest,
    name: parsed.name ?? `${parsed.kind}-${pluginId(activation)}-p${model.p}-pstar${model.pStar}`,
    model: {
      ...model,
      teacherActivation,
      secondLayer: {
        student: model.secondLayer.student ?? defaultSecondLayerOf(activation, options.registry),
        teacher: model.secondLayer.teacher ?? defaultSecondLayerOf(teacherActivation, options.registry),
      },
    },
  };
}
