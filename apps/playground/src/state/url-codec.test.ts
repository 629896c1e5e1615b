import { describe, expect, it } from "vitest";
import { configIssues, presets } from "../worker/engine.js";
import {
  configIssuesToUrl,
  decodeState,
  defaultView,
  encodeState,
  type UrlState,
  urlSafetyIssues,
} from "./url-codec.js";

const state = (config: Record<string, unknown>, view = defaultView()): UrlState => ({ config, view });

describe("URL codec", () => {
  it("round-trips every preset's config exactly", () => {
    for (const preset of presets) {
      const s = state(structuredClone(preset.config) as Record<string, unknown>);
      const decoded = decodeState(`#${encodeState(s)}`);
      expect(decoded.ok, preset.name).toBe(true);
      expect(decoded.state).toEqual(s);
    }
  });

  it("keeps strings that look like numbers or words as strings, and numbers as numbers", () => {
    const config = {
      kind: "paired",
      lr: 0.25,
      seed: 0,
      noiseTerm: false,
      name: "a name with spaces & symbols = ?",
      model: {
        activation: { id: "leaky-relu", params: { slope: 0.1 } },
        secondLayer: { student: "1", teacher: "1/sqrt(p)" },
        p: 3,
        pStar: 2,
      },
      init: {
        Q: [
          [1, 0.5e-3],
          [0.5e-3, 1],
        ],
      },
      lrScaling: "eta*p",
      record: { at: [5, 10] },
      teacher: { generator: "orthonormal", params: {} },
    };
    const s = state(config, {
      hide: ["export", "model.p"],
      lock: ["lr"],
      stop: { egBelow: 1e-3, wallSeconds: 30 },
      scale: "linlog",
      seeds: 8,
    });
    const text = encodeState(s);
    expect(text).toContain("_seeds=8");
    expect(text.startsWith("v=1&")).toBe(true);
    expect(text).toContain("lr=0.25");
    expect(text).toContain("model.p=3");
    expect(decodeState(text).state).toEqual(s);
  });

  it("refuses a missing or newer version, naming v", () => {
    expect(decodeState("kind=ode&lr=1")).toEqual({
      ok: false,
      issues: [expect.objectContaining({ field: "v" })],
    });
    const newer = decodeState("v=2&kind=ode");
    expect(newer.ok).toBe(false);
    expect(!newer.ok && newer.issues.map((i) => i.field)).toEqual(["v"]);
  });

  it("migrates an older version forward after a version bump, and refuses one it cannot migrate", () => {
    // A hypothetical v2 that renamed lr to eta: v=1 links must still open.
    const migrations = {
      1: (entries: [string, string][]) =>
        entries.map(([k, v]): [string, string] => [k === "lr" ? "eta" : k, v]),
    };
    const old = decodeState("v=1&kind=ode&lr=0.5", migrations, 2);
    expect(old).toEqual({ ok: true, state: state({ kind: "ode", eta: 0.5 }) });
    expect(encodeState(state({ kind: "ode", eta: 0.5 }), 2)).toBe("v=2&kind=ode&eta=0.5");
    const stuck = decodeState("v=1&kind=ode&lr=0.5", {}, 2);
    expect(!stuck.ok && stuck.issues[0].field).toBe("v");
  });

  it("names each bad view field and bad value", () => {
    const d = decodeState("v=1&kind=ode&_stop.eg=-1&_scale=cubic&_bogus=1&init.Q=[[1,&a..b=2&_seeds=2.5");
    expect(d.ok).toBe(false);
    expect(!d.ok && d.issues.map((i) => i.field).sort()).toEqual([
      "_bogus",
      "_scale",
      "_seeds",
      "_stop.eg",
      "a..b",
      "init.Q",
    ]);
  });

  it("the seed count: 1 by default (absent from the link), whole numbers from 1 to 32", () => {
    expect(decodeState("v=1&kind=online").state?.view.seeds).toBe(1);
    expect(encodeState(state({ kind: "online" }))).not.toContain("_seeds");
    expect(decodeState("v=1&kind=online&_seeds=32").state?.view.seeds).toBe(32);
    for (const bad of ["0", "33", "-2", "x"]) {
      const d = decodeState(`v=1&kind=online&_seeds=${bad}`);
      expect(!d.ok && d.issues.map((i) => i.field)).toEqual(["_seeds"]);
    }
  });

  it("reports invalid and unknown config fields by path through the CLI's own validation", () => {
    const d = decodeState(
      "v=1&kind=paired&lr=-1&alphaMax=10&model.activation=quadratic&model.p=3&model.pStar=2&model.foo=3",
    );
    expect(d.ok).toBe(true);
    const issues = configIssuesToUrl(configIssues(d.state?.config));
    expect(issues.map((i) => i.field).sort()).toEqual(["lr", "model.foo"]);
    expect(issues.find((i) => i.field === "lr")?.value).toBe("-1");
  });

  it("never accepts code named in the URL", () => {
    expect(urlSafetyIssues({ plugins: ["https://example.invalid/x.js"] }).map((i) => i.field)).toEqual([
      "plugins",
    ]);
    expect(urlSafetyIssues({ plugins: [] })).toEqual([]);
    expect(urlSafetyIssues({})).toEqual([]);
  });
});
