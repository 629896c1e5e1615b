// Conformance checks of a teacher generator: layer shapes, finite weights, determinism per seed.
import { createRng } from "@pupil/tensors";
import type { DenseWeights, TeacherPlugin, TeacherShape, TeacherWeights } from "../types.js";
import {
  type CheckOptions,
  errorText,
  type PlannedCheck,
  resolvePerPlugin,
  type TeacherCheckOptions,
} from "./types.js";

/** A committee (one hidden layer) and a deep net with an output layer. */
export const DEFAULT_TEACHER_SHAPES: readonly TeacherShape[] = [
  { inputDim: 12, widths: [3] },
  { inputDim: 10, widths: [5, 4], outputs: 2 },
];

function expectedLayers(shape: TeacherShape): [number, number][] {
  const dims: [number, number][] = [];
  let cols = shape.inputDim;
  for (const rows of shape.widths) {
    dims.push([rows, cols]);
    cols = rows;
  }
  if (shape.outputs !== undefined) dims.push([shape.outputs, cols]);
  return dims;
}

function layerProblems(weights: TeacherWeights, shape: TeacherShape): string[] {
  const want = expectedLayers(shape);
  if (!weights || !Array.isArray(weights.layers))
    return ["generate() must return { layers: DenseWeights[] }"];
  if (weights.layers.length !== want.length)
    return [`${weights.layers.length} layers, expected ${want.length}`];
  const problems: string[] = [];
  weights.layers.forEach((layer: DenseWeights, l) => {
    const [rows, cols] = want[l];
    if (layer.rows !== rows || layer.cols !== cols)
      problems.push(`layers[${l}] is ${layer.rows}×${layer.cols}, expected ${rows}×${cols}`);
    if (!(layer.data instanceof Float64Array) || layer.data.length !== rows * cols) {
      problems.push(`layers[${l}].data must be a Float64Array of ${rows * cols} entries`);
    }
    if (layer.bias !== undefined && (!(layer.bias instanceof Float64Array) || layer.bias.length !== rows)) {
      problems.push(`layers[${l}].bias must be a Float64Array of ${rows} entries`);
    }
  });
  return problems;
}

const describeShape = (s: TeacherShape) =>
  `{inputDim: ${s.inputDim}, widths: [${s.widths.join(", ")}]${s.outputs !== undefined ? `, outputs: ${s.outputs}` : ""}}`;

function sameWeights(a: TeacherWeights, b: TeacherWeights): boolean {
  if (a.layers.length !== b.layers.length) return false;
  return a.layers.every((la, l) => {
    const lb = b.layers[l];
    const same = (x?: Float64Array, y?: Float64Array) =>
      x === undefined || y === undefined
        ? x === y
        : x.length === y.length && x.every((v, i) => Object.is(v, y[i]));
    return la.rows === lb.rows && la.cols === lb.cols && same(la.data, lb.data) && same(la.bias, lb.bias);
  });
}

