// The built-in plugin packs (dependencies of this package), by name: one list for the run recipe
// (registry.ts) and for the loader that serves them from the bundle (node-host.ts).
export const BUILTIN_PACKS: Readonly<Record<string, () => Promise<unknown>>> = {
  "@pupil/plugin-activations": () => import("@pupil/plugin-activations"),
  "@pupil/plugin-teachers": () => import("@pupil/plugin-teachers"),
  "@pupil/plugin-metrics": () => import("@pupil/plugin-metrics"),
  "@pupil/plugin-distill": () => import("@pupil/plugin-distill"),
};
