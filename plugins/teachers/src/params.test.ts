// Every teacher declares the params it reads, so a host can refuse a misspelt key (params: {"P": 7}).
// The conformance kit (committee.test.ts, deep.test.ts) checks each declaration against the keys generate
// actually reads and the defaults it actually uses.
import type { TeacherPlugin } from "@pupil/plugin";
import { createRng } from "@pupil/tensors";
import { describe, expect, it } from "vitest";
import pack from "./index.js";

const teachers = pack.plugins as TeacherPlugin[];

describe("declared params", () => {
  it("every teacher declares its params", () => {
    expect(teachers.length).toBeGreaterThan(0);
    expect(teachers.filter((t) => t.params === undefined).map((t) => t.id)).toEqual([]);
  });

  it("declares what each reads", () => {
    const keys = Object.fromEntries(teachers.map((t) => [t.id, Object.keys(t.params ?? {}).sort()]));
    expect(keys).toEqual({
      gaussian: [],
      orthonormal: [],
      given: ["weights"],
      "discrete-fanout": ["bias", "levels", "p"],
      "multilayer-discrete": ["inputStd", "levels", "p", "slope", "standardize", "tuneBias", "tuneSamples"],
      "glorot-relu": [],
    });
  });

  it("the declared bounds hold in the code: a value outside them is refused naming the param", () => {
    const fanout = teachers.find((t) => t.id === "discrete-fanout")!;
    const shape = { inputDim: 6, widths: [3], outputs: 2 };
    expect(fanout.params?.p).toMatchObject({ min: 0 });
    expect(() => fanout.generate({ shape, params: { p: -1 }, rng: createRng(1) })).toThrow(/params\.p/);
    expect(fanout.params?.levels).toMatchObject({ type: "integer", min: 2 });
    expect(() => fanout.generate({ shape, params: { levels: 1 }, rng: createRng(1) })).toThrow(
      /params\.levels/,
    );
  });
});