export function planTeacherChecks(plugin: TeacherPlugin, options: CheckOptions): PlannedCheck[] {
  const settings: TeacherCheckOptions = resolvePerPlugin(options.teacher, plugin) ?? {};
  const shapes = settings.shapes ?? DEFAULT_TEACHER_SHAPES;
  const params = settings.params ?? {};
  const seed = `${options.seed ?? 1}|teacher|${plugin.id}`;
  const generate = (shape: TeacherShape, stream: number) =>
    plugin.generate({ shape, params, rng: createRng(seed).fork(stream) });

  // Shapes the plugin accepts, found once and shared by the checks below.
  let accepted: { shape: TeacherShape; weights: TeacherWeights }[] | undefined;
  const refused: { shape: TeacherShape; message: string }[] = [];
  const acceptedShapes = () => {
    if (accepted) return accepted;
    accepted = [];
    for (const shape of shapes) {
      try {
        accepted.push({ shape, weights: generate(shape, 0) });
      } catch (error) {
        refused.push({ shape, message: errorText(error) });
      }
    }
    return accepted;
  };

  return [
    {
      name: "layers match the requested shapes (unsupported shapes are refused naming the field)",
      run: async () => {
        const ok = acceptedShapes();
        const problems = ok.flatMap(({ shape, weights }) =>
          layerProblems(weights, shape).map((p) => `${describeShape(shape)}: ${p}`),
        );
        for (const r of refused) {
          if (!/inputDim|widths|outputs|shape/.test(r.message)) {
            problems.push(
              `refused ${describeShape(r.shape)} without naming the field (inputDim, widths, outputs): ${r.message}`,
            );
          }
        }
        if (ok.length === 0)
          problems.push(
            `refused every shape: ${refused.map((r) => `${describeShape(r.shape)}: ${r.message}`).join("; ")}`,
          );
        if (problems.length > 0) return { ok: false, message: problems.join("; ") };
        return {
          ok: true,
          message: `${ok.length} shape(s) generated with the right layers, ${refused.length} refused`,
        };
      },
    },
    {
      name: "weights are finite",
      run: async () => {
        const bad = acceptedShapes().flatMap(({ shape, weights }) =>
          (weights.layers ?? []).flatMap((layer, l) =>
            [...(layer.data ?? []), ...(layer.bias ?? [])].every(Number.isFinite)
              ? []
              : [`${describeShape(shape)} layers[${l}]`],
          ),
        );
        if (acceptedShapes().length === 0) return { ok: false, message: "no shape was generated" };
        return bad.length > 0
          ? { ok: false, message: `non-finite weights in ${bad.join(", ")}` }
          : { ok: true, message: "all finite" };
      },
    },
    {
      name: "the same seed gives bit-identical weights",
      run: async () => {
        const ok = acceptedShapes();
        if (ok.length === 0) return { ok: false, message: "no shape was generated" };
        const differ = ok.filter(({ shape, weights }) => !sameWeights(weights, generate(shape, 0)));
        if (differ.length > 0)
          return {
            ok: false,
            message: `two runs from the same seed differ for ${differ.map((d) => describeShape(d.shape)).join(", ")}`,
          };
        return { ok: true, message: `${ok.length} shape(s) reproduced bit for bit` };
      },
    },
    ...(settings.ignoresSeed ? [] : [differentSeedCheck(acceptedShapes, generate)]),
    declaredParamsCheck(plugin, acceptedShapes, params, seed),
  ];
}

/** Declared params (if any) are exactly the keys generate reads, and their defaults are the ones it uses. */
function declaredParamsCheck(
  plugin: TeacherPlugin,
  acceptedShapes: () => { shape: TeacherShape; weights: TeacherWeights }[],
  params: Readonly<Record<string, unknown>>,
  seed: string,
): PlannedCheck {
  return {
    name: "declared params are the keys generate reads, with the defaults it uses",
    run: async () => {
      const declared = plugin.params;
      if (declared === undefined)
        return { ok: true, message: "declares no params: a host cannot refuse unknown keys" };
      const ok = acceptedShapes();
      if (ok.length === 0) return { ok: false, message: "no shape was generated" };
      const read = new Set<string>();
      const watched = new Proxy(params, {
        get(target, key) {
          if (typeof key === "string") read.add(key);
          return Reflect.get(target, key);
        },
      });
      const withDefaults: Record<string, unknown> = { ...params };
      for (const [name, spec] of Object.entries(declared)) {
        if (spec.type !== "number[][]" && !(name in params)) withDefaults[name] = spec.default;
      }
      const problems: string[] = [];
      for (const { shape, weights } of ok) {
        plugin.generate({ shape, params: watched, rng: createRng(seed).fork(0) });
        const explicit = plugin.generate({ shape, params: withDefaults, rng: createRng(seed).fork(0) });
        if (!sameWeights(weights, explicit))
          problems.push(
            `${describeShape(shape)}: the declared defaults give other weights than leaving them out`,
          );
      }
      const undeclared = [...read].filter((k) => !(k in declared));
      const unread = Object.keys(declared).filter((k) => !read.has(k));
      if (undeclared.length > 0) problems.push(`reads undeclared params ${undeclared.join(", ")}`);
      if (unread.length > 0) problems.push(`declares params it never reads: ${unread.join(", ")}`);
      if (problems.length > 0) return { ok: false, message: problems.join("; ") };
      return {
        ok: true,
        message: `${Object.keys(declared).length} declared param(s), each read, defaults match`,
      };
    },
  };
}

function differentSeedCheck(
  acceptedShapes: () => { shape: TeacherShape; weights: TeacherWeights }[],
  generate: (shape: TeacherShape, stream: number) => TeacherWeights,
): PlannedCheck {
  return {
    name: "a different seed gives different weights",
    run: async () => {
      const ok = acceptedShapes();
      if (ok.length === 0) return { ok: false, message: "no shape was generated" };
      const same = ok.filter(({ shape, weights }) => sameWeights(weights, generate(shape, 1)));
      if (same.length > 0)
        return {
          ok: false,
          message: `another seed gave the same weights for ${same.map((d) => describeShape(d.shape)).join(", ")}`,
        };
      return { ok: true, message: "weights depend on the seed" };
    },
  };
}
