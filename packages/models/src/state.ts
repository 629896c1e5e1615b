// Parameters as JSON-safe plain arrays and back, for checkpoints. Every entry is a double, and JSON of a
// double round-trips exactly in JS, so a restored net is bit-identical.
import type { LayerParams, NetParams } from "./spec.js";

export type LayerParamsJson =
  | { kind: "dense"; W: number[]; b?: number[] }
  | {
      kind: "spectral";
      phi: number[];
      lambdaIn: number[];
      lambdaOut: number[];
      maskIn?: number[];
      maskOut?: number[];
    };

const list = (a: Float64Array | undefined) => (a ? Array.from(a) : undefined);

function f64(field: string, a: unknown, optional = false): Float64Array | undefined {
  if (a === undefined && optional) return undefined;
  if (!Array.isArray(a) || !a.every((v) => typeof v === "number"))
    throw new Error(`${field} must be an array of numbers`);
  return Float64Array.from(a);
}

export function paramsToJson(params: NetParams): LayerParamsJson[] {
  return params.map((p) =>
    p.kind === "dense"
      ? { kind: "dense", W: Array.from(p.W), b: list(p.b) }
      : {
          kind: "spectral",
          phi: Array.from(p.phi),
          lambdaIn: Array.from(p.lambdaIn),
          lambdaOut: Array.from(p.lambdaOut),
          maskIn: list(p.maskIn),
          maskOut: list(p.maskOut),
        },
  );
}

export function paramsFromJson(json: readonly LayerParamsJson[]): NetParams {
  if (!Array.isArray(json)) throw new Error("state.params must be an array of layer parameters");
  return json.map((p, i): LayerParams => {
    const at = `state.params[${i}]`;
    if (p?.kind === "dense")
      return { kind: "dense", W: f64(`${at}.W`, p.W) as Float64Array, b: f64(`${at}.b`, p.b, true) };
    if (p?.kind === "spectral")
      return {
        kind: "spectral",
        phi: f64(`${at}.phi`, p.phi) as Float64Array,
        lambdaIn: f64(`${at}.lambdaIn`, p.lambdaIn) as Float64Array,
        lambdaOut: f64(`${at}.lambdaOut`, p.lambdaOut) as Float64Array,
        maskIn: f64(`${at}.maskIn`, p.maskIn, true),
        maskOut: f64(`${at}.maskOut`, p.maskOut, true),
      };
    throw new Error(`${at}.kind must be "dense" or "spectral"`);
  });
}
