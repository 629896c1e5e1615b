// The conformance kit is this package's contract test, exactly as a third-party plugin would run it.
import { PluginTester } from "@pupil/plugin/testing";
import * as tf from "@tensorflow/tfjs";
import { describe, it } from "vitest";
import pack, { leakyRelu } from "./index.js";

const tester = new PluginTester({ describe, it, tf });
tester.run(pack);
tester.run(leakyRelu.configure!({ slope: 0.3 }));
tester.run(leakyRelu.configure!({ slope: -1 }));
