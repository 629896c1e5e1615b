// A plugin registry is an instance the host composes (built-in packs plus the user's), then freezes for a run.
// There is no global registry: two runs with different registries never see each other's plugins.

import { freezeRecipe, type PluginRecipe } from "./recipe.js";
import type { PackPreset, Plugin, PluginKind, PluginOfKind, PluginPack } from "./types.js";
import {
  isPluginKind,
  looksLikePack,
  PLUGIN_KINDS,
  packProblems,
  pluginLabel,
  pluginProblems,
} from "./validate.js";

/** Read access to plugins by kind and id: what runs, lookups and hosts need. */
export interface PluginLookup {
  /** The plugin of that kind and id; throws listing the known ids of that kind when there is none. */
  get<K extends PluginKind>(kind: K, id: string): PluginOfKind<K>;
  has(kind: PluginKind, id: string): boolean;
  /** Plugins of one kind, in the order they were added. */
  list<K extends PluginKind>(kind: K): PluginOfKind<K>[];
  /** Where a plugin came from: `pack "name@version"` or "a single plugin"; undefined when unknown. */
  sourceOf(kind: PluginKind, id: string): string | undefined;
  /** The presets the registered packs ship, each with its pack's name, in the order the packs were added. */
  presets(): readonly { readonly pack: string; readonly preset: PackPreset }[];
}

export interface Registry extends PluginLookup {
  /** Adds packs and single plugins, all or nothing: a bad item leaves the registry unchanged. */
  use(...items: (Plugin | PluginPack)[]): Registry;
  /**
   * Forbids further `use()` and returns the frozen view, the only registry a run accepts. `recipe`: the
   * serialisable description it was built from (resolveRecipe passes it), so a worker can rebuild it.
   */
  freeze(recipe?: PluginRecipe): FrozenRegistry;
  readonly frozen: boolean;
}

/** A registry that can no longer change: no `use()`. Carries its recipe when it was built from one. */
export interface FrozenRegistry extends PluginLookup {
  readonly frozen: true;
  /** What rebuilds this registry elsewhere (a worker thread, a Web Worker); undefined if composed by hand. */
  readonly recipe: PluginRecipe | undefined;
}

interface Entry {
  plugin: Plugin;
  source: string;
}

const SINGLE = "a single plugin";

export function createRegistry(): Registry {
  const entries = new Map<string, Entry>();
  let frozen = false;
  const key = (kind: string, id: string) => `${kind}\u0000${id}`;

  function requireKind(kind: unknown, method: string): void {
    if (!isPluginKind(kind)) {
      throw new Error(
        `registry.${method}: "kind" must be one of ${PLUGIN_KINDS.join(", ")}; got ${JSON.stringify(kind)}`,
      );
    }
  }

  const packPresets: { pack: string; preset: PackPreset }[] = [];

  function stage(items: unknown[]): { entries: [string, Entry][]; presets: typeof packPresets } {
    const staged = new Map<string, Entry>();
    const presets: typeof packPresets = [];
    const add = (value: unknown, source: string, where: string) => {
      const problems = pluginProblems(value);
      if (problems.length > 0) {
        throw new Error(`registry.use: invalid ${pluginLabel(value)} (${where}): ${problems.join("; ")}`);
      }
      const plugin = value as Plugin;
      const k = key(plugin.kind, plugin.id);
      const previous = staged.get(k) ?? entries.get(k);
      if (previous) {
        throw new Error(
          `registry.use: ${plugin.kind} "${plugin.id}" is provided twice: by ${previous.source} and by ${source}; ` +
            "each kind+id may be registered once (third-party ids use the form owner/name)",
        );
      }
      staged.set(k, { plugin, source });
    };
    items.forEach((item, index) => {
      if (looksLikePack(item)) {
        const problems = packProblems(item);
        if (problems.length > 0) {
          throw new Error(`registry.use: invalid pack (argument ${index + 1}): ${problems.join("; ")}`);
        }
        const pack = item as PluginPack;
        const source = `pack "${pack.meta.name}@${pack.meta.version}"`;
        pack.plugins.forEach((plugin, i) => {
          add(plugin, source, `${source}, plugins[${i}]`);
        });
        for (const preset of pack.presets ?? []) {
          const clash = [...packPresets, ...presets].find((p) => p.preset.name === preset.name);
          if (clash) {
            throw new Error(
              `registry.use: preset "${preset.name}" is provided twice: by pack "${clash.pack}" and by ${source}`,
            );
          }
          presets.push({ pack: pack.meta.name, preset });
        }
      } else {
        add(item, SINGLE, `argument ${index + 1}`);
      }
    });
    return { entries: [...staged], presets };
  }

  let frozenView: FrozenRegistry | undefined;
  const registry: Registry = {
    use(...items) {
      if (frozen) {
        throw new Error(
          "registry is frozen: use() cannot add plugins after freeze(); compose a new registry with createRegistry()",
        );
      }
      const staged = stage(items);
      for (const [k, entry] of staged.entries) entries.set(k, entry);
      packPresets.push(...staged.presets);
      return registry;
    },
    get(kind, id) {
      requireKind(kind, "get");
      const entry = entries.get(key(kind, id));
      if (!entry) {
        const known = registry.list(kind).map((p) => p.id);
        const listing =
          known.length > 0 ? `known ${kind} ids: ${known.join(", ")}` : `no ${kind} plugins are registered`;
        throw new Error(`registry.get: unknown ${kind} plugin "${id}"; ${listing}`);
      }
      return entry.plugin as PluginOfKind<typeof kind>;
    },
    has(kind, id) {
      return entries.has(key(kind, id));
    },
    list(kind) {
      requireKind(kind, "list");
      const out: PluginOfKind<typeof kind>[] = [];
      for (const { plugin } of entries.values()) {
        if (plugin.kind === kind) out.push(plugin as PluginOfKind<typeof kind>);
      }
      return out;
    },
    sourceOf(kind, id) {
      return entries.get(key(kind, id))?.source;
    },
    presets() {
      return [...packPresets];
    },
    freeze(recipe) {
      frozen = true;
      if (frozenView && frozenView.recipe === recipe) return frozenView;
      frozenView = Object.freeze({
        get: registry.get,
        has: registry.has,
        list: registry.list,
        sourceOf: registry.sourceOf,
        presets: registry.presets,
        frozen: true as const,
        recipe: recipe === undefined ? undefined : freezeRecipe(recipe),
      });
      return frozenView;
    },
    get frozen() {
      return frozen;
    },
  };
  return Object.freeze(registry);
}
