// The CLI's fault paths that need no built binary: the stop path's exit codes, the sweep table's n = 1,
// duplicate --grid values, negative and inexact --seed values.
import { describe, expect, it } from "vitest";
import { intOption, parse } from "./args.js";
import { defaultOutDir } from "./commands/run.js";
import type { Io } from "./io.js";
import { watchForStop } from "./stop.js";
import { expandSweep, parseGrid } from "./sweep/plan.js";
import { meanStd, sweepTable, tableCsv, tableMarkdown } from "./sweep/table.js";

const quietIo = (): Io & { close: (e: NodeJS.ErrnoException) => void } => {
  let listener: ((e: NodeJS.ErrnoException) => void) | undefined;
  return {
    out: () => {},
    err: () => {},
    tty: false,
    stdout: process.stdout,
    stdin: process.stdin,
    onOutputClosed: (l) => {
      listener = l;
      return () => {
        listener = undefined;
      };
    },
    close: (e) => listener?.(e),
  };
};

describe("the stop path", () => {
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const) {
    it(`${signal} asks the command to stop once and means exit ${code}`, () => {
      const reasons: string[] = [];
      const stop = watchForStop(quietIo(), (r) => reasons.push(r.kind));
      process.emit(signal);
      stop.dispose();
      expect(reasons).toEqual(["signal"]);
      expect(stop.exitCode(0)).toBe(code);
      expect(stop.describe("pupil run --resume d")).toBe(
        `pupil: ${signal} received; stopped at the last checkpoint. Continue with: pupil run --resume d\n`,
      );
      expect(process.listenerCount(signal)).toBe(0);
    });
  }

  it("a closed pipe is a normal end (0); another stdout error is a failure (1)", () => {
    const io = quietIo();
    const pipe = watchForStop(io, () => {});
    io.close(Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
    expect(pipe.exitCode(130)).toBe(0);
    pipe.dispose();
    const io2 = quietIo();
    const full = watchForStop(io2, () => {});
    io2.close(Object.assign(new Error("no space"), { code: "ENOSPC" }));
    expect(full.exitCode(130)).toBe(1);
    expect(full.describe("x")).toContain("stdout failed (ENOSPC)");
    full.dispose();
  });

  it("without a stop request the command's own code stands", () => {
    const stop = watchForStop(quietIo(), () => {});
    expect(stop.exitCode(3)).toBe(3);
    expect(stop.describe("x")).toBe("");
    stop.dispose();
  });
});

describe("arguments", () => {
  it("--seed -1 reaches the option's own check; beyond 2^53 is refused, not rounded", () => {
    const { values } = parse("run", ["--seed", "-1"], { seed: { type: "string" } }, 0);
    expect(values.seed).toBe("-1");
    expect(() => intOption("seed", values.seed, 0, 0)).toThrow(/--seed: got "-1"; expected an integer ≥ 0/);
    expect(() => intOption("seed", "9007199254740993", 0, 0)).toThrow(/≤ 2\^53 − 1/);
    expect(intOption("seed", "9007199254740991", 0, 0)).toBe(2 ** 53 - 1);
    expect(() => intOption("seed", "1e3", 0, 0)).toThrow(/an integer/);
  });

  it("--grid refuses a value listed twice (0.1 and 0.10 are the same number)", () => {
    expect(() => parseGrid("lr=0.1,0.1")).toThrow(/0\.1 is listed twice/);
    expect(() => parseGrid("lr=0.1,0.10")).toThrow(/listed twice/);
    expect(() => parseGrid("lr=[0.2,0.2]")).toThrow(/listed twice/);
    expect(parseGrid("lr=0.1,0.2").values).toEqual([0.1, 0.2]);
  });
});

describe("default run directories", () => {
  it("stay one directory under runs/ when the default name carries a plugin id owner/name", () => {
    const dir = defaultOutDir("ode-me/ident-p1", new Date("2026-01-02T03:04:05Z"));
    expect(dir).toBe("runs/ode-me-ident-p1-20260102-030405");
    expect(defaultOutDir("a\\..\\b\u0001c", new Date(0)).split("/")).toHaveLength(2);
  });
});

describe("the sweep table", () => {
  it("a single value is n = 1, not ± 0; two values give the sample standard deviation", () => {
    expect(meanStd([2])?.std).toBeNaN();
    expect(meanStd([1, 3])?.std).toBeCloseTo(Math.SQRT2, 14);
    const manifest = expandSweep("t", [{ key: "lr", values: [0.1] }], 3, 0);
    const summaries = [5, undefined, undefined].map((escapeAlpha) =>
      escapeAlpha === undefined
        ? { status: "done", final: { eg: 0.5 } }
        : { status: "done", final: { eg: 0.25 }, escapeAlpha },
    );
    // biome-ignore lint/suspicious/noExplicitAny: stand-in summaries with the fields the table reads
    const rows = sweepTable(manifest, summaries as any);
    const md = tableMarkdown(manifest, rows);
    expect(md).toContain("5.000 (n = 1)");
    expect(md).not.toMatch(/± 0(\.0*)? \|/);
    const csv = tableCsv(manifest, rows).trim().split("\n");
    const head = csv[0].split(",");
    const row = csv[1].split(",");
    expect(row[head.indexOf("escape_alpha_std")]).toBe("");
    expect(row[head.indexOf("escape_alpha_n")]).toBe("1");
    // 0.25, 0.5, 0.5: mean 5/12, sample variance ((1/6)² + 2 (1/12)²) / 2 = 1/48.
    expect(Number(row[head.indexOf("final_eg_std")])).toBeCloseTo(Math.sqrt(1 / 48), 12);
  });
});
