// pupil's package versions, recorded in config.json so a run says what produced it.
import { createRequire } from "node:module";

const PACKAGES = [
  "@pupil/tensors",
  "@pupil/plugin",
  "@pupil/dynamics",
  "@pupil/analysis",
  "@pupil/experiments",
];

export function pupilVersions(extra: Record<string, string> = {}): Record<string, string> {
  const require = createRequire(import.meta.url);
  const out: Record<string, string> = {};
  for (const name of PACKAGES) {
    try {
      out[name] = (require(`${name}/package.json`) as { version: string }).version;
    } catch {
      out[name] = "unknown";
    }
  }
  return { ...out, ...extra };
}
