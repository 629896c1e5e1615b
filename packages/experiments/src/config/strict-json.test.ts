import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH, parseStrictJson, StrictJsonError } from "./strict-json.js";

// A small seeded generator of JSON values, to compare against JSON.parse (the independent route).
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
function randomValue(r: () => number, depth: number): unknown {
  const pick = r();
  if (depth > 4 || pick < 0.35) {
    const leaf = r();
    if (leaf < 0.2) return Math.floor((r() - 0.5) * 1e6);
    if (leaf < 0.4) return (r() - 0.5) * 10 ** Math.floor(r() * 40 - 20);
    if (leaf < 0.55) return r() < 0.5;
    if (leaf < 0.6) return null;
    const chars = ['"', "\\", "\n", "é", "☃", "\u0001", "a", " ", "/", "\ud83d\ude00"];
    return Array.from({ length: Math.floor(r() * 6) }, () => chars[Math.floor(r() * chars.length)]).join("");
  }
  if (pick < 0.65) return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
  const out: Record<string, unknown> = {};
  for (let k = 0; k < Math.floor(r() * 4); k++)
    out[`k${k}${r() < 0.2 ? "\t" : ""}`] = randomValue(r, depth + 1);
  return out;
}

describe("parseStrictJson", () => {
  it("gives exactly what JSON.parse gives on 500 random documents, compact and indented", () => {
    const r = rng(7);
    for (let k = 0; k < 500; k++) {
      const value = randomValue(r, 0);
      for (const text of [JSON.stringify(value), JSON.stringify(value, null, 2)]) {
        expect(parseStrictJson(text)).toEqual(JSON.parse(text));
      }
    }
  });

  it("refuses what JSON.parse refuses, as a syntax error", () => {
    for (const bad of [
      "",
      "{",
      "[1,]",
      "{'a':1}",
      '{"a" 1}',
      "01",
      "1 2",
      "-",
      "tru",
      '"\\x"',
      "\ufeff{}",
      "{,}",
    ]) {
      expect(() => JSON.parse(bad)).toThrow();
      let error: unknown;
      try {
        parseStrictJson(bad);
      } catch (e) {
        error = e;
      }
      expect(error, bad).toBeInstanceOf(StrictJsonError);
      expect((error as StrictJsonError).syntax, bad).toBe(true);
    }
  });

  it("refuses a duplicate key, naming its path", () => {
    expect(() => parseStrictJson('{"lr":-1,"lr":0.5}')).toThrow(/"lr" appears twice/);
    try {
      parseStrictJson('{"train":{"teacher":{"params":{"P":1,"P":2}}}}');
      expect.unreachable();
    } catch (e) {
      expect((e as StrictJsonError).path).toBe("train.teacher.params.P");
      expect((e as StrictJsonError).syntax).toBe(false);
    }
  });

  it("refuses __proto__ keys and leaves Object.prototype alone", () => {
    expect(() => parseStrictJson('{"a":{"__proto__":{"polluted":1}}}')).toThrow(/"__proto__" is not allowed/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses 100000-deep nesting cleanly (no stack overflow), accepts the limit", () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    expect(() => parseStrictJson(deep)).toThrow(new RegExp(`deeper than ${MAX_JSON_DEPTH}`));
    const ok = `${"[".repeat(MAX_JSON_DEPTH)}${"]".repeat(MAX_JSON_DEPTH)}`;
    expect(parseStrictJson(ok)).toEqual(JSON.parse(ok));
  });

  it("refuses integer literals beyond 2^53 instead of rounding them; exponents stay numbers", () => {
    expect(() => parseStrictJson('{"seed":9007199254740993}')).toThrow(/beyond 2\^53/);
    expect(parseStrictJson("9007199254740991")).toBe(2 ** 53 - 1);
    expect(parseStrictJson("1e300")).toBe(1e300);
    expect(parseStrictJson("-0")).toBe(-0);
  });
});
