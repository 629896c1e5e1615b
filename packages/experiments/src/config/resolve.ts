// From raw JSON to a resolved config: zod for shapes and ranges, then the checks that need several fields
// at once (matrix shapes, positive semi-definiteness, plugin ids). All problems are gathered and thrown
// together as one ConfigError.
import {
  type ActivationPlugin,
  type PluginRef as AnyRef,
  collectLookup,
  type PluginKind,
  type PluginLookup,
} from "@pupil/plugin";
import { isPositiveSemiDefinite } from "@pupil/tensors";
import { distillSchema } from "../kinds/distill/schema.js";
import { ConfigError, type ConfigIssue, pathToString } from "./errors.js";
import {
  configSchema,
  type DistillConfig,
  type ParsedConfig,
  type PluginRef,
  type SecondLayer,
  type TrainConfig,
  trainSchema,
} from "./schema.js";

type Base = Omit<ParsedConfig, "kind" | "alphaMax" | "model" | "train" | "distill"> & { name: string };

export interface ResolvedModel extends NonNullable<ParsedConfig["model"]> {
  teacherActivation: PluginRef;
  /** Filled by resolveConfig when it has a registry; else by the run from the activations' declarations. */
  secondLayer: { student?: SecondLayer; teacher?: SecondLayer };
}

/** ODE, online and paired runs: committee machines on the α grid. */
export interface CommitteeConfig extends Base {
  kind: "ode" | "online" | "paired";
  alphaMax: number;
  model: ResolvedModel;
}

/** Minibatch training of deep networks. */
export interface TrainRunConfig extends Base {
  kind: "train";
  train: TrainConfig;
}

/** Teacher → (loss pre-stages) → student training of conv nets on images. */
export interface DistillRunConfig extends Base {
  kind: "distill";
  distill: DistillConfig;
}

/** A parsed config with every default filled in (the form written to config.json). */
export type ResolvedConfig = CommitteeConfig | TrainRunConfig | DistillRunConfig;

export const pluginId = (ref: PluginRef): string => (typeof ref === "string" ? ref : ref.id);

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" && x !== null && !Array.isArray(x);
const isInt = (x: unknown): x is number => typeof x === "number" && Number.isInteger(x) && x >= 1;

