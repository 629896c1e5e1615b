// SpectralDense: equals a dense layer with W = φ ⊙ (λ_in 1ᵀ − 1 λ_outᵀ); masking λ_out,i equals removing node i;
// tfjs gradients equal the Float64Array route's (itself checked against finite differences).
import { relu, tanh } from "@pupil/plugin-activations";
import { createRng } from "@pupil/tensors";
import { beforeAll, describe, expect, it } from "vitest";
import { F64Net } from "../f64/net.js";
import { initParams, type NetSpec, type SpectralParams, spectralToDense } from "../spec.js";
import { TfNet } from "./net.js";
import { SpectralDense } from "./spectral.js";
import { tf, tfReady } from "./test-tf.js";

beforeAll(async () => {
  await tfReady();
});

function randomSpectral(units: number, inputs: number, seed: number): SpectralParams {
  const rng = createRng(seed);
  return {
    kind: "spectral",
    phi: rng.fillNormal(new Float64Array(units * inputs)),
    lambdaIn: rng.fillNormal(new Float64Array(inputs)),
    lambdaOut: rng.fillNormal(new Float64Array(units)),
  };
}

/** W = φ ⊙ (λ_in 1ᵀ − 1 λ_outᵀ) in the paper's (inputs × units) layout, transposed to rows = units. */
function hadamardForm(p: SpectralParams, units: number, inputs: number): Float64Array {
  const W = new Float64Array(units * inputs);
  for (let j = 0; j < inputs; j++) {
    for (let i = 0; i < units; i++) {
      // paper layout: A[j][i] = φᵀ[j][i] · (λ_in[j]·1 − 1·λ_out[i])
      W[i * inputs + j] = p.phi[i * inputs + j] * (p.lambdaIn[j] - p.lambdaOut[i]);
    }
  }
  return W;
}

