// The tfjs route: a functional model (weights as tf.Variables, forward as a function), built from the same
// NetSpec and Float64Array parameters as the Float64Array route, with layer taps by name.
import type { Scalar, Tensor, Tf, Variable } from "@pupil/plugin";
import {
  layerInputs,
  layerName,
  type NetParams,
  type NetSpec,
  validateNetSpec,
  validateParams,
} from "../spec.js";
import { SpectralDense, variableFrom } from "./spectral.js";

interface TfDense {
  readonly kind: "dense";
  readonly W: Variable;
  readonly b: Variable | null;
  readonly l2: number;
}

type TfLayer = TfDense | { readonly kind: "spectral"; readonly layer: SpectralDense };

export interface ForwardResult {
  readonly output: Tensor;
  /** Post-activation outputs of the tapped layers by name; `${name}:pre` gives the pre-activation. */
  readonly taps: Record<string, Tensor>;
}

export class TfNet {
  readonly spec: NetSpec;
  private readonly tf: Tf;
  private readonly layers: TfLayer[];
  private readonly masks: { maskIn?: Float64Array; maskOut?: Float64Array }[];

  constructor(tf: Tf, spec: NetSpec, params: NetParams) {
    validateNetSpec(spec);
    validateParams(spec, params);
    this.tf = tf;
    this.masks = params.map((p) =>
      p.kind === "spectral" ? { maskIn: p.maskIn?.slice(), maskOut: p.maskOut?.slice() } : {},
    );
    this.spec = spec;
    this.layers = spec.layers.map((layer, i) => {
      const p = params[i];
      const inputs = layerInputs(spec, i);
      if (p.kind === "dense" && layer.kind === "dense") {
        const trainable = layer.trainable !== false;
        return {
          kind: "dense",
          W: variableFrom(tf, tf.tensor2d(Float32Array.from(p.W), [layer.units, inputs]), trainable),
          b: p.b ? variableFrom(tf, tf.tensor1d(Float32Array.from(p.b)), trainable) : null,
          l2: layer.l2 ?? 0,
        };
      }
      if (p.kind === "spectral" && layer.kind === "spectral") {
        return {
          kind: "spectral",
          layer: new SpectralDense({
            tf,
            inputs,
            units: layer.units,
            phi: p.phi,
            lambdaIn: p.lambdaIn,
            lambdaOut: p.lambdaOut,
            maskIn: p.maskIn,
            maskOut: p.maskOut,
            trainable: layer.trainable,
            l2Phi: layer.l2Phi,
            l2Lambda: layer.l2Lambda,
          }),
        };
      }
      throw new Error(`params[${i}].kind must match layers[${i}].kind`);
    });
  }

  /** Variables in the Float64Array route's group order (W, b | φ, λ_in, λ_out per layer). */
  get variables(): Variable[] {
    return this.layers.flatMap((L) =>
      L.kind === "dense" ? (L.b ? [L.W, L.b] : [L.W]) : [L.layer.phi, L.layer.lambdaIn, L.layer.lambdaOut],
    );
  }

  get trainableVariables(): Variable[] {
    return this.variables.filter((v) => v.trainable);
  }

  spectralLayer(index: number): SpectralDense {
    const L = this.layers[index];
    if (L.kind !== "spectral") throw new Error(`layer ${index} is not spectral`);
    return L.layer;
  }

  /** Forward pass; call inside tf.tidy. `taps` names layers whose activations to return. */
  forward(x: Tensor, taps: readonly string[] = []): ForwardResult {
    const tf = this.tf;
    const wanted = new Set(taps);
    const known = new Set(this.spec.layers.flatMap((l, i) => [layerName(l, i), `${layerName(l, i)}:pre`]));
    for (const t of wanted) {
      if (!known.has(t)) throw new Error(`taps: unknown layer "${t}"; known: ${[...known].join(", ")}`);
    }
    const out: Record<string, Tensor> = {};
    let h = x;
    this.layers.forEach((L, i) => {
      const spec = this.spec.layers[i];
      let z: Tensor;
      if (L.kind === "dense") {
        z = tf.matMul(h, L.W, false, true);
        if (L.b) z = tf.add(z, L.b);
      } else {
        z = L.layer.apply(h);
      }
      const name = layerName(spec, i);
      if (wanted.has(`${name}:pre`)) out[`${name}:pre`] = z;
      h = spec.activation ? spec.activation.tf(tf, z) : z;
      if (wanted.has(name)) out[name] = h;
    });
    return { output: h, taps: out };
  }

  /** Σ l2·Σθ² over trainable weights. Call inside tf.tidy. */
  penalty(): Scalar {
    const tf = this.tf;
    let total: Scalar = tf.scalar(0);
    for (const L of this.layers) {
      if (L.kind === "dense") {
        if (L.W.trainable && L.l2 > 0) total = tf.add(total, tf.mul(L.l2, tf.sum(tf.square(L.W))));
      } else {
        total = tf.add(total, L.layer.penalty());
      }
    }
    return total;
  }

  /** MSE (mean over batch and outputs) without the penalty. Call inside tf.tidy. */
  mse(x: Tensor, y: Tensor): Scalar {
    return this.tf.mean(this.tf.square(this.tf.sub(this.forward(x).output, y)));
  }

  /** The current parameters copied back to Float64Arrays. */
  readParams(): NetParams {
    const read = (v: Variable) => Float64Array.from(v.dataSync());
    return this.layers.map((L, i) =>
      L.kind === "dense"
        ? { kind: "dense", W: read(L.W), b: L.b ? read(L.b) : undefined }
        : {
            kind: "spectral",
            phi: read(L.layer.phi),
            lambdaIn: read(L.layer.lambdaIn),
            lambdaOut: read(L.layer.lambdaOut),
            ...this.masks[i],
          },
    );
  }

  dispose(): void {
    for (const L of this.layers) {
      if (L.kind === "dense") {
        L.W.dispose();
        L.b?.dispose();
      } else L.layer.dispose();
    }
  }
}
