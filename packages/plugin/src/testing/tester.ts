// PluginTester: registers the conformance checks as tests of the host's runner (vitest, jest, mocha, node:test),
// one `it` per check, in the style of ESLint's RuleTester.
import type { Plugin, PluginPack, Tf } from "../types.js";
import { planChecks, runCheck } from "./plan.js";
import type { CheckOptions } from "./types.js";

export interface PluginTesterOptions extends CheckOptions {
  /** The runner's describe (vitest's, jest's...). */
  readonly describe: (name: string, body: () => void) => unknown;
  /** The runner's it/test; the body rejects with the check's message when the check fails. */
  readonly it: (name: string, body: () => Promise<void>) => unknown;
  readonly tf?: Tf;
}

export class PluginTester {
  readonly #options: PluginTesterOptions;

  constructor(options: PluginTesterOptions) {
    if (typeof options?.describe !== "function" || typeof options.it !== "function") {
      throw new Error('PluginTester: "describe" and "it" must be the test runner\'s functions');
    }
    this.#options = options;
  }

  /** Registers a describe per plugin (and per pack) with one test per check. */
  run(item: Plugin | PluginPack, options: CheckOptions = {}): void {
    const { describe, it } = this.#options;
    const merged: CheckOptions = { ...this.#options, ...options };
    for (const group of planChecks(item, merged)) {
      describe(group.title, () => {
        for (const check of group.checks) {
          it(check.name, async () => {
            const { ok, message } = await runCheck(check);
            if (!ok) throw new Error(`${group.title}: ${check.name}: ${message}`);
          });
        }
      });
    }
  }
}
