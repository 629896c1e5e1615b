import type { TeacherPlugin } from "@pupil/plugin";
import { gaussianTeacher } from "./gaussian.js";
import { givenTeacher } from "./given.js";
import { orthonormalTeacher } from "./orthonormal.js";

export { gaussianTeacher, givenTeacher, orthonormalTeacher };

/** Committee-machine teachers: layers[0] is the p*×N first layer (rows = teacher units, W x convention). */
export const plugins: readonly TeacherPlugin[] = [gaussianTeacher, orthonormalTeacher, givenTeacher];
