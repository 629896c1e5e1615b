// The order-parameter ODE as a source. It starts at init.Q/M(/T) when the config gives them, else at the
// exact overlaps of the finite-N start with the same seed (initialOverlaps), so paired runs share a start.
import { initialOverlaps, OdeIntegrator, type OdeIntegratorState, type Overlaps } from "@pupil/dynamics";
import type { Snapshot } from "@pupil/plugin";
import type { Source } from "../../run/source.js";
import type { RunPlan } from "./plan.js";

function teacherT(plan: RunPlan): number[][] {
  const { N, pStar } = plan.spec;
  const W = plan.teacher.layers[0].data;
  const T: number[][] = [];
  for (let r = 0; r < pStar; r++) {
    T.push([]);
    for (let s = 0; s < pStar; s++) {
      let sum = 0;
      for (let x = 0; x < N; x++) sum += W[r * N + x] * W[s * N + x];
      T[r].push(sum / N);
    }
  }
  return T;
}

/** Where the ODE starts for this plan (exported for tests and for the summary's conserved quantities). */
export function odeStart(plan: RunPlan): Overlaps {
  const { init, seed } = plan.config;
  if (init.Q && init.M) return { Q: init.Q, M: init.M, T: init.T ?? teacherT(plan) };
  return initialOverlaps(plan.spec, { seed, teacher: plan.teacher });
}

export class OdeSource implements Source {
  readonly name = "ode" as const;
  ode: OdeIntegrator;
  readonly #plan: RunPlan;

  constructor(plan: RunPlan) {
    const { config, spec } = plan;
    this.#plan = plan;
    this.ode = new OdeIntegrator({
      spec,
      init: odeStart(plan),
      integrator: config.integrator,
      divergence: { egMax: config.divergence.egMax },
    });
  }

  async advanceTo(alpha: number): Promise<Snapshot> {
    if (alpha > this.ode.alpha) this.ode.advanceTo(alpha);
    return this.ode.snapshot();
  }

  checkpoint(): OdeIntegratorState {
    return this.ode.getState();
  }

  restore(state: unknown): void {
    this.ode = OdeIntegrator.fromState(this.#plan.spec, state as OdeIntegratorState);
  }
}
