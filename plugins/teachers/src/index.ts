import type { PluginPack } from "@pupil/plugin";
import { version } from "../package.json";
import { plugins as committee } from "./committee/index.js";
import { plugins as deep } from "./deep/index.js";

export { plugins as committeeTeachers } from "./committee/index.js";
export { plugins as deepTeachers } from "./deep/index.js";

const pack: PluginPack = {
  meta: { name: "@pupil/plugin-teachers", version },
  plugins: [...committee, ...deep],
};
export default pack;
