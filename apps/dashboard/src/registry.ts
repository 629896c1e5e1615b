// The CLI's registry: the built-in plugin packs plus the config's `plugins`, built from module URLs so the
// run's worker thread can rebuild exactly the same registry.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildRegistry, ConfigError, type ConfigIssue } from "@pupil/experiments";
import type { Registry } from "@pupil/plugin";

/** Module URLs of the built-in packs, resolved from this package (they are its dependencies). */
export function builtinModules(): string[] {
  return [
    import.meta.resolve("@pupil/plugin-activations"),
    import.meta.resolve("@pupil/plugin-teachers"),
    import.meta.resolve("@pupil/plugin-metrics"),
  ];
}

/**
 * A frozen registry of the built-ins and the given plugin module URLs. Under vitest (sources) the
 * built-ins are imported as packs instead, and the run goes inline.
 */
export async function cliRegistry(pluginUrls: readonly string[]): Promise<Registry> {
  // Built (dist/*.js): module URLs, so runs go to a worker thread. From sources (vitest): packs, inline.
  if (import.meta.url.endsWith(".js")) {
    const builtins = builtinModules();
    if (builtins.every((u) => u.startsWith("file:") && existsSync(fileURLToPath(u)))) {
      try {
        return await buildRegistry({ modules: [...builtins, ...pluginUrls] });
      } catch (error) {
        throw countUserPlugins(error, builtins.length);
      }
    }
  }
  const [activations, teachers, metrics] = await Promise.all([
    import("@pupil/plugin-activations"),
    import("@pupil/plugin-teachers"),
    import("@pupil/plugin-metrics"),
  ]);
  const { importPacks } = await import("@pupil/experiments");
  const extra = await importPacks(pluginUrls);
  return buildRegistry({ packs: [activations.default, teachers.default, metrics.default, ...extra] });
}

/** Issues name `plugins[i]` as the user wrote them: the built-in packs listed first are not counted. */
function countUserPlugins(error: unknown, builtins: number): unknown {
  if (!(error instanceof ConfigError)) return error;
  return new ConfigError(
    error.issues.map((issue) => {
      const m = /^plugins\[(\d+)\](.*)$/.exec(issue.path);
      return m && Number(m[1]) >= builtins
        ? { ...issue, path: `plugins[${Number(m[1]) - builtins}]${m[2]}` }
        : issue;
    }),
    error.source,
  );
}

export function mergeIssues(errors: unknown[]): ConfigError | undefined {
  const issues: ConfigIssue[] = [];
  for (const e of errors) {
    if (e instanceof ConfigError) issues.push(...e.issues);
    else if (e) throw e;
  }
  return issues.length > 0 ? new ConfigError(issues) : undefined;
}
