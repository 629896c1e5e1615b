// Which route trains a net faster. The Float64Array loop costs ~1 ns per multiply-add; tfjs (wasm) pays a
// fixed few-microsecond dispatch per op (~30 ops per step for a 2-layer net) but vectorises the arithmetic.
// The crossover was measured by bench/mlp.bench.mjs; below it the typed-array loop wins.
import type { NetSpec } from "./spec.js";
import { layerInputs } from "./spec.js";

export type Route = "f64" | "tfjs";
export type RouteOption = Route | "auto";

/** Multiply-adds of one forward pass on one sample. */
export function macsPerSample(spec: NetSpec): number {
  return spec.layers.reduce((s, layer, i) => s + layer.units * layerInputs(spec, i), 0);
}

/** Forward multiply-adds per optimiser step above which "auto" picks tfjs (measured, see README). */
export const TFJS_CROSSOVER_MACS = 2_000_000;

export function chooseRoute(spec: NetSpec, batchSize: number, tfAvailable: boolean): Route {
  if (!tfAvailable) return "f64";
  return macsPerSample(spec) * batchSize > TFJS_CROSSOVER_MACS ? "tfjs" : "f64";
}
