// Messages between the UI and the seeds worker (structured-clone data only).
import type { SeedCurve } from "./band.js";

export type ToSeeds = { type: "start"; id: number; config: unknown; count: number } | { type: "cancel" };

export type FromSeeds =
  /** The ODE of the same config (deterministic: one run). */
  | { type: "ode"; id: number; t: number[]; eg: number[] }
  /** One seed's finished simulation. */
  | { type: "curve"; id: number; curve: SeedCurve }
  /** Where the seed being run stands. */
  | { type: "progress"; id: number; seed: number; alpha: number }
  | { type: "done"; id: number }
  | { type: "error"; id: number; message: string };
