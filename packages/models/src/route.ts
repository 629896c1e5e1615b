// Which route trains a net faster. tfjs (wasm) pays a fixed dispatch cost per op (~30-40 ops per step for a
// two-layer net), the Float64Array loop pays per multiply-add. bench/mlp.bench.mjs (README) measured the
// typed-array route 7-8× faster at 24k forward MACs per step, about even at 0.2M, and tfjs 1.2-1.8× faster at
// 1M; at 12M-171M the two were within ±15% of each other (the wasm backend runs on one thread here).
import type { NetSpec } from "./spec.js";
import { layerInputs } from "./spec.js";

export type Route = "f64" | "tfjs";
export type RouteOption = Route | "auto";

/** Multiply-adds of one forward pass on one sample. */
export function macsPerSample(spec: NetSpec): number {
  return spec.layers.reduce((s, layer, i) => s + layer.units * layerInputs(spec, i), 0);
}

/** Forward multiply-adds per optimiser step above which "auto" picks tfjs (measured, see README). */
export const TFJS_CROSSOVER_MACS = 250_000;

export function chooseRoute(spec: NetSpec, batchSize: number, tfAvailable: boolean): Route {
  if (!tfAvailable) return "f64";
  return macsPerSample(spec) * batchSize > TFJS_CROSSOVER_MACS ? "tfjs" : "f64";
}
