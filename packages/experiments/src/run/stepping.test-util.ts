// Test helper: drives a run through a list of stepTo times, then resumes it to the end, collecting every
// event. A time counts as reached at a step-snapshot of the run's last source, or at its recorded snapshot
// within `tolerance` of the time (a simulation's grid point sits at a whole SGD step).
import type { RunHandle } from "./handle.js";
import type { RunEvent } from "./protocol.js";

export async function stepThrough(
  handle: RunHandle,
  times: readonly number[],
  lastSource: string,
  tolerance: number,
): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  let k = 0;
  handle.stepTo(times[0]);
  for await (const event of handle.events()) {
    events.push(event);
    if (k >= times.length) continue;
    const reached =
      (event.type === "step-snapshot" || event.type === "snapshot") &&
      event.snapshot.source === lastSource &&
      (event.type === "step-snapshot" || event.snapshot.t >= times[k] - tolerance);
    if (!reached) continue;
    k += 1;
    if (k < times.length) handle.stepTo(times[k]);
    else handle.resume();
  }
  if (k < times.length) throw new Error(`the run ended before stepTo(${times[k]}) was reached`);
  return events;
}
