// Conformance checks of a metric: a value of the declared shape, finite, computed deterministically from a
// snapshot it leaves unchanged.
import type { MetricOutput, MetricPlugin, MetricValue } from "../types.js";
import { sampleSnapshot, sampleWeights } from "./fixtures.js";
import { type CheckOptions, type MetricCheckOptions, type PlannedCheck, resolvePerPlugin } from "./types.js";

const isFiniteRow = (v: unknown): v is number[] =>
  Array.isArray(v) && v.every((x) => typeof x === "number" && Number.isFinite(x));

/** Problems with a value against its declared output shape (empty when it conforms). */
export function metricValueProblems(value: MetricValue, output: MetricOutput): string[] {
  switch (output.type) {
    case "scalar":
      return typeof value === "number" && Number.isFinite(value)
        ? []
        : [`expected a finite number, got ${JSON.stringify(value)}`];
    case "vector": {
      if (!isFiniteRow(value)) return [`expected a vector of finite numbers, got ${JSON.stringify(value)}`];
      return output.length !== undefined && value.length !== output.length
        ? [`vector has length ${value.length}, declared ${output.length}`]
        : [];
    }
    case "matrix": {
      if (!Array.isArray(value) || !value.every(isFiniteRow))
        return [`expected a matrix (number[][]) of finite numbers, got ${JSON.stringify(value)}`];
      const rows = value as number[][];
      const cols = rows[0]?.length ?? 0;
      const problems: string[] = [];
      if (rows.some((r) => r.length !== cols)) problems.push("matrix rows have different lengths");
      if (output.rows !== undefined && rows.length !== output.rows)
        problems.push(`matrix has ${rows.length} rows, declared ${output.rows}`);
      if (output.cols !== undefined && cols !== output.cols)
        problems.push(`matrix has ${cols} columns, declared ${output.cols}`);
      return problems;
    }
  }
}

export function planMetricChecks(plugin: MetricPlugin, options: CheckOptions): PlannedCheck[] {
  const settings: MetricCheckOptions = resolvePerPlugin(options.metric, plugin) ?? {};
  const snapshot = () => settings.snapshot ?? sampleSnapshot();
  const weights = () => (plugin.needsWeights ? (settings.weights ?? sampleWeights()) : undefined);
  return [
    {
      name: `value has the declared ${plugin.output.type} shape and is finite`,
      run: async () => {
        const value = plugin.compute(snapshot(), weights());
        const problems = metricValueProblems(value, plugin.output);
        return problems.length > 0
          ? { ok: false, message: problems.join("; ") }
          : { ok: true, message: `value ${JSON.stringify(value).slice(0, 80)}` };
      },
    },
    {
      name: "compute is deterministic and leaves the snapshot unchanged",
      run: async () => {
        const s = snapshot();
        const before = JSON.stringify(s);
        const a = JSON.stringify(plugin.compute(s, weights()));
        const b = JSON.stringify(plugin.compute(s, weights()));
        if (JSON.stringify(s) !== before) return { ok: false, message: "compute() modified the snapshot" };
        return a === b
          ? { ok: true, message: "same value twice" }
          : { ok: false, message: `two calls gave ${a} and ${b}` };
      },
    },
  ];
}
