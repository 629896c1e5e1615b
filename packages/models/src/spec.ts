// A network as data: the layer list both routes (Float64Array and tfjs) build from, and its parameters as
// plain Float64Arrays so the two routes can start from identical weights.
import type { ActivationPlugin, DenseWeights, Registry } from "@pupil/plugin";
import type { Rng } from "@pupil/tensors";
import { nonNegative, positiveInt } from "./errors.js";

export interface DenseLayerSpec {
  readonly kind: "dense";
  readonly units: number;
  /** Elementwise nonlinearity after the affine map; null/undefined = linear. */
  readonly activation?: ActivationPlugin | null;
  /** Default true. */
  readonly bias?: boolean;
  /** Default true; false freezes W and b (the fixed all-ones output of the spectral experiment). */
  readonly trainable?: boolean;
  /** L2 coefficient on W (Keras convention: adds l2·ΣW² to the loss). */
  readonly l2?: number;
  /** Tap name; default `layer${index}`. */
  readonly name?: string;
}

/** Spectral layer (Giambagli et al. 2023): W_ij = φ_ij (λ^in_j − λ^out_i), i.e. W = φΛ_in − Λ_out φ. No bias. */
export interface SpectralLayerSpec {
  readonly kind: "spectral";
  readonly units: number;
  readonly activation?: ActivationPlugin | null;
  readonly trainable?: { readonly phi?: boolean; readonly lambdaIn?: boolean; readonly lambdaOut?: boolean };
  /** Separate L2 coefficients on φ and on λ (both λ_in and λ_out). */
  readonly l2Phi?: number;
  readonly l2Lambda?: number;
  readonly name?: string;
}

export type LayerSpec = DenseLayerSpec | SpectralLayerSpec;

export interface NetSpec {
  readonly inputDim: number;
  readonly layers: readonly LayerSpec[];
}

export interface DenseParams {
  readonly kind: "dense";
  /** units × in, row-major (rows = output units). */
  readonly W: Float64Array;
  readonly b?: Float64Array;
}

export interface SpectralParams {
  readonly kind: "spectral";
  /** units × in, row-major. */
  readonly phi: Float64Array;
  readonly lambdaIn: Float64Array;
  readonly lambdaOut: Float64Array;
  /** 0/1 masks multiplying λ_in (length in) and λ_out (length units); masking λ_out,i removes node i. */
  readonly maskIn?: Float64Array;
  readonly maskOut?: Float64Array;
}

export type LayerParams = DenseParams | SpectralParams;
export type NetParams = LayerParams[];

export function layerName(spec: LayerSpec, index: number): string {
  return spec.name ?? `layer${index}`;
}

export function validateNetSpec(spec: NetSpec): void {
  positiveInt("inputDim", spec.inputDim);
  if (!Array.isArray(spec.layers) || spec.layers.length === 0) {
    throw new Error("layers must be a non-empty array of layer specs");
  }
  const names = new Set<string>();
  spec.layers.forEach((layer, i) => {
    positiveInt(`layers[${i}].units`, layer.units);
    if (layer.kind !== "dense" && layer.kind !== "spectral") {
      throw new Error(
        `layers[${i}].kind must be "dense" or "spectral", got ${String((layer as LayerSpec).kind)}`,
      );
    }
    if (layer.kind === "dense" && layer.l2 !== undefined) nonNegative(`layers[${i}].l2`, layer.l2);
    if (layer.kind === "spectral") {
      if (layer.l2Phi !== undefined) nonNegative(`layers[${i}].l2Phi`, layer.l2Phi);
      if (layer.l2Lambda !== undefined) nonNegative(`layers[${i}].l2Lambda`, layer.l2Lambda);
    }
    const name = layerName(layer, i);
    if (names.has(name)) throw new Error(`layers[${i}].name "${name}" is used twice`);
    names.add(name);
  });
}

export function layerInputs(spec: NetSpec, index: number): number {
  return index === 0 ? spec.inputDim : spec.layers[index - 1].units;
}

export function outputDim(spec: NetSpec): number {
  return spec.layers[spec.layers.length - 1].units;
}

export type ActivationRef = ActivationPlugin | string;

