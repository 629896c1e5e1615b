// Checks across fields that a per-kind schema cannot state: matrix shapes against p and p*, symmetry and
// positive semi-definiteness of the initial overlaps (and of the joint Ω), second layers of the right
// length, record.at within alphaMax, and plugin refs against a registry (lookupPlugin). They read the raw
// input, so they report alongside the schema's own issues, all at once.
import { collectLookup, type PluginKind, type PluginLookup, type PluginRef } from "@pupil/plugin";
import { isPositiveSemiDefinite } from "@pupil/tensors";
import type { ConfigIssue } from "./errors.js";

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" && x !== null && !Array.isArray(x);
const isInt = (x: unknown): x is number => typeof x === "number" && Number.isInteger(x) && x >= 1;

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

/** Shapes and PSD of init, second-layer lengths, record.at ≤ alphaMax (kinds ode/online/paired). */
export function committeeIssues(raw: Record<string, unknown>, issues: ConfigIssue[]): void {
  const kind = raw.kind;
  const model = isObject(raw.model) ? raw.model : {};
  const p = isInt(model.p) ? model.p : undefined;
  const pStar = isInt(model.pStar) ? model.pStar : undefined;
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
 * The plugin refs the config names explicitly, each through lookupPlugin (the id is registered, the
 * params are the plugin's). Refs left to their defaults are checked when the run is planned.
 */
export function pluginIssues(
  raw: Record<string, unknown>,
  registry: PluginLookup,
  issues: ConfigIssue[],
): void {
  const check = (ref: unknown, path: string, kind: PluginKind) => {
    const isRef =
      typeof ref === "string" ||
      (isObject(ref) && typeof ref.id === "string" && (ref.params === undefined || isObject(ref.params)));
    if (isRef) collectLookup(issues, registry, kind, ref as PluginRef, path);
  };
  /** A teacher is { generator, params }: lookupPlugin's issues renamed to those fields. */
  const checkTeacher = (teacher: unknown, prefix: string) => {
    if (!isObject(teacher) || typeof teacher.generator !== "string") return;
    const params = isObject(teacher.params) ? teacher.params : undefined;
    const before = issues.length;
    check({ id: teacher.generator, params }, `${prefix}.generator`, "teacher");
    for (const issue of issues.slice(before)) {
      if (issue.path === `${prefix}.generator.id`) issue.path = `${prefix}.generator`;
      else issue.path = issue.path.replace(`${prefix}.generator.params`, `${prefix}.params`);
    }
  };
  const metrics = (list: unknown, prefix: string) => {
    if (!Array.isArray(list)) return;
    for (const [i, m] of list.entries()) if (typeof m === "string") check(m, `${prefix}[${i}]`, "metric");
  };
  checkTeacher(raw.teacher, "teacher");
  if (raw.kind === "distill") {
    const distill = isObject(raw.distill) ? raw.distill : {};
    if (distill.loss !== undefined && distill.loss !== null) check(distill.loss, "distill.loss", "loss");
  } else if (raw.kind === "train") {
    const train = isObject(raw.train) ? raw.train : {};
    const teacher = isObject(train.teacher) ? train.teacher : {};
    const student = isObject(train.student) ? train.student : {};
    checkTeacher(teacher, "train.teacher");
    if (teacher.activation !== undefined) check(teacher.activation, "train.teacher.activation", "activation");
    if (student.activation !== undefined) check(student.activation, "train.student.activation", "activation");
    metrics(train.metrics, "train.metrics");
  } else {
    const model = isObject(raw.model) ? raw.model : {};
    if (model.activation !== undefined) check(model.activation, "model.activation", "activation");
    if (model.teacherActivation !== undefined)
      check(model.teacherActivation, "model.teacherActivation", "activation");
    metrics(raw.metrics, "metrics");
  }
}
