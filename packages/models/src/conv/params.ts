// Conv-net parameters as plain named Float32Arrays (the tfjs route's own precision), their seeded He-normal
// initialisation, and an exact JSON form (little-endian float32 bytes in base64) for checkpoints.
import { createRng } from "@pupil/tensors";
import { type ConvNetSpec, convShapes, validateConvNetSpec } from "./spec.js";

export interface ConvParam {
  /** `${layer}/kernel`, `${layer}/bias`, `${block}/conv1/kernel`, `${block}/shortcut/bias`, … */
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

export type ConvParams = ConvParam[];

/** The parameter names and shapes of a spec, in a fixed order (the order of ConvNet.variables). */
export function convParamShapes(spec: ConvNetSpec): { name: string; shape: number[]; fanIn: number }[] {
  validateConvNetSpec(spec);
  const shapes = convShapes(spec);
  const out: { name: string; shape: number[]; fanIn: number }[] = [];
  const conv = (name: string, k: number, cin: number, cout: number) => {
    out.push({ name: `${name}/kernel`, shape: [k, k, cin, cout], fanIn: k * k * cin });
    out.push({ name: `${name}/bias`, shape: [cout], fanIn: 0 });
  };
  let inC = spec.input[2];
  spec.layers.forEach((L, i) => {
    if (L.kind === "conv") conv(L.name, L.kernel, inC, L.filters);
    else if (L.kind === "residual") {
      conv(`${L.name}/conv1`, 3, inC, L.filters);
      conv(`${L.name}/conv2`, 3, L.filters, L.filters);
      if (inC !== L.filters || (L.stride ?? 1) !== 1) conv(`${L.name}/shortcut`, 1, inC, L.filters);
    } else if (L.kind === "dense") {
      out.push({ name: `${L.name}/kernel`, shape: [inC, L.units], fanIn: inC });
      out.push({ name: `${L.name}/bias`, shape: [L.units], fanIn: 0 });
    }
    inC = shapes[i][shapes[i].length - 1];
  });
  return out;
}

/**
 * Seeded initialisation: He-normal kernels (std √(2/fan-in)) for layers followed by a ReLU, √(1/fan-in) for the
 * linear logits layer and residual shortcuts, zero biases. Same seed → same bytes.
 */
export function initConvParams(spec: ConvNetSpec, seed: number): ConvParams {
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${String(seed)}`);
  const rng = createRng(seed);
  return convParamShapes(spec).map(({ name, shape, fanIn }) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(size);
    if (fanIn > 0) {
      const linear = name.endsWith("shortcut/kernel") || isLogits(spec, name);
      const std = Math.sqrt((linear ? 1 : 2) / fanIn);
      for (let i = 0; i < size; i++) values[i] = std * rng.normal();
    }
    return { name, shape, values };
  });
}

function isLogits(spec: ConvNetSpec, name: string): boolean {
  return name === `${spec.layers[spec.layers.length - 1].name}/kernel`;
}

/** Float32 values as base64 of their little-endian bytes: exact and 4/3 bytes per byte. */
export function f32ToBase64(values: Float32Array): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function f32FromBase64(field: string, text: unknown, length: number): Float32Array {
  if (typeof text !== "string") throw new Error(`${field} must be a base64 string`);
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    throw new Error(`${field} is not valid base64`);
  }
  if (binary.length !== length * 4)
    throw new Error(`${field} must hold ${length} float32 values, got ${binary.length / 4}`);
  const view = new DataView(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) view.setUint8(i, binary.charCodeAt(i));
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

export interface ConvParamJson {
  name: string;
  shape: number[];
  /** float32 little-endian bytes, base64. */
  f32: string;
}

export function convParamsToJson(params: ConvParams): ConvParamJson[] {
  return params.map((p) => ({ name: p.name, shape: [...p.shape], f32: f32ToBase64(p.values) }));
}

/** Parses and checks saved parameters against the spec's names and shapes. */
export function convParamsFromJson(spec: ConvNetSpec, json: unknown, field = "state.params"): ConvParams {
  const expected = convParamShapes(spec);
  if (!Array.isArray(json) || json.length !== expected.length)
    throw new Error(`${field} must be an array of ${expected.length} parameters`);
  return expected.map((e, i) => {
    const p = json[i] as Partial<ConvParamJson>;
    if (p?.name !== e.name)
      throw new Error(`${field}[${i}].name must be "${e.name}", got ${String(p?.name)}`);
    if (!Array.isArray(p.shape) || p.shape.join(",") !== e.shape.join(","))
      throw new Error(`${field}[${i}].shape must be [${e.shape.join(", ")}]`);
    const size = e.shape.reduce((a, b) => a * b, 1);
    return { name: e.name, shape: e.shape, values: f32FromBase64(`${field}[${i}].f32`, p.f32, size) };
  });
}