describe("SpectralDense", () => {
  it("tfjs kernel and output equal the dense layer with W = φ ⊙ (λ_in 1ᵀ − 1 λ_outᵀ)", () => {
    const [units, inputs, B] = [7, 5, 4];
    const p = randomSpectral(units, inputs, 1);
    const layer = new SpectralDense({ tf, inputs, units, ...p });
    const expected = hadamardForm(p, units, inputs);
    const dense = layer.toDense();
    expect(dense.rows).toBe(units);
    for (let k = 0; k < expected.length; k++) expect(dense.data[k]).toBeCloseTo(expected[k], 5);
    const x = createRng(2).fillNormal(new Float64Array(B * inputs));
    const y = tf.tidy(() => layer.apply(tf.tensor2d(Float32Array.from(x), [B, inputs])).dataSync());
    for (let s = 0; s < B; s++) {
      for (let i = 0; i < units; i++) {
        let z = 0;
        for (let j = 0; j < inputs; j++) z += expected[i * inputs + j] * x[s * inputs + j];
        expect(y[s * units + i]).toBeCloseTo(z, 4);
      }
    }
    layer.dispose();
  });

  it("Float64Array route's effective matrix is the same Hadamard form", () => {
    const p = randomSpectral(6, 3, 3);
    const expected = hadamardForm(p, 6, 3);
    const got = spectralToDense(p, 6, 3).data;
    for (let k = 0; k < expected.length; k++) expect(got[k]).toBeCloseTo(expected[k], 14);
  });

  it("masking λ_out,i equals removing hidden node i (λ_in = 0, both routes)", () => {
    const spec: NetSpec = {
      inputDim: 4,
      layers: [
        { kind: "spectral", units: 6, activation: relu },
        { kind: "dense", units: 2, activation: null },
      ],
    };
    const params = initParams(spec, createRng(5), { lambdaIn: 0, lambdaOut: 1 });
    const sp = params[0] as SpectralParams;
    for (let i = 0; i < 6; i++) sp.lambdaOut[i] = 0.5 + i / 6;
    const removed = 2;
    const maskOut = new Float64Array(6).fill(1);
    maskOut[removed] = 0;
    const masked = [{ ...sp, maskOut }, params[1]];
    // The smaller net: node `removed` deleted from φ, λ_out and the next layer's columns.
    const keep = [0, 1, 3, 4, 5];
    const dense = params[1] as { kind: "dense"; W: Float64Array; b?: Float64Array };
    const smallSpec: NetSpec = { ...spec, layers: [{ ...spec.layers[0], units: 5 }, spec.layers[1]] };
    const small = [
      {
        kind: "spectral" as const,
        phi: Float64Array.from(keep.flatMap((i) => Array.from(sp.phi.subarray(i * 4, i * 4 + 4)))),
        lambdaIn: sp.lambdaIn.slice(),
        lambdaOut: Float64Array.from(keep.map((i) => sp.lambdaOut[i])),
      },
      {
        kind: "dense" as const,
        W: Float64Array.from([0, 1].flatMap((r) => keep.map((i) => dense.W[r * 6 + i]))),
        b: dense.b?.slice(),
      },
    ];
    const B = 5;
    const x = createRng(6).fillNormal(new Float64Array(B * 4));
    const a = new F64Net(spec, masked, B).forward(x, B).slice(0, B * 2);
    const b = new F64Net(smallSpec, small, B).forward(x, B).slice(0, B * 2);
    for (let k = 0; k < a.length; k++) expect(a[k]).toBeCloseTo(b[k], 13);
    const tfA = new TfNet(tf, spec, masked);
    const tfB = new TfNet(tf, smallSpec, small);
    const xt = tf.tensor2d(Float32Array.from(x), [B, 4]);
    const ya = tf.tidy(() => tfA.forward(xt).output.dataSync());
    const yb = tf.tidy(() => tfB.forward(xt).output.dataSync());
    for (let k = 0; k < a.length; k++) {
      expect(ya[k]).toBeCloseTo(a[k], 4);
      expect(yb[k]).toBeCloseTo(a[k], 4);
    }
    xt.dispose();
    tfA.dispose();
    tfB.dispose();
  });

  it("tfjs autodiff gradients of a spectral net equal the Float64Array backprop on identical weights", () => {
    const spec: NetSpec = {
      inputDim: 5,
      layers: [
        {
          kind: "spectral",
          units: 8,
          activation: tanh,
          trainable: { lambdaIn: true },
          l2Phi: 0.01,
          l2Lambda: 0.002,
        },
        { kind: "dense", units: 3, activation: tanh, l2: 0.003 },
        { kind: "dense", units: 2, activation: null, bias: false },
      ],
    };
    const rng = createRng(7);
    const params = initParams(spec, rng, { lambdaIn: 0.2, lambdaOut: 1 });
    const B = 6;
    const x = rng.fillNormal(new Float64Array(B * 5));
    const y = rng.fillNormal(new Float64Array(B * 2));
    const f64 = new F64Net(spec, params, B);
    const loss64 = f64.lossAndGrad(x, y, B) + f64.penalty();
    const net = new TfNet(tf, spec, params);
    const vars = net.trainableVariables;
    const { value, grads } = tf.tidy(() =>
      tf.variableGrads(
        () =>
          tf.add(
            net.mse(tf.tensor2d(Float32Array.from(x), [B, 5]), tf.tensor2d(Float32Array.from(y), [B, 2])),
            net.penalty(),
          ),
        vars,
      ),
    );
    expect(value.dataSync()[0]).toBeCloseTo(loss64, 5);
    const trainable = f64.groups.filter((g) => g.trainable);
    expect(trainable.length).toBe(vars.length);
    trainable.forEach((g, k) => {
      const got = grads[vars[k].name].dataSync();
      const scale = Math.max(...Array.from(g.grad, Math.abs));
      for (let i = 0; i < g.grad.length; i++)
        expect(Math.abs(got[i] - g.grad[i]), g.name).toBeLessThan(1e-5 + 1e-4 * scale);
    });
    value.dispose();
    for (const t of Object.values(grads)) t.dispose();
    net.dispose();
  });

  it("refuses bad shapes, naming the field", () => {
    expect(
      () => new SpectralDense({ tf, inputs: 0, units: 2, phi: [], lambdaIn: [], lambdaOut: [] }),
    ).toThrow(/inputs/);
    expect(
      () =>
        new SpectralDense({ tf, inputs: 2, units: 2, phi: [1, 2, 3], lambdaIn: [0, 0], lambdaOut: [1, 1] }),
    ).toThrow(/phi/);
    expect(
      () =>
        new SpectralDense({
          tf,
          inputs: 2,
          units: 2,
          phi: [1, 2, 3, 4],
          lambdaIn: [0, 0],
          lambdaOut: [1, 1],
          maskOut: [1],
        }),
    ).toThrow(/maskOut/);
  });
});
