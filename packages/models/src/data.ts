// Synthetic data: Gaussian inputs and the outputs of a given (teacher) net on them.
import type { Rng } from "@pupil/tensors";
import { nonNegative, positiveInt } from "./errors.js";
import { F64Net } from "./f64/net.js";
import { type NetParams, type NetSpec, outputDim } from "./spec.js";

/** n × d inputs with i.i.d. N(0, std²) entries. */
export function gaussianInputs(rng: Rng, n: number, d: number, std = 1): Float64Array {
  positiveInt("n", n);
  positiveInt("d", d);
  nonNegative("std", std);
  const x = rng.fillNormal(new Float64Array(n * d));
  if (std !== 1) for (let k = 0; k < x.length; k++) x[k] *= std;
  return x;
}

/** The net's outputs on n rows of x (n × outputs). */
export function predict(spec: NetSpec, params: NetParams, x: Float64Array): Float64Array {
  const n = x.length / spec.inputDim;
  if (!Number.isInteger(n)) throw new Error(`x length must be a multiple of inputDim ${spec.inputDim}`);
  const net = new F64Net(spec, params, Math.min(n, 1024));
  return net.predict(x, n, new Float64Array(n * outputDim(spec)));
}

/**
 * Post-activation values of layer `layer` on n rows of x (n × units), e.g. a teacher's or student's hidden
 * nodes for the specialization metric.
 */
export function layerActivations(
  spec: NetSpec,
  params: NetParams,
  x: Float64Array,
  layer: number,
): Float64Array {
  const n = x.length / spec.inputDim;
  if (!Number.isInteger(n)) throw new Error(`x length must be a multiple of inputDim ${spec.inputDim}`);
  if (!Number.isInteger(layer) || layer < 0 || layer >= spec.layers.length) {
    throw new Error(`layer must be an index in [0, ${spec.layers.length - 1}], got ${layer}`);
  }
  const units = spec.layers[layer].units;
  const chunk = Math.min(n, 1024);
  const net = new F64Net(spec, params, chunk);
  const out = new Float64Array(n * units);
  for (let start = 0; start < n; start += chunk) {
    const B = Math.min(chunk, n - start);
    net.forward(x.subarray(start * spec.inputDim, (start + B) * spec.inputDim), B);
    out.set(net.activations(layer).subarray(0, B * units), start * units);
  }
  return out;
}
