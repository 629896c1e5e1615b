import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { defineActivation, defineMetric } from "../define.js";
import type { PluginPack } from "../types.js";
import { PluginTester } from "./tester.js";

const tanh = defineActivation({
  id: "test/tanh",
  f: Math.tanh,
  df: (z) => 1 - Math.tanh(z) ** 2,
  tf: (t, x) => t.tanh(x),
});
const badTanh = defineActivation({ ...tanh, id: "test/bad-tanh", df: (z) => 1 - Math.tanh(z) });
const eg = defineMetric({
  id: "test/eg",
  output: { type: "scalar" },
  compute: (s) => s.loss.gen ?? Number.NaN,
});
const pack: PluginPack = { meta: { name: "test-pack", version: "0.0.1" }, plugins: [tanh, eg] };

/** A fake runner that records the describe/it tree and lets the test run the bodies. */
function recorder() {
  const tests: { path: string; body: () => Promise<void> }[] = [];
  const stack: string[] = [];
  const fake = {
    describe: (name: string, body: () => void) => {
      stack.push(name);
      body();
      stack.pop();
    },
    it: (name: string, body: () => Promise<void>) => {
      tests.push({ path: [...stack, name].join(" > "), body });
    },
  };
  return { tests, fake };
}

describe("PluginTester", () => {
  it("registers one test per check, grouped per pack and plugin", () => {
    const { tests, fake } = recorder();
    new PluginTester({ ...fake, tf }).run(pack);
    expect(tests.map((t) => t.path)).toEqual([
      'pack "test-pack" > registers into a fresh registry (valid meta, no duplicate kind+id)',
      'activation "test/tanh" > follows the plugin contract (kind, id, apiVersion, required functions)',
      'activation "test/tanh" > df matches central finite differences of f',
      'activation "test/tanh" > tfjs op matches f',
      'metric "test/eg" > follows the plugin contract (kind, id, apiVersion, required functions)',
      'metric "test/eg" > value has the declared scalar shape and is finite',
      'metric "test/eg" > compute is deterministic and leaves the snapshot unchanged',
    ]);
  });

  it("a failing check's test rejects with the check's message; passing ones resolve", async () => {
    await tf.setBackend("cpu");
    const { tests, fake } = recorder();
    new PluginTester({ ...fake, tf }).run(badTanh);
    const outcomes = await Promise.all(
      tests.map((t) =>
        t.body().then(
          () => "ok",
          (e: Error) => e.message,
        ),
      ),
    );
    expect(outcomes[0]).toBe("ok");
    expect(outcomes[1]).toMatch(
      /activation "test\/bad-tanh": df matches central finite differences of f: .*problem/,
    );
    expect(outcomes.slice(2)).toEqual(["ok"]);
  });

  it("a pack with a duplicate id fails its registration test, naming the clash", async () => {
    const { tests, fake } = recorder();
    new PluginTester({ ...fake, tf }).run({ ...pack, plugins: [tanh, tanh] });
    await expect(tests[0].body()).rejects.toThrow(/activation "test\/tanh" is provided twice/);
  });

  it("needs the runner's describe and it", () => {
    expect(() => new PluginTester({} as never)).toThrow(/"describe" and "it"/);
  });
});

// And through vitest itself, as a plugin author would write it:
new PluginTester({ describe, it, tf }).run(pack);
