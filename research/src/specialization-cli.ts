// `node research/run.mjs specialization [--epochs N] [--seeds 1,2,3] [--p 0,1,2] [--multi 1,2,5]`
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { meanStd, recoveryRate } from "@pupil/analysis";
import { describeSource, provenance } from "./provenance.js";
import {
  orderAgreement,
  runSpecializationOne,
  SPECIALIZATION_FULL,
  type SpecializationConfig,
  type SpecializationRun,
} from "./specialization.js";

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}
const list = (s: string | undefined) => s?.split(",").map(Number);

export async function runSpecializationCli(args: string[], dir: string): Promise<void> {
  const cfg: SpecializationConfig = {
    ...SPECIALIZATION_FULL,
    epochs: Number(flag(args, "epochs") ?? SPECIALIZATION_FULL.epochs),
    seeds: list(flag(args, "seeds")) ?? SPECIALIZATION_FULL.seeds,
    fanOutPowers: list(flag(args, "p")) ?? SPECIALIZATION_FULL.fanOutPowers,
    multipliers: list(flag(args, "multi")) ?? SPECIALIZATION_FULL.multipliers,
  };
  const source = provenance(); // the code bundled at start
  const runs: SpecializationRun[] = [];
  const started = Date.now();
  for (const p of cfg.fanOutPowers) {
    for (const multi of cfg.multipliers) {
      for (const seed of cfg.seeds) {
        const r = await runSpecializationOne(cfg, p, multi, seed);
        runs.push(r);
        const secs = Math.round((Date.now() - started) / 1000);
        console.log(
          `[${secs}s] p=${p} multi=${multi} seed=${seed}: ρ* = ${r.finalBest.map((v) => v.toFixed(2)).join(" ")}`,
        );
      }
    }
  }
  const command = `node research/run.mjs ${args.join(" ")}`;
  writeFileSync(
    join(dir, "specialization.json"),
    JSON.stringify({ config: cfg, command, provenance: source, runs }, null, 1),
  );
  writeFileSync(
    join(dir, "specialization.md"),
    `${specializationTable(cfg, runs, command)}\n${describeSource(source)}\n`,
  );
}

export function specializationTable(
  cfg: SpecializationConfig,
  runs: SpecializationRun[],
  command: string,
): string {
  const m = cfg.teacherWidth;
  const lines = [
    `Setting: d = ${cfg.inputDim}, m = ${m}, c = ${cfg.outputs} outputs, ${cfg.trainSamples} training samples, x ~ N(0, ${cfg.inputStd}² I), SGD lr ${cfg.lr} batch ${cfg.batchSize}, ${cfg.epochs} epochs, seeds ${cfg.seeds.join(", ")}. Command: \`${command}\`.`,
    "",
    `Recovery rate per teacher node j (fraction of seeds with ρ*_j > ${cfg.threshold}; j = 0 has the largest fan-out):`,
    "",
    `| p | multi | ${Array.from({ length: m }, (_, j) => `j=${j}`).join(" | ")} | specialised (mean ± std) | mean ρ* | order agreement | eval MSE |`,
    `| ---: | ---: | ${Array.from({ length: m }, () => "---:").join(" | ")} | ---: | ---: | ---: | ---: |`,
  ];
  for (const p of cfg.fanOutPowers) {
    for (const multi of cfg.multipliers) {
      const group = runs.filter((r) => r.p === p && r.multi === multi);
      if (group.length === 0) continue;
      const rate = recoveryRate(
        group.map((r) => r.finalBest),
        cfg.threshold,
      );
      const count = meanStd(group.map((r) => r.finalBest.filter((v) => v > cfg.threshold).length));
      const meanBest = meanStd(group.map((r) => r.finalBest.reduce((a, b) => a + b, 0) / m));
      const agreements = group
        .map((r) => orderAgreement(r.firstCrossing))
        .filter((a): a is number => a !== null);
      const agreement = agreements.length > 0 ? meanStd(agreements).mean.toFixed(2) : "–";
      const mse = meanStd(group.map((r) => r.evalMse));
      lines.push(
        `| ${p} | ${multi} | ${rate.map((v) => v.toFixed(2)).join(" | ")} | ${count.mean.toFixed(1)} ± ${count.std.toFixed(1)} | ${meanBest.mean.toFixed(3)} | ${agreement} | ${mse.mean.toExponential(2)} |`,
      );
    }
  }
  lines.push(
    "",
    "Order agreement: fraction of pairs of crossing teacher nodes (i < j) where node i crossed ρ* > 0.95 no later than node j (1 = fan-out order).",
    "",
    "L-shape (Tian): student nodes split by their best correlation max_j ρ_jk, with the mean norm of their fan-out",
    "(outgoing weights) relative to the largest fan-out norm in the same student (Tian's L-shape: specialised",
    "nodes should have the larger fan-out):",
    "",
    "| p | multi | nodes with max ρ > 0.95 | their mean relative fan-out | other nodes | their mean relative fan-out |",
    "| ---: | ---: | ---: | ---: | ---: | ---: |",
  );
  for (const p of cfg.fanOutPowers) {
    for (const multi of cfg.multipliers) {
      const group = runs.filter((r) => r.p === p && r.multi === multi && r.lShape);
      if (group.length === 0) continue;
      const hi: number[] = [];
      const lo: number[] = [];
      for (const r of group) {
        const top = Math.max(...r.lShape.map(([, norm]) => norm));
        for (const [rho, norm] of r.lShape) (rho > cfg.threshold ? hi : lo).push(top > 0 ? norm / top : 0);
      }
      const avg = (v: number[]) =>
        v.length === 0 ? "–" : (v.reduce((a, b) => a + b, 0) / v.length).toFixed(3);
      lines.push(
        `| ${p} | ${multi} | ${(hi.length / group.length).toFixed(1)} | ${avg(hi)} | ${(lo.length / group.length).toFixed(1)} | ${avg(lo)} |`,
      );
    }
  }
  lines.push("", "(Node counts are per run, averaged over seeds.)");
  return `${lines.join("\n")}\n`;
}
