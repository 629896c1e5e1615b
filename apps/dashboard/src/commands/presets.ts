// pupil presets [NAME] [--json]
import { ConfigError, listPresets } from "@pupil/experiments";
import { parse } from "../args.js";
import type { Io } from "../io.js";
import { cliRegistry } from "../registry.js";

export const PRESETS_HELP = `pupil presets [NAME] [--json]
  Lists the presets (named configs of the papers' experiments, and those plugin packs ship), one line each
  with the pack that provides it; with NAME, prints its config.

Examples:
  pupil presets
  pupil presets quadratic-escape > my-config.json
  pupil run quadratic-escape --set model.p=8`;

export async function presetsCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    "presets",
    args,
    { json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    1,
  );
  if (values.help) {
    io.out(`${PRESETS_HELP}\n`);
    return 0;
  }
  const presets = listPresets(await cliRegistry([]));
  if (positionals[0] !== undefined) {
    const preset = presets.find((p) => p.name === positionals[0]);
    if (!preset) {
      throw new ConfigError([
        {
          path: "NAME",
          value: positionals[0],
          expected: `a preset name (${presets.map((p) => p.name).join(", ")})`,
        },
      ]);
    }
    io.out(`${JSON.stringify(preset.config, null, 2)}\n`);
    return 0;
  }
  if (values.json) {
    io.out(`${JSON.stringify(presets, null, 2)}\n`);
    return 0;
  }
  const width = Math.max(...presets.map((p) => p.name.length));
  const packWidth = Math.max(...presets.map((p) => (p.pack ?? "").length));
  for (const p of presets)
    io.out(`${p.name.padEnd(width)}  ${(p.pack ?? "").padEnd(packWidth)}  ${p.title}\n`);
  return 0;
}
