// pupil's package versions for a run's config.json. The bundled bin carries the packages inside it, so the
// build writes their versions in (__PUPIL_VERSIONS__); reading package.json files at run time would name
// whatever is installed beside it (and cost a CommonJS resolution of each at start-up).
import { pupilVersions as installedVersions } from "@pupil/experiments/node";

declare const __PUPIL_VERSIONS__: Record<string, string> | undefined;

export function pupilVersions(extra: Record<string, string> = {}): Record<string, string> {
  return typeof __PUPIL_VERSIONS__ === "object"
    ? { ...__PUPIL_VERSIONS__, ...extra }
    : installedVersions(extra);
}
