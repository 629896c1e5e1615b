// @pupil/plugin-activations: the built-in activations, written against the public plugin contract only.
import type { PluginPack } from "@pupil/plugin";
import { version } from "../package.json";
import { erf } from "./erf.js";
import { linear, quadratic } from "./polynomial.js";
import { leakyRelu, relu } from "./relu.js";
import { sigmoid, tanh } from "./smooth.js";

export { erf } from "./erf.js";
export { linear, quadratic } from "./polynomial.js";
export { leakyRelu, relu } from "./relu.js";
export { sigmoid, tanh } from "./smooth.js";

const pack: PluginPack = {
  meta: { name: "@pupil/plugin-activations", version },
  plugins: [linear, quadratic, erf, relu, leakyRelu, tanh, sigmoid],
};
export default pack;