function zodIssues(raw: unknown): { issues: ConfigIssue[]; parsed?: ParsedConfig } {
  const result = configSchema.safeParse(raw, { reportInput: true });
  if (result.success) return { issues: [], parsed: result.data };
  const issues: ConfigIssue[] = [];
  for (const issue of result.error.issues) {
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

function checkMatrix(
  A: unknown,
  rows: number | undefined,
  cols: number | undefined,
  path: string,
  symmetric: boolean,
  issues: ConfigIssue[],
): A is number[][] {
  if (!Array.isArray(A) || !A.every((r) => Array.isArray(r) && r.every((x) => typeof x === "number")))
    return false;
  const shape = `${rows ?? "?"}×${cols ?? "?"}`;
  if (rows !== undefined && A.length !== rows) {
    issues.push({ path, value: A, expected: `a ${shape} matrix (${rows} rows), got ${A.length} rows` });
    return false;
  }
  for (let i = 0; i < A.length; i++) {
    const width = cols ?? A.length;
    if (A[i].length !== width) {
      issues.push({
        path: `${path}[${i}]`,
        value: A[i],
        expected: `a row of ${width} numbers (${shape} matrix)`,
      });
      return false;
    }
  }
  if (symmetric) {
    if (cols === undefined && A.some((r) => r.length !== A.length)) {
      issues.push({ path, value: A, expected: "a square matrix" });
      return false;
    }
    for (let i = 0; i < A.length; i++) {
      for (let j = 0; j < i; j++) {
        if (Math.abs(A[i][j] - A[j][i]) > 1e-9 * (1 + Math.abs(A[i][j]))) {
          issues.push({
            path: `${path}[${i}][${j}]`,
            value: A[i][j],
            expected: `a symmetric matrix (${path}[${j}][${i}] is ${A[j][i]})`,
          });
          return false;
        }
      }
    }
    if (!isPositiveSemiDefinite(A, 1e-10)) {
      issues.push({
        path,
        value: A,
        expected: "a positive semi-definite matrix (an overlap matrix is a Gram matrix)",
      });
      return false;
    }
  }
  return true;
}

function semanticIssues(
  raw: Record<string, unknown>,
  registry: PluginLookup | undefined,
  issues: ConfigIssue[],
): void {
  const model = isObject(raw.model) ? raw.model : {};
  const p = isInt(model.p) ? model.p : undefined;
  const pStar = isInt(model.pStar) ? model.pStar : undefined;
  const kind = raw.kind;

  if (kind === "train" || kind === "distill") {
    for (const key of ["model", "alphaMax"] as const) {
      if (raw[key] !== undefined) {
        issues.push({
          path: key,
          value: raw[key],
          expected: `nothing for kind "${kind}" (its networks are under ${kind}.teacher / ${kind}.student)`,
        });
      }
    }
    const other = kind === "train" ? "distill" : "train";
    if (raw[other] !== undefined)
      issues.push({ path: other, value: raw[other], expected: `nothing unless kind is "${other}"` });
  } else if (typeof kind === "string" && ["ode", "online", "paired"].includes(kind)) {
    if (raw.alphaMax === undefined)
      issues.push({
        path: "alphaMax",
        value: undefined,
        expected: `a number > 0 (required for kind "${kind}")`,
      });
    if (raw.model === undefined)
      issues.push({
        path: "model",
        value: undefined,
        expected: `{ activation, p, pStar } (required for kind "${kind}")`,
      });
    if (raw.train !== undefined)
      issues.push({ path: "train", value: raw.train, expected: 'nothing unless kind is "train"' });
    if (raw.distill !== undefined)
      issues.push({ path: "distill", value: raw.distill, expected: 'nothing unless kind is "distill"' });
  }

  // Plugin ids: only checkable against a registry (the CLI passes one with the config's plugins loaded).
  if (registry) {
    // The same lookup a run does (lookupPlugin): the id is registered and the params are the plugin's.
    const checkPlugin = (ref: unknown, path: string, kindName: PluginKind) => {
      const isRef =
        typeof ref === "string" ||
        (isObject(ref) && typeof ref.id === "string" && (ref.params === undefined || isObject(ref.params)));
      if (isRef) collectLookup(issues, registry, kindName, ref as AnyRef, path);
    };
    const checkGenerator = (teacher: Record<string, unknown>, fallback: string, path: string) => {
      const id = teacher.generator ?? fallback;
      const params = isObject(teacher.params) ? teacher.params : undefined;
      if (typeof id !== "string") return;
      const before = issues.length;
      checkPlugin({ id, params }, path, "teacher");
      // lookupPlugin names `path.id` for an object ref; the config's field is `generator` itself.
      for (const issue of issues.slice(before)) {
        if (issue.path === `${path}.id`) issue.path = path;
        else issue.path = issue.path.replace(`${path}.params`, path.replace(/generator$/, "params"));
      }
    };
    checkPlugin(model.activation, "model.activation", "activation");
    if (model.teacherActivation !== undefined)
      checkPlugin(model.teacherActivation, "model.teacherActivation", "activation");
    if (kind === "distill") {
      const distill = isObject(raw.distill) ? raw.distill : {};
      const loss = distill.loss;
      const isRef =
        typeof loss === "string" ||
        (isObject(loss) &&
          typeof loss.id === "string" &&
          (loss.params === undefined || isObject(loss.params)));
      if (isRef) collectLookup(issues, registry, "loss", loss as AnyRef, "distill.loss");
    } else if (kind !== "train") {
      const teacher = isObject(raw.teacher) ? raw.teacher : {};
      checkGenerator(teacher, "orthonormal", "teacher.generator");
      if (Array.isArray(raw.metrics)) {
        raw.metrics.forEach((m, i) => {
          if (typeof m === "string") checkPlugin(m, `metrics[${i}]`, "metric");
        });
      }
    } else {
      const train = isObject(raw.train) ? raw.train : {};
      const t = isObject(train.teacher) ? train.teacher : {};
      const st = isObject(train.student) ? train.student : {};
      checkGenerator(t, "discrete-fanout", "train.teacher.generator");
      checkPlugin(t.activation ?? "relu", "train.teacher.activation", "activation");
      checkPlugin(st.activation ?? "relu", "train.student.activation", "activation");
      if (Array.isArray(train.metrics)) {
        train.metrics.forEach((m, i) => {
          if (typeof m === "string") checkPlugin(m, `train.metrics[${i}]`, "metric");
        });
      }
    }
  }

  // Explicit second layers must have one weight per unit.
  const layers = isObject(model.secondLayer) ? model.secondLayer : {};
  for (const [key, width] of [
    ["student", p],
    ["teacher", pStar],
  ] as const) {
    const v = layers[key];
    if (Array.isArray(v) && width !== undefined && v.length !== width) {
      issues.push({
        path: `model.secondLayer.${key}`,
        value: v,
        expected: `${width} weights (one per ${key} unit)`,
      });
    }
  }

  // Initial overlaps: shapes, symmetry, positive semi-definiteness, and the joint Ω when complete.
  const init = isObject(raw.init) ? raw.init : {};
  const okQ = init.Q !== undefined && checkMatrix(init.Q, p, p, "init.Q", true, issues);
  const okM = init.M !== undefined && checkMatrix(init.M, p, pStar, "init.M", false, issues);
  const okT = init.T !== undefined && checkMatrix(init.T, pStar, pStar, "init.T", true, issues);
  if (init.T !== undefined && (kind === "online" || kind === "paired")) {
    issues.push({
      path: "init.T",
      value: init.T,
      expected: 'no init.T for kind "online"/"paired" (a simulation\'s T comes from its teacher)',
    });
  }
  if (init.M !== undefined && init.Q === undefined) {
    issues.push({ path: "init.Q", value: undefined, expected: "init.Q as well whenever init.M is given" });
  }
  if (init.Q !== undefined && init.M === undefined) {
    issues.push({ path: "init.M", value: undefined, expected: "init.M as well whenever init.Q is given" });
  }
  if (init.T !== undefined && (init.Q === undefined || init.M === undefined) && kind === "ode") {
    issues.push({
      path: "init.T",
      value: init.T,
      expected: "init.Q and init.M as well whenever init.T is given",
    });
  }
  if (okQ && okM && okT) {
    const Q = init.Q as number[][];
    const M = init.M as number[][];
    const T = init.T as number[][];
    const omega = [
      ...Q.map((row, j) => [...row, ...M[j]]),
      ...T.map((row, r) => [...M.map((m) => m[r]), ...row]),
    ];
    if (!isPositiveSemiDefinite(omega, 1e-10)) {
      issues.push({
        path: "init",
        value: { Q, M, T },
        expected: "overlaps whose joint matrix [[Q, M], [Mᵀ, T]] is positive semi-definite",
      });
    }
  }

  // α values that must be recorded exactly have to lie within the run.
  const record = isObject(raw.record) ? raw.record : {};
  if (Array.isArray(record.at) && typeof raw.alphaMax === "number") {
    record.at.forEach((a, i) => {
      if (typeof a === "number" && a > (raw.alphaMax as number)) {
        issues.push({ path: `record.at[${i}]`, value: a, expected: `an α ≤ alphaMax (${raw.alphaMax})` });
      }
    });
  }
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
  options: { registry?: PluginLookup; source?: string } = {},
): ResolvedConfig {
  if (!isObject(raw)) {
    throw new ConfigError([{ path: "", value: raw, expected: "a JSON object" }], options.source);
  }
  const { issues, parsed } = zodIssues(raw);
  semanticIssues(raw, options.registry, issues);
  if (issues.length > 0 || !parsed) throw new ConfigError(issues, options.source);
  const { kind, alphaMax, model, train, distill, ...rest } = parsed;
  if (kind === "distill") {
    const d = distill ?? distillSchema.parse({});
    const loss = d.loss === null ? "plain" : typeof d.loss === "string" ? d.loss : d.loss.id;
    const name = parsed.name ?? `distill-${loss}-${d.data.dataset}`;
    return { ...rest, kind, name, distill: d };
  }
  if (kind === "train") {
    const t = train ?? trainSchema.parse({});
    const name = parsed.name ?? `train-${t.teacher.generator}-${t.student.widths.join("x")}`;
    return { ...rest, kind, name, train: t };
  }
  if (alphaMax === undefined || model === undefined) throw new Error("unreachable: checked above");
  const activation = model.activation;
  const teacherActivation = model.teacherActivation ?? activation;
  return {
    ...rest,
    kind,
    alphaMax,
    name: parsed.name ?? `${kind}-${pluginId(activation)}-p${model.p}-pstar${model.pStar}`,
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