/** An activation plugin from a plugin or an id; errors name `field` (unknown ids list the known ones). */
export function resolveActivation(
  ref: ActivationRef,
  registry: Registry | undefined,
  field: string,
): ActivationPlugin {
  if (typeof ref === "string") {
    if (!registry) throw new Error(`${field}: "${ref}" is an id, so a registry is required to resolve it`);
    try {
      return registry.get("activation", ref);
    } catch (error) {
      throw new Error(`${field}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (ref?.kind !== "activation") throw new Error(`${field} must be an activation plugin or its id`);
  return ref;
}

export interface MlpSpecOptions {
  readonly inputDim: number;
  /** Hidden widths; depth = widths.length. */
  readonly widths: readonly number[];
  /** Output units after the hidden layers (linear unless outputActivation); omit for none. */
  readonly outputs?: number;
  /** One activation for every hidden layer, or one per hidden layer: plugins, or ids looked up in `registry`. */
  readonly activation: ActivationRef | readonly ActivationRef[];
  readonly outputActivation?: ActivationRef | null;
  /** Resolves activation ids ("relu"); required when any activation is given as a string. */
  readonly registry?: Registry;
  readonly bias?: boolean;
  readonly l2?: number;
}

/** The MLP builder: depth, widths, activation plugin per layer, bias on/off. */
export function mlpSpec(options: MlpSpecOptions): NetSpec {
  positiveInt("inputDim", options.inputDim);
  if (!Array.isArray(options.widths) || options.widths.length === 0) {
    throw new Error("widths must be a non-empty array of positive integers");
  }
  for (const [i, w] of options.widths.entries()) positiveInt(`widths[${i}]`, w);
  const refs: readonly ActivationRef[] = Array.isArray(options.activation)
    ? (options.activation as readonly ActivationRef[])
    : options.widths.map(() => options.activation as ActivationRef);
  if (refs.length !== options.widths.length) {
    throw new Error(
      `activation must be one plugin or one per hidden layer (${options.widths.length}), got ${refs.length}`,
    );
  }
  const acts = refs.map((ref, i) =>
    resolveActivation(
      ref,
      options.registry,
      Array.isArray(options.activation) ? `activation[${i}]` : "activation",
    ),
  );
  const layers: LayerSpec[] = options.widths.map((units, i) => ({
    kind: "dense",
    units,
    activation: acts[i],
    bias: options.bias ?? true,
    l2: options.l2,
    name: `hidden${i}`,
  }));
  if (options.outputs !== undefined) {
    positiveInt("outputs", options.outputs);
    layers.push({
      kind: "dense",
      units: options.outputs,
      activation: options.outputActivation
        ? resolveActivation(options.outputActivation, options.registry, "outputActivation")
        : null,
      bias: options.bias ?? true,
      l2: options.l2,
      name: "output",
    });
  }
  const spec = { inputDim: options.inputDim, layers };
  validateNetSpec(spec);
  return spec;
}

export type InitScheme =
  | { readonly kind: "glorot-uniform" }
  | { readonly kind: "normal"; readonly std: number }
  | { readonly kind: "constant"; readonly value: number };

export interface InitOptions {
  /** Weight (W or φ) initialisation per layer or for all; default Glorot uniform (Keras). Biases start at 0. */
  readonly init?: InitScheme | readonly InitScheme[];
  /** Initial λ_in / λ_out of spectral layers (paper: 0 and 1). */
  readonly lambdaIn?: number;
  readonly lambdaOut?: number;
}

function fillWeights(out: Float64Array, fanIn: number, fanOut: number, scheme: InitScheme, rng: Rng): void {
  if (scheme.kind === "glorot-uniform") {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    for (let k = 0; k < out.length; k++) out[k] = rng.uniform(-limit, limit);
  } else if (scheme.kind === "normal") {
    nonNegative("init.std", scheme.std);
    rng.fillNormal(out);
    for (let k = 0; k < out.length; k++) out[k] *= scheme.std;
  } else {
    out.fill(scheme.value);
  }
}

/** Fresh parameters for `spec`, deterministic in the RNG state. */
export function initParams(spec: NetSpec, rng: Rng, options: InitOptions = {}): NetParams {
  validateNetSpec(spec);
  return spec.layers.map((layer, i) => {
    const fanIn = layerInputs(spec, i);
    const scheme: InitScheme = Array.isArray(options.init)
      ? (options.init as readonly InitScheme[])[i]
      : ((options.init as InitScheme | undefined) ?? { kind: "glorot-uniform" });
    const weights = new Float64Array(layer.units * fanIn);
    fillWeights(weights, fanIn, layer.units, scheme, rng);
    if (layer.kind === "dense") {
      return {
        kind: "dense",
        W: weights,
        b: layer.bias === false ? undefined : new Float64Array(layer.units),
      };
    }
    return {
      kind: "spectral",
      phi: weights,
      lambdaIn: new Float64Array(fanIn).fill(options.lambdaIn ?? 0),
      lambdaOut: new Float64Array(layer.units).fill(options.lambdaOut ?? 1),
    };
  });
}

export function cloneParams(params: NetParams): NetParams {
  return params.map((p) =>
    p.kind === "dense"
      ? { kind: "dense", W: p.W.slice(), b: p.b?.slice() }
      : {
          kind: "spectral",
          phi: p.phi.slice(),
          lambdaIn: p.lambdaIn.slice(),
          lambdaOut: p.lambdaOut.slice(),
          maskIn: p.maskIn?.slice(),
          maskOut: p.maskOut?.slice(),
        },
  );
}

/** Checks every parameter array against the spec's shapes. */
export function validateParams(spec: NetSpec, params: NetParams): void {
  if (params.length !== spec.layers.length) {
    throw new Error(`params must have one entry per layer (${spec.layers.length}), got ${params.length}`);
  }
  spec.layers.forEach((layer, i) => {
    const p = params[i];
    const fanIn = layerInputs(spec, i);
    if (p.kind !== layer.kind) throw new Error(`params[${i}].kind must be "${layer.kind}", got "${p.kind}"`);
    const check = (field: string, a: ArrayLike<number> | undefined, n: number) => {
      if (a !== undefined && a.length !== n)
        throw new Error(`params[${i}].${field} must have length ${n}, got ${a.length}`);
    };
    if (p.kind === "dense") {
      check("W", p.W, layer.units * fanIn);
      if ((layer as DenseLayerSpec).bias !== false && p.b === undefined)
        throw new Error(`params[${i}].b is missing`);
      check("b", p.b, layer.units);
    } else {
      check("phi", p.phi, layer.units * fanIn);
      check("lambdaIn", p.lambdaIn, fanIn);
      check("lambdaOut", p.lambdaOut, layer.units);
      check("maskIn", p.maskIn, fanIn);
      check("maskOut", p.maskOut, layer.units);
    }
  });
}

/** Effective dense matrix of a spectral layer: W_ij = φ_ij (m^in_j λ^in_j − m^out_i λ^out_i). */
export function spectralToDense(p: SpectralParams, units: number, inputs: number): DenseWeights {
  const data = new Float64Array(units * inputs);
  for (let i = 0; i < units; i++) {
    const lo = p.lambdaOut[i] * (p.maskOut ? p.maskOut[i] : 1);
    for (let j = 0; j < inputs; j++) {
      const li = p.lambdaIn[j] * (p.maskIn ? p.maskIn[j] : 1);
      data[i * inputs + j] = p.phi[i * inputs + j] * (li - lo);
    }
  }
  return { rows: units, cols: inputs, data };
}

/** Every layer as DenseWeights (W x + b convention), spectral layers folded to their effective matrix. */
export function toDenseWeights(spec: NetSpec, params: NetParams): DenseWeights[] {
  return spec.layers.map((layer, i) => {
    const p = params[i];
    const inputs = layerInputs(spec, i);
    if (p.kind === "dense") return { rows: layer.units, cols: inputs, data: p.W.slice(), bias: p.b?.slice() };
    return spectralToDense(p, layer.units, inputs);
  });
}

/** A spec + params from given dense layers (a teacher), `hidden` between layers and `output` after the last. */
export function netFromDense(
  layers: readonly DenseWeights[],
  hidden: ActivationPlugin | null,
  output: ActivationPlugin | null = null,
): { spec: NetSpec; params: NetParams } {
  if (layers.length === 0) throw new Error("layers must be non-empty");
  layers.forEach((l, i) => {
    if (i > 0 && l.cols !== layers[i - 1].rows) {
      throw new Error(
        `layers[${i}].cols must equal layers[${i - 1}].rows (${layers[i - 1].rows}), got ${l.cols}`,
      );
    }
  });
  const spec: NetSpec = {
    inputDim: layers[0].cols,
    layers: layers.map((l, i) => ({
      kind: "dense" as const,
      units: l.rows,
      activation: i === layers.length - 1 ? output : hidden,
      bias: l.bias !== undefined,
      trainable: false,
      name: i === layers.length - 1 ? "output" : `hidden${i}`,
    })),
  };
  const params: NetParams = layers.map((l) => ({ kind: "dense", W: l.data.slice(), b: l.bias?.slice() }));
  return { spec, params };
}
