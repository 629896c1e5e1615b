import { describe, expect, it } from "vitest";
import { defineActivation, defineMetric, defineTeacher } from "./define.js";
import { createRegistry } from "./registry.js";
import { type ActivationPlugin, PLUGIN_API_VERSION, type PluginPack } from "./types.js";

const act = (id: string): ActivationPlugin =>
  defineActivation({ id, f: (z) => z, df: () => 1, tf: (_tf, x) => x });
const teacher = defineTeacher({ id: "unit", generate: () => ({ layers: [] }) });
const metric = defineMetric({
  id: "eg",
  output: { type: "scalar" },
  compute: (s) => s.loss.gen ?? Number.NaN,
});
const packA: PluginPack = {
  meta: { name: "pack-a", version: "1.0.0" },
  plugins: [act("lin"), act("sq"), teacher],
};
const packB: PluginPack = { meta: { name: "pack-b", version: "2.0.0" }, plugins: [act("sq")] };

describe("definers", () => {
  it("fill kind and the current apiVersion and keep every field", () => {
    const a = act("x");
    expect(a.kind).toBe("activation");
    expect(a.apiVersion).toBe(PLUGIN_API_VERSION);
    expect(a.f(3)).toBe(3);
    expect(teacher.kind).toBe("teacher");
    expect(metric.kind).toBe("metric");
  });
  it("keep an explicit apiVersion (so the registry can refuse it) and reject a wrong kind", () => {
    expect(defineActivation({ ...act("x"), apiVersion: 7 }).apiVersion).toBe(7);
    expect(() => defineTeacher({ ...teacher, kind: "metric" } as never)).toThrow(/"kind" is "metric"/);
  });
});

describe("createRegistry", () => {
  it("takes packs and single plugins, gets, has and lists them by kind in order", () => {
    const r = createRegistry().use(packA, metric);
    expect(r.get("activation", "sq").id).toBe("sq");
    expect(r.get("metric", "eg")).toBe(metric);
    expect(r.has("teacher", "unit")).toBe(true);
    expect(r.has("teacher", "lin")).toBe(false);
    expect(r.list("activation").map((p) => p.id)).toEqual(["lin", "sq"]);
    expect(r.list("loss")).toEqual([]);
    expect(r.sourceOf("activation", "lin")).toBe('pack "pack-a@1.0.0"');
    expect(r.sourceOf("metric", "eg")).toBe("a single plugin");
  });

  it("the same id under two kinds is fine", () => {
    const r = createRegistry().use(act("unit"), teacher);
    expect(r.get("activation", "unit").kind).toBe("activation");
    expect(r.get("teacher", "unit").kind).toBe("teacher");
  });

  it("refuses the same kind+id from two packs, naming both packs", () => {
    const r = createRegistry().use(packA);
    expect(() => r.use(packB)).toThrow(/activation "sq".*pack "pack-a@1\.0\.0".*pack "pack-b@2\.0\.0"/);
    expect(() => createRegistry().use(packA, packB)).toThrow(/pack "pack-a@1\.0\.0".*pack "pack-b@2\.0\.0"/);
  });

  it("names a single plugin as the source of a clash", () => {
    expect(() => createRegistry().use(packA, act("lin"))).toThrow(
      /pack "pack-a@1\.0\.0" and by a single plugin/,
    );
    expect(() => createRegistry().use(act("z"), act("z"))).toThrow(/a single plugin and by a single plugin/);
  });

  it("is all or nothing: a failing use() adds none of its items", () => {
    const r = createRegistry();
    expect(() => r.use(act("ok"), { kind: "activation", id: "broken" } as never)).toThrow();
    expect(r.has("activation", "ok")).toBe(false);
  });

  it("refuses a mismatched apiVersion, naming the plugin and the required version", () => {
    const future = { ...act("future-act"), apiVersion: PLUGIN_API_VERSION + 1 };
    expect(() => createRegistry().use(future)).toThrow(
      new RegExp(
        `"future-act".*apiVersion ${PLUGIN_API_VERSION + 1}.*requires apiVersion ${PLUGIN_API_VERSION}`,
      ),
    );
  });

  it("explains invalid shapes: missing kind, id, functions; bad packs", () => {
    const noKind = { id: "a", apiVersion: 1, f: () => 0 };
    expect(() => createRegistry().use(noKind as never)).toThrow(
      /"kind" must be one of activation, teacher, loss, metric/,
    );
    expect(() =>
      createRegistry().use({ kind: "teacher", apiVersion: 1, generate: () => ({ layers: [] }) } as never),
    ).toThrow(/"id" must be a non-empty string/);
    expect(() =>
      createRegistry().use({ kind: "activation", id: "g", apiVersion: 1, f: () => 0 } as never),
    ).toThrow(/activation "g".*"df" must be a function.*"tf" must be a function/);
    expect(() =>
      createRegistry().use({ kind: "metric", id: "m", apiVersion: 1, compute: () => 0 } as never),
    ).toThrow(/"output" must be/);
    expect(() => createRegistry().use({ ...act("i"), integrals: { I5: () => 0 } } as never)).toThrow(
      /"integrals\.I5"/,
    );
    expect(() => createRegistry().use({ meta: { name: "p" }, plugins: [] } as never)).toThrow(
      /"meta\.version"/,
    );
    expect(() =>
      createRegistry().use({ meta: { name: "p", version: "1" }, plugins: [null] } as never),
    ).toThrow(/pack "p@1", plugins\[0\].*must be an object/);
    expect(() => createRegistry().use(42 as never)).toThrow(/got number 42/);
  });

  it("get on an unknown id lists the known ids of that kind", () => {
    const r = createRegistry().use(packA);
    expect(() => r.get("activation", "erf")).toThrow(
      /unknown activation plugin "erf"; known activation ids: lin, sq/,
    );
    expect(() => r.get("loss", "kd")).toThrow(/no loss plugins are registered/);
    expect(() => r.get("nonsense" as never, "x")).toThrow(/"kind" must be one of/);
  });

  it("freeze() returns a FrozenRegistry without use(); the builder then refuses use()", () => {
    const r = createRegistry().use(packA);
    expect(r.frozen).toBe(false);
    const f = r.freeze();
    expect(f.frozen).toBe(true);
    expect(r.frozen).toBe(true);
    expect("use" in f).toBe(false);
    expect(f.recipe).toBeUndefined();
    expect(() => r.use(metric)).toThrow(/registry is frozen/);
    expect(f.get("activation", "lin").id).toBe("lin");
    expect(f.list("activation").map((p) => p.id)).toEqual(["lin", "sq"]);
  });

  it("keeps no global state between registries", () => {
    createRegistry().use(packA);
    expect(createRegistry().list("activation")).toEqual([]);
  });
});
