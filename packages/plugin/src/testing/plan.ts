// Plans every conformance check of a plugin or a pack (synchronously, so a test runner can register one test
// per check) and runs them (checkPlugin).
import { createRegistry } from "../registry.js";
import type { Plugin, PluginPack } from "../types.js";
import { looksLikePack, pluginLabel, pluginProblems } from "../validate.js";
import { planActivationChecks } from "./activation.js";
import { planLossChecks } from "./loss.js";
import { planMetricChecks } from "./metric.js";
import { planTeacherChecks } from "./teacher.js";
import { type CheckOptions, type CheckResult, errorText, type PlannedCheck } from "./types.js";

export interface PlannedGroup {
  /** "activation \"erf\"" */
  readonly title: string;
  readonly checks: readonly PlannedCheck[];
}

function planOne(plugin: Plugin, options: CheckOptions): PlannedGroup {
  const title = pluginLabel(plugin);
  const problems = pluginProblems(plugin);
  const contract: PlannedCheck = {
    name: "follows the plugin contract (kind, id, apiVersion, required functions)",
    run: async () =>
      problems.length > 0 ? { ok: false, message: problems.join("; ") } : { ok: true, message: "valid" },
  };
  if (problems.length > 0) return { title, checks: [contract] };
  const specific =
    plugin.kind === "activation"
      ? planActivationChecks(plugin, options)
      : plugin.kind === "teacher"
        ? planTeacherChecks(plugin, options)
        : plugin.kind === "loss"
          ? planLossChecks(plugin, options)
          : planMetricChecks(plugin, options);
  return { title, checks: [contract, ...specific] };
}

/** Groups of checks: one per plugin, plus a first group for a pack's own registration. */
export function planChecks(item: Plugin | PluginPack, options: CheckOptions = {}): PlannedGroup[] {
  if (!looksLikePack(item)) return [planOne(item as Plugin, options)];
  const pack = item as PluginPack;
  const registers: PlannedCheck = {
    name: "registers into a fresh registry (valid meta, no duplicate kind+id)",
    run: async () => {
      try {
        const registry = createRegistry().use(pack);
        const count = (["activation", "teacher", "loss", "metric"] as const).reduce(
          (n, k) => n + registry.list(k).length,
          0,
        );
        return { ok: true, message: `${count} plugin(s) registered` };
      } catch (error) {
        return { ok: false, message: errorText(error) };
      }
    },
  };
  const name = typeof pack.meta?.name === "string" ? pack.meta.name : "pack";
  const plugins = Array.isArray(pack.plugins) ? pack.plugins : [];
  return [{ title: `pack "${name}"`, checks: [registers] }, ...plugins.map((p) => planOne(p, options))];
}

async function runCheck(check: PlannedCheck): Promise<{ ok: boolean; message: string }> {
  try {
    return await check.run();
  } catch (error) {
    return { ok: false, message: `threw: ${errorText(error)}` };
  }
}

/**
 * Runs every conformance check of a plugin (or of each plugin in a pack) and returns their results; a check
 * that throws is a failed result, never a rejected promise. Names are prefixed with the plugin's title.
 */
export async function checkPlugin(
  item: Plugin | PluginPack,
  options: CheckOptions = {},
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const group of planChecks(item, options)) {
    for (const check of group.checks) {
      const { ok, message } = await runCheck(check);
      results.push({ name: `${group.title}: ${check.name}`, ok, message });
    }
  }
  return results;
}

export { runCheck };
