// Filled in by its owner.
import type { TeacherPlugin } from "@pupil/plugin";

export const plugins: readonly TeacherPlugin[] = [];
