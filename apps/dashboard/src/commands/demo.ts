// pupil demo: the README's main job. Runs the quadratic-escape preset (ODE and a finite-N simulation
// from the same start, side by side) live on a TTY or as plain lines off one, then writes the report's
// SVG figures and says where everything is.
import { join, resolve } from "node:path";
import { RunDirWriter } from "@pupil/experiments/node";
import { list, parse } from "../args.js";
import { EXIT } from "../exit-codes.js";
import type { Io } from "../io.js";
import { loadRunConfig } from "../load.js";
import { pupilVersions } from "../versions.js";
import { executeRun } from "./execute.js";
import { reportCommand } from "./report.js";
import { defaultOutDir } from "./run.js";

export const DEMO_HELP = `pupil demo [--out DIR] [--set key=value ...]
  The quickest look at pupil: the quadratic-network escape preset (p=4 student, p*=2 teacher), the ODE
  and an N=1000 simulation started from the same overlaps, live; then the SVG report.

Examples:
  pupil demo
  pupil demo --out runs/demo --set model.p=8`;

export async function demoCommand(args: string[], io: Io): Promise<number> {
  const { values } = parse(
    "demo",
    args,
    {
      out: { type: "string" },
      set: { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
    0,
  );
  if (values.help) {
    io.out(`${DEMO_HELP}\n`);
    return 0;
  }
  const { config, registry } = await loadRunConfig("quadratic-escape", list(values.set));
  const out = resolve(values.out !== undefined ? String(values.out) : defaultOutDir("demo"));
  io.out(
    `pupil demo: ${config.name} — ODE and N=${config.N} simulation from the same start, α up to ${config.kind === "train" || config.kind === "distill" ? "" : config.alphaMax}\n`,
  );
  const writer = RunDirWriter.create(out, { ...config, pupil: { versions: pupilVersions() } });
  const code = await executeRun(config, registry, writer, io, { json: false, interval: 0.5 });
  if (code !== EXIT.done) return code;
  await reportCommand([out, "--out", join(out, "report")], io);
  io.out(
    `\nOpen ${join(out, "report", "eg-vs-alpha.svg")} in any browser or image viewer: the simulation (solid) and the ODE (dashed).\n`,
  );
  return EXIT.done;
}
