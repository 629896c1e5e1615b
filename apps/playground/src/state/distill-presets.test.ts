// The picker's distill presets: valid by the CLI's schema, carried by the URL exactly, and the pack's presets
// with only the browser limits changed (checked field by field against the pack's own config).
import { presets as packPresets } from "@pupil/plugin-distill";
import { describe, expect, it } from "vitest";
import { configIssues } from "../worker/engine.js";
import { BROWSER_DISTILL_LIMITS, BROWSER_DISTILL_PRESETS, browserDistillPresets } from "./distill-presets.js";
import { decodeState, defaultView, encodeState, urlSafetyIssues } from "./url-codec.js";

const shortened = browserDistillPresets();

describe("browser distill presets", () => {
  it("has the four methods' presets", () => {
    expect(shortened.map((p) => p.name)).toEqual(BROWSER_DISTILL_PRESETS);
  });

  it.each(shortened.map((p) => [p.name, p] as const))(
    "%s: valid, and round-trips through the URL",
    (_n, p) => {
      const config = p.config as Record<string, unknown>;
      expect(configIssues(config)).toEqual([]);
      expect(urlSafetyIssues(config)).toEqual([]);
      const state = { config, view: defaultView() };
      const decoded = decodeState(`#${encodeState(state)}`);
      expect(decoded.ok).toBe(true);
      expect(decoded.state).toEqual(state);
    },
  );

  it.each(shortened.map((p) => [p.name, p] as const))(
    "%s: the pack's preset but for the limits",
    (name, p) => {
      const pack = packPresets.find((x) => x.name === name)?.config as unknown as {
        distill: Record<string, Record<string, unknown>>;
      };
      const d = (p.config as unknown as { distill: Record<string, Record<string, unknown>> }).distill;
      const L = BROWSER_DISTILL_LIMITS;
      expect([d.data.trainSize, d.data.testSize]).toEqual([L.trainSize, L.testSize]);
      expect([d.teacher.epochs, d.preStage.epochs, d.student.epochs]).toEqual([
        L.teacherEpochs,
        L.preStageEpochs,
        L.studentEpochs,
      ]);
      const back = structuredClone(p.config) as unknown as {
        distill: Record<string, Record<string, unknown>>;
      };
      back.distill.data.trainSize = pack.distill.data.trainSize;
      back.distill.data.testSize = pack.distill.data.testSize;
      back.distill.teacher.epochs = pack.distill.teacher.epochs;
      back.distill.preStage.epochs = pack.distill.preStage.epochs;
      back.distill.student.epochs = pack.distill.student.epochs;
      expect(back).toEqual(pack);
    },
  );
});
