// One error class for runs that blow up, shared by the simulator and the ODE integrator.

/** Why a run stopped: non-finite numbers, the loss beyond its bound, overlaps beyond theirs, step underflow. */
export type DivergenceReason = "non-finite" | "loss-bound" | "overlap-bound" | "step-underflow";

/** Thrown when a run diverges; names α, the step and the likely cause in its message. */
export class DivergenceError extends Error {
  readonly alpha: number;
  readonly step: number;
  readonly reason: DivergenceReason;

  constructor(reason: DivergenceReason, alpha: number, step: number, detail?: string) {
    const cause =
      reason === "step-underflow"
        ? "the adaptive step size underflowed: the overlaps are blowing up (the learning rate is probably too large) or the ODE is stiff"
        : "the learning rate is probably too large (the η² term makes Q grow without bound; lower lr or batch up)";
    super(`diverged at α = ${alpha} (step ${step}): ${reason}${detail ? ` (${detail})` : ""}; ${cause}`);
    this.name = "DivergenceError";
    this.alpha = alpha;
    this.step = step;
    this.reason = reason;
  }
}
