// Entry point of research/run.mjs: runs one experiment, saves its JSON, and (re)writes the README tables.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describeSource, provenance } from "./provenance.js";
import { runSpectral, SPECTRAL_FULL, type SpectralArmResult, type SpectralConfig } from "./spectral.js";
import { writeTables } from "./tables.js";

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

function numbers(s: string | undefined): number[] | undefined {
  return s === undefined ? undefined : s.split(",").map(Number);
}

/** Where results are saved and which README gets the tables (run.mjs passes the repository's own). */
export interface ResultPaths {
  readonly results: string;
  readonly readme: string;
}

export async function main(args: string[], paths: ResultPaths): Promise<void> {
  const what = args[0];
  const dir = flag(args, "results") ?? paths.results;
  mkdirSync(dir, { recursive: true });
  if (what === "spectral") {
    const cfg: SpectralConfig = {
      ...SPECTRAL_FULL,
      epochs: Number(flag(args, "epochs") ?? SPECTRAL_FULL.epochs),
      trainSamples: Number(flag(args, "samples") ?? SPECTRAL_FULL.trainSamples),
      seed: Number(flag(args, "seed") ?? SPECTRAL_FULL.seed),
    };
    const widths = numbers(flag(args, "widths"));
    const arms = flag(args, "arms")?.split(",") as ("spectral" | "direct")[] | undefined;
    const out = join(dir, flag(args, "out") ?? "spectral.json");
    const previous: SpectralArmResult[] = existsSync(out)
      ? JSON.parse(readFileSync(out, "utf8")).results
      : [];
    const results = previous.filter(
      (r) => !(widths ?? cfg.widths).includes(r.width) || !(arms ?? cfg.arms).includes(r.arm),
    );
    const started = Date.now();
    const source = provenance();
    await runSpectral(
      cfg,
      (r) => {
        results.push(r);
        const seconds = Math.round((Date.now() - started) / 1000);
        console.log(
          `[${seconds}s] ${r.arm} width ${r.width}: test MSE ${r.testMse.toExponential(3)}, active ${r.active}, knee ${r.knee}`,
        );
        writeFileSync(
          out,
          JSON.stringify(
            {
              config: cfg,
              command: `node research/run.mjs ${args.join(" ")}`,
              provenance: source,
              results,
            },
            null,
            1,
          ),
        );
      },
      { widths, arms },
    );
  } else if (what === "specialization") {
    const { runSpecializationCli } = await import("./specialization-cli.js");
    await runSpecializationCli(args, dir);
  } else if (what === "multilayer") {
    const { MULTILAYER_SMALL, multilayerTable, runMultilayerOne } = await import("./multilayer.js");
    const cfg = { ...MULTILAYER_SMALL, epochs: Number(flag(args, "epochs") ?? MULTILAYER_SMALL.epochs) };
    const source = provenance(); // the code bundled at start
    const runs = [];
    for (const seed of cfg.seeds) {
      const r = await runMultilayerOne(cfg, seed);
      runs.push(r);
      console.log(
        `seed ${seed}: mean ρ* per layer ${r.bestPerLayer.map((b) => (b.reduce((x, y) => x + y, 0) / b.length).toFixed(3)).join(", ")}`,
      );
    }
    const command = `node research/run.mjs ${args.join(" ")}`;
    writeFileSync(
      join(dir, "multilayer.json"),
      JSON.stringify({ config: cfg, command, provenance: source, runs }, null, 1),
    );
    writeFileSync(
      join(dir, "multilayer.md"),
      `${multilayerTable(cfg, runs, command)}\n${describeSource(source)}\n`,
    );
  } else if (what !== "tables") {
    throw new Error(
      `experiment must be "spectral", "specialization", "multilayer" or "tables", got ${String(what)}`,
    );
  }
  writeTables(dir, paths.readme);
}
