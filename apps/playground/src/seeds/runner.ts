// Runs a config's ODE once and its simulation for several seeds, one after another, through the same engine
// run the playground uses (openRun: setupRun + runEngine). Used by the seeds worker; plain async code, so
// a unit test can drive it in Node.
import type { FrozenRegistry } from "@pupil/plugin";
import { openRun } from "../worker/engine.js";
import { bandSeeds, type SeedCurve } from "./band.js";

export interface SeedRunSink {
  ode(t: number[], eg: number[]): void;
  curve(curve: SeedCurve): void;
  progress(seed: number, alpha: number): void;
  /** False once the runs are no longer wanted (a newer request, or cancel). */
  wanted(): boolean;
}

/** The eg curve of one source of a run of `config` (kind overridden), or undefined when cancelled. */
async function curveOf(
  config: Record<string, unknown>,
  registry: FrozenRegistry,
  sink: SeedRunSink,
): Promise<{ t: number[]; eg: number[] } | undefined> {
  const run = openRun(config, registry);
  const t: number[] = [];
  const eg: number[] = [];
  let shown = 0;
  try {
    for await (const out of run.outputs()) {
      if (!sink.wanted()) {
        run.stop();
        return undefined;
      }
      if (out.type !== "snapshot" || out.snapshot.loss.gen === undefined) continue;
      t.push(out.snapshot.t);
      eg.push(out.snapshot.loss.gen);
      if (config.kind === "online" && performance.now() - shown > 200) {
        shown = performance.now();
        sink.progress(config.seed as number, out.snapshot.t);
      }
    }
  } catch {
    // a diverged seed keeps the points it reached (the band then ends where it ends)
  }
  return { t, eg };
}

/** The ODE, then `count` seeds (config.seed, +1, …) of the simulation; each reported when finished. */
export async function runSeeds(
  config: Record<string, unknown>,
  count: number,
  registry: FrozenRegistry,
  sink: SeedRunSink,
): Promise<void> {
  const ode = await curveOf({ ...config, kind: "ode" }, registry, sink);
  if (!ode) return;
  sink.ode(ode.t, ode.eg);
  for (const seed of bandSeeds(Number(config.seed ?? 0), count)) {
    const sim = await curveOf({ ...config, kind: "online", seed }, registry, sink);
    if (!sim) return;
    sink.curve({ seed, ...sim });
  }
}
