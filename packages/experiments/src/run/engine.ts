// The run loop shared by the worker thread and the inline fallback: walks the α grid, advances every
// source to each point (ODE first, then the simulation, so a paired log interleaves them), and emits a
// checkpoint every k points with everything needed to continue bit-identically.
import type { Registry, Snapshot } from "@pupil/plugin";
import type { ResolvedConfig } from "../config/resolve.js";
import type { RunControl } from "./control.js";
import { OdeSource } from "./ode-source.js";
import { buildPlan, type RunPlan, type SourceName } from "./plan.js";
import { SimSource } from "./sim-source.js";
import { buildTrainPlan, runTraining, type TrainPlan } from "./train.js";

export type AnyPlan = RunPlan | TrainPlan;

/** The plan of any run kind: committee machines on the α grid, or minibatch training. */
export function buildRunPlan(config: ResolvedConfig, registry: Registry): AnyPlan {
  return config.kind === "train" ? buildTrainPlan(config, registry) : buildPlan(config, registry);
}

export interface Source {
  readonly name: SourceName;
  advanceTo(alpha: number): Promise<Snapshot>;
  getState(): unknown;
}

/**
 * What a checkpoint holds: the next grid index and each source's state at the previous one (a training
 * run: the epoch reached and the Trainer's state under sources.train).
 */
export interface EngineState {
  format: "pupil-run/1";
  next: number;
  sources: Partial<Record<SourceName | "train", unknown>>;
}

export type EngineEvent =
  | { type: "snapshot"; snapshot: Snapshot }
  | { type: "checkpoint"; state: EngineState }
  | { type: "done"; stopped: boolean };

export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createSources(plan: RunPlan, resume?: EngineState): Source[] {
  return plan.sources.map((name) => {
    const state = resume?.sources[name];
    // biome-ignore lint/suspicious/noExplicitAny: each source validates its own state format
    return name === "sim" ? new SimSource(plan, state as any) : new OdeSource(plan, state as any);
  });
}

/** Snapshots are written without wall-clock fields, so a resumed log equals an uninterrupted one. */
export function stripWallClock(snapshot: Snapshot): Snapshot {
  const { throughput: _t, ...rest } = snapshot;
  return rest;
}

export async function* runEngine(
  plan: AnyPlan,
  control: RunControl,
  options: { resume?: EngineState; checkpointEvery: number },
): AsyncGenerator<EngineEvent> {
  if (plan.kind === "train") {
    yield* runTraining(plan, control, options);
    return;
  }
  const sources = createSources(plan, options.resume);
  const checkpoint = (next: number): EngineEvent => ({
    type: "checkpoint",
    state: {
      format: "pupil-run/1",
      next,
      sources: Object.fromEntries(sources.map((s) => [s.name, s.getState()])),
    },
  });
  const start = options.resume?.next ?? 0;
  for (let i = start; i < plan.grid.length; i++) {
    // A macrotask turn per grid point, so control messages (a worker's MessagePort) are delivered.
    await nextTurn();
    if (!(await control.gate())) {
      yield checkpoint(i);
      yield { type: "done", stopped: true };
      return;
    }
    for (const source of sources) {
      yield { type: "snapshot", snapshot: await source.advanceTo(plan.grid[i]) };
    }
    if ((i + 1) % options.checkpointEvery === 0 && i + 1 < plan.grid.length) yield checkpoint(i + 1);
  }
  yield { type: "done", stopped: false };
}
