import { applyOverrides, getPreset } from "@pupil/experiments";
import type { Snapshot } from "@pupil/plugin";
import { describe, expect, it } from "vitest";
import { cliCommand, configFile, parseJsonl, snapshotsCsv, snapshotsJsonl } from "./export.js";

const snap = (t: number, source: "ode" | "sim"): Snapshot => ({
  step: t * 100,
  t,
  timeUnit: "alpha",
  source,
  loss: { gen: 0.5 / (1 + t) },
  overlaps: {
    Q: [
      [1, 0.1],
      [0.1, 1],
    ],
    M: [[0.2], [0.3]],
    T: [[1]],
  },
  metrics: { rho: [0.1, 0.9], count: 2 },
  throughput: { value: 123, unit: "steps/s" },
});

describe("exports", () => {
  it("writes snapshots as JSON lines without wall-clock fields, and reads them back", () => {
    const snaps = [snap(0, "ode"), snap(0, "sim"), snap(1, "ode")];
    const text = snapshotsJsonl(snaps);
    const back = parseJsonl(text);
    expect(back).toHaveLength(3);
    expect(back[0].throughput).toBeUndefined();
    expect(back[2].loss.gen).toBe(0.25);
    expect(() => parseJsonl("{}\nnot json\n")).toThrow(/line 2/);
  });

  it("writes one CSV row per snapshot with every overlap entry and metric as a column", () => {
    const csv = snapshotsCsv([snap(0, "ode"), snap(2, "sim")])
      .trim()
      .split("\n");
    const header = csv[0].split(",");
    expect(header).toEqual(
      expect.arrayContaining(["source", "t", "loss_gen", "Q_0_1", "M_1_0", "T_0_0", "rho_1", "count"]),
    );
    const row = Object.fromEntries(header.map((h, i) => [h, csv[2].split(",")[i]]));
    expect(row).toMatchObject({ source: "sim", t: "2", M_1_0: "0.3", rho_1: "0.9" });
  });

  it("stamps the config for the CLI, which ignores the stamp", () => {
    const text = configFile({ kind: "ode", lr: 1 }, { configHash: "abc", versions: { "@pupil/x": "1.0.0" } });
    expect(JSON.parse(text)).toEqual({
      kind: "ode",
      lr: 1,
      pupil: { playground: { configHash: "abc", versions: { "@pupil/x": "1.0.0" } } },
    });
  });

  it("writes the equivalent `pupil run PRESET --set ...`, which the CLI's override parser turns back into the config", () => {
    const preset = getPreset("quadratic-escape");
    if (!preset) throw new Error("preset missing");
    const base = preset.config as Record<string, unknown>;
    const changed = structuredClone(base) as Record<string, unknown> & { model: Record<string, unknown> };
    changed.lr = 0.35;
    changed.weightDecay = 0.001;
    changed.model.p = 6;
    changed.model.activation = { id: "leaky-relu", params: { slope: 0.2 } };
    const command = cliCommand(changed, { name: preset.name, config: base });
    expect(command.startsWith("pupil run quadratic-escape --set ")).toBe(true);
    // Undo the shell quoting (single quotes only) and hand the --set values to the CLI's own parser.
    const sets = [...command.matchAll(/--set ('(?:[^']|'\\'')*'|\S+)/g)].map((m) =>
      m[1].replace(/^'|'$/g, "").replace(/'\\''/g, "'"),
    );
    expect(applyOverrides(base, sets)).toEqual(changed);
    expect(cliCommand(base, { name: preset.name, config: base })).toBe("pupil run quadratic-escape");
    // A field removed from the preset cannot be said with --set: the command runs the exported file.
    const { record: _r, ...without } = base;
    expect(cliCommand(without, { name: preset.name, config: base })).toBe("pupil run playground-config.json");
  });
});
