// integrateOde: an ODE run as the one data stream of pupil, an AsyncIterable<Snapshot>.
import type { Snapshot } from "@pupil/plugin";
import { type OdeAccuracy, OdeIntegrator, type OdeIntegratorOptions } from "./integrator.js";
import { type RecordOptions, recordSchedule } from "./schedule.js";

export interface IntegrateOdeOptions extends OdeIntegratorOptions {
  alphaMax: number;
  record?: RecordOptions;
}

/**
 * Snapshots at α = 0, then at every record point (log-spaced per decade and/or `at`, hit exactly) up to
 * alphaMax. step = accepted integrator steps; throughput in α per wall-clock second. Returns (the generator's
 * return value) the estimated accuracy of eg over every recorded α (OdeIntegrator.accuracy()), undefined
 * when errorEstimate is off.
 */
export async function* integrateOde(
  options: IntegrateOdeOptions,
): AsyncGenerator<Snapshot, OdeAccuracy | undefined, undefined> {
  const schedule = recordSchedule(options.alphaMax, options.record);
  const ode = new OdeIntegrator(options);
  let clock = performance.now();
  let last = ode.alpha;
  yield ode.snapshot();
  for (const alpha of schedule) {
    ode.advanceTo(alpha);
    const snap = ode.snapshot();
    const now = performance.now();
    const seconds = (now - clock) / 1000;
    if (seconds > 0) snap.throughput = { value: (alpha - last) / seconds, unit: "alpha/s" };
    clock = now;
    last = alpha;
    yield snap;
  }
  return ode.accuracy();
}
