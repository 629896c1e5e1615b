// The distillation presets of @pupil/plugin-distill, shortened for a browser tab: fewer images (a balanced
// subset of the same seeded stratified split the CLI uses) and fewer epochs per stage. Everything else (nets,
// loss and its params, optimiser, split) is the pack's; the CLI runs the full preset by its name.
import type { Preset } from "@pupil/experiments";
import { presets as packPresets } from "@pupil/plugin-distill";

/** The pack presets the picker shows (the method comparison base is a sweep, a CLI job). */
export const BROWSER_DISTILL_PRESETS = ["distill-kd", "distill-fitnets", "distill-at", "factor-transfer"];

/** What a browser run changes of the pack's preset. */
export const BROWSER_DISTILL_LIMITS = {
  trainSize: 1000,
  testSize: 500,
  teacherEpochs: 3,
  preStageEpochs: 1,
  studentEpochs: 3,
} as const;

export function browserDistillPresets(): Preset[] {
  const L = BROWSER_DISTILL_LIMITS;
  return packPresets
    .filter((p) => BROWSER_DISTILL_PRESETS.includes(p.name))
    .map((p) => {
      const config = structuredClone(p.config) as Record<string, unknown> & {
        distill: Record<string, Record<string, unknown>>;
      };
      const d = config.distill;
      d.data = { ...d.data, trainSize: L.trainSize, testSize: L.testSize };
      d.teacher = { ...d.teacher, epochs: L.teacherEpochs };
      d.preStage = { ...d.preStage, epochs: L.preStageEpochs };
      d.student = { ...d.student, epochs: L.studentEpochs };
      return {
        name: p.name,
        title: `${p.title} — shortened for the browser: ${L.trainSize} training / ${L.testSize} test images, ${L.teacherEpochs} + ${L.studentEpochs} epochs (pupil run ${p.name} runs the full preset)`,
        paper: p.paper ?? "",
        config: config as unknown as Preset["config"],
      };
    });
}
