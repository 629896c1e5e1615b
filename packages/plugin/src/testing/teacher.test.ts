import { describe, expect, it } from "vitest";
import { defineTeacher } from "../define.js";
import type { DenseWeights, TeacherShape } from "../types.js";
import { checkPlugin } from "./plan.js";

const failing = async (plugin: Parameters<typeof checkPlugin>[0], options = {}) =>
  (await checkPlugin(plugin, { seed: 5, ...options }))
    .filter((r) => !r.ok)
    .map((r) => r.name.replace(/^[^:]*: /, ""));

function layerSizes(shape: TeacherShape): [number, number][] {
  const dims = [shape.inputDim, ...shape.widths, ...(shape.outputs !== undefined ? [shape.outputs] : [])];
  return dims.slice(1).map((rows, l) => [rows, dims[l]]);
}

/** A correct generator: N(0, 1/fan-in) weights from the given RNG. */
const gaussian = defineTeacher({
  id: "test/gaussian",
  generate: ({ shape, rng }) => ({
    layers: layerSizes(shape).map(([rows, cols]): DenseWeights => {
      const data = rng.fillNormal(new Float64Array(rows * cols));
      for (let k = 0; k < data.length; k++) data[k] /= Math.sqrt(cols);
      return { rows, cols, data };
    }),
  }),
});

describe("checkPlugin on teachers", () => {
  it("passes a correct seeded generator", async () => {
    const results = await checkPlugin(gaussian, { seed: 5 });
    expect(results.map((r) => [r.ok, r.name.replace(/^[^:]*: /, "")])).toEqual([
      [true, "follows the plugin contract (kind, id, apiVersion, required functions)"],
      [true, "layers match the requested shapes (unsupported shapes are refused naming the field)"],
      [true, "weights are finite"],
      [true, "the same seed gives bit-identical weights"],
      [true, "a different seed gives different weights"],
      [true, "declared params are the keys generate reads, with the defaults it uses"],
    ]);
  });

  /** A generator scaled by params.gain (read with a fallback of 1) that also peeks at params.extra. */
  const scaled = (params: Parameters<typeof defineTeacher>[0]["params"], peek: boolean) =>
    defineTeacher({
      id: "test/scaled",
      params,
      generate: (args) => {
        const gain = (args.params.gain as number | undefined) ?? 1;
        if (peek) void args.params.extra;
        const w = gaussian.generate(args);
        for (const layer of w.layers) for (let k = 0; k < layer.data.length; k++) layer.data[k] *= gain;
        return w;
      },
    });
  const paramsCheck = "declared params are the keys generate reads, with the defaults it uses";

  it("checks declared params against the keys generate reads and the defaults it uses", async () => {
    expect(await failing(scaled({ gain: { type: "number", default: 1 } }, false))).toEqual([]);
    expect(await failing(scaled({ gain: { type: "number", default: 2 } }, false))).toEqual([paramsCheck]);
    expect(await failing(scaled({ gain: { type: "number", default: 1 } }, true))).toEqual([paramsCheck]);
    expect(await failing(scaled({}, false))).toEqual([paramsCheck]);
    const unread = { gain: { type: "number", default: 1 }, unused: { type: "integer", default: 3 } } as const;
    expect(await failing(scaled(unread, false))).toEqual([paramsCheck]);
  });

  it("refuses a malformed params declaration in the contract check", async () => {
    const bad = scaled({ gain: { type: "string", default: "x" } as never }, false);
    expect(await failing(bad)).toContain(
      "follows the plugin contract (kind, id, apiVersion, required functions)",
    );
  });

  it("fails a non-deterministic generator (state kept between calls)", async () => {
    let calls = 0;
    const drifting = defineTeacher({
      id: "test/drifting",
      generate: (args) => {
        calls++;
        const w = gaussian.generate(args);
        w.layers[0].data[0] += calls;
        return w;
      },
    });
    expect(await failing(drifting)).toEqual(["the same seed gives bit-identical weights"]);
  });

  it("fails a generator that ignores its seed, unless told it does", async () => {
    const fixed = defineTeacher({
      id: "test/fixed",
      generate: ({ shape }) => ({
        layers: layerSizes(shape).map(([rows, cols]) => ({
          rows,
          cols,
          data: new Float64Array(rows * cols).fill(0.5),
        })),
      }),
    });
    expect(await failing(fixed)).toEqual(["a different seed gives different weights"]);
    expect(await failing(fixed, { teacher: { ignoresSeed: true } })).toEqual([]);
  });

  it("fails transposed layers and non-finite weights", async () => {
    const transposed = defineTeacher({
      id: "test/transposed",
      generate: (args) => ({
        layers: gaussian.generate(args).layers.map((l) => ({ rows: l.cols, cols: l.rows, data: l.data })),
      }),
    });
    expect(await failing(transposed)).toEqual([
      "layers match the requested shapes (unsupported shapes are refused naming the field)",
    ]);
    const nan = defineTeacher({
      id: "test/nan",
      generate: (args) => {
        const w = gaussian.generate(args);
        w.layers[0].data[3] = Number.NaN;
        return w;
      },
    });
    expect(await failing(nan)).toEqual(["weights are finite"]);
  });

  it("accepts a committee-only generator that refuses deep shapes naming the field, not one that refuses vaguely", async () => {
    const committee = (message: string) =>
      defineTeacher({
        id: "test/committee",
        generate: (args) => {
          if (args.shape.widths.length !== 1) throw new Error(message);
          return gaussian.generate(args);
        },
      });
    expect(await failing(committee('committee teacher: "widths" must have one entry'))).toEqual([]);
    expect(await failing(committee("nope"))).toEqual([
      "layers match the requested shapes (unsupported shapes are refused naming the field)",
    ]);
  });

  it("uses per-plugin shapes and params", async () => {
    const seen: unknown[] = [];
    const spy = defineTeacher({
      id: "test/spy",
      generate: (args) => {
        seen.push(args.params);
        return gaussian.generate(args);
      },
    });
    const shapes = [{ inputDim: 4, widths: [2] }];
    expect(
      await failing(spy, {
        teacher: (p: { id: string }) => (p.id === "test/spy" ? { shapes, params: { k: 1 } } : undefined),
      }),
    ).toEqual([]);
    expect(seen[0]).toEqual({ k: 1 });
  });
});
