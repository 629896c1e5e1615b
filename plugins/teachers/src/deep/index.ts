import type { TeacherPlugin } from "@pupil/plugin";
import { discreteFanoutTeacher } from "./fanout.js";
import { glorotReluTeacher } from "./glorot.js";
import { multilayerDiscreteTeacher } from "./multilayer.js";

export { applyFanOutDecay, discreteLevels, distinctDiscreteRows } from "./discrete.js";
export { discreteFanoutTeacher, glorotReluTeacher, multilayerDiscreteTeacher };

/** Deep teachers (W x convention, rows = output units): Tian 2020's discrete teachers and the Glorot ReLU one. */
export const plugins: readonly TeacherPlugin[] = [
  discreteFanoutTeacher,
  multilayerDiscreteTeacher,
  glorotReluTeacher,
];
