// Backprop of the Float64Array route against central finite differences of the same loss.
import { tanh } from "@pupil/plugin-activations";
import { createRng } from "@pupil/tensors";
import { describe, expect, it } from "vitest";
import { initParams, type NetSpec } from "../spec.js";
import { F64Net } from "./net.js";

function lossAt(net: F64Net, X: Float64Array, Y: Float64Array, B: number): number {
  net.forward(X, B);
  return net.mse(Y, B) + net.penalty();
}

function checkGradients(spec: NetSpec, seed: number, B: number, withMasks: boolean): void {
  const rng = createRng(seed);
  const params = initParams(spec, rng, { lambdaIn: 0.3, lambdaOut: 1 });
  for (const p of params) {
    if (p.kind !== "spectral") continue;
    for (let k = 0; k < p.lambdaIn.length; k++) p.lambdaIn[k] = rng.uniform(-1, 1);
    for (let k = 0; k < p.lambdaOut.length; k++) p.lambdaOut[k] = rng.uniform(0.5, 1.5);
    if (withMasks) {
      (p as { maskOut?: Float64Array }).maskOut = new Float64Array(p.lambdaOut.length).fill(1);
      (p as { maskOut?: Float64Array }).maskOut![1] = 0;
    }
  }
  for (const p of params)
    if (p.kind === "dense" && p.b) for (let k = 0; k < p.b.length; k++) p.b[k] = rng.normal() * 0.1;
  const net = new F64Net(spec, params, B);
  const X = rng.fillNormal(new Float64Array(B * spec.inputDim));
  const Y = rng.fillNormal(new Float64Array(B * spec.layers[spec.layers.length - 1].units));
  net.lossAndGrad(X, Y, B);
  const analytic = net.groups.map((g) => g.grad.slice());
  const h = 1e-6;
  let checked = 0;
  net.groups.forEach((g, gi) => {
    if (!g.trainable) return;
    for (let k = 0; k < g.value.length; k++) {
      const keep = g.value[k];
      g.value[k] = keep + h;
      const up = lossAt(net, X, Y, B);
      g.value[k] = keep - h;
      const down = lossAt(net, X, Y, B);
      g.value[k] = keep;
      const numeric = (up - down) / (2 * h);
      expect(Math.abs(analytic[gi][k] - numeric), `${g.name}[${k}]`).toBeLessThan(
        1e-7 + 1e-6 * Math.abs(numeric),
      );
      checked += 1;
    }
  });
  expect(checked).toBeGreaterThan(50);
}

describe("F64Net backprop", () => {
  it("dense tanh net with biases and L2 matches finite differences", () => {
    const spec: NetSpec = {
      inputDim: 5,
      layers: [
        { kind: "dense", units: 7, activation: tanh, l2: 0.01 },
        { kind: "dense", units: 4, activation: tanh },
        { kind: "dense", units: 2, activation: null, bias: false },
      ],
    };
    checkGradients(spec, 1, 6, false);
  });

  it("spectral layer (trainable φ, λ_in, λ_out, separate L2) under a dense layer matches finite differences", () => {
    const spec: NetSpec = {
      inputDim: 4,
      layers: [
        {
          kind: "spectral",
          units: 6,
          activation: tanh,
          trainable: { phi: true, lambdaIn: true, lambdaOut: true },
          l2Phi: 0.01,
          l2Lambda: 0.003,
        },
        { kind: "dense", units: 3, activation: tanh },
        { kind: "dense", units: 1, activation: null, trainable: false },
      ],
    };
    checkGradients(spec, 2, 5, false);
    checkGradients(spec, 3, 5, true);
  });

  it("forward equals a one-sample-at-a-time reference loop bit for bit (odd batch exercises the tail)", () => {
    const spec: NetSpec = {
      inputDim: 7,
      layers: [
        { kind: "dense", units: 9, activation: tanh },
        { kind: "dense", units: 3, activation: null },
      ],
    };
    const rng = createRng(9);
    const params = initParams(spec, rng);
    for (const p of params) if (p.kind === "dense" && p.b) rng.fillNormal(p.b);
    const B = 11;
    const x = rng.fillNormal(new Float64Array(B * 7));
    const got = new F64Net(spec, params, B).forward(x, B).slice(0, B * 3);
    let h = x;
    spec.layers.forEach((layer, l) => {
      const p = params[l] as { W: Float64Array; b: Float64Array };
      const inputs = l === 0 ? 7 : 9;
      const out = new Float64Array(B * layer.units);
      for (let s = 0; s < B; s++) {
        for (let r = 0; r < layer.units; r++) {
          let z = p.b[r];
          for (let j = 0; j < inputs; j++) z += p.W[r * inputs + j] * h[s * inputs + j];
          out[s * layer.units + r] = layer.activation ? layer.activation.f(z) : z;
        }
      }
      h = out;
    });
    expect(Array.from(got)).toEqual(Array.from(h));
  });

  it("leaves frozen groups' values alone and reports them untrainable", () => {
    const spec: NetSpec = {
      inputDim: 3,
      layers: [
        { kind: "spectral", units: 4, activation: tanh, trainable: { phi: false } },
        { kind: "dense", units: 1, trainable: false },
      ],
    };
    const net = new F64Net(spec, initParams(spec, createRng(4)), 2);
    expect(net.groups.map((g) => [g.name, g.trainable])).toEqual([
      ["layer0.phi", false],
      ["layer0.lambdaIn", false],
      ["layer0.lambdaOut", true],
      ["layer1.W", false],
      ["layer1.b", false],
    ]);
  });
});
