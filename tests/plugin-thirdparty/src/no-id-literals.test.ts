// Core code acts on what a plugin declares, never on its id: no source file under packages/ compares a
// plugin id (x.id, pluginId(...), refId(...)) to a string literal, so a third-party copy of a built-in
// plugin always gets the same treatment.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../../..");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "node_modules" || name === "dist") return [];
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$|test-util|test-helpers|testing/.test(path) ? [path] : [];
  });
}

const ID = String.raw`(?:[\w$\])?]*\.id\b|\b(?:pluginId|refId)\([^)]*\))`;
// Non-empty literals: `id !== ""` checks that an id is there at all.
const LITERAL = String.raw`(?:"[^"]+"|'[^']+'|\`[^\`]+\`)`;
const COMPARISON = new RegExp(
  String.raw`${ID}\s*[!=]==?\s*${LITERAL}|${LITERAL}\s*[!=]==?\s*${ID}|case\s+${LITERAL}\s*:\s*\/\/\s*plugin id`,
);

/** True when the line compares an id to a literal (`typeof x.id === "string"` checks a type: not counted). */
const compares = (line: string) => COMPARISON.test(line.replace(/typeof\s+[\w.]+\s*[!=]==?\s*"\w+"/g, ""));

describe("no plugin id compared to a literal under packages/", () => {
  it("the pattern catches what it is meant to catch", () => {
    expect(compares(`if (g.id === "quadratic") {}`)).toBe(true);
    expect(compares(`pluginId(activation) === "quadratic"`)).toBe(true);
    expect(compares(`"erf" !== h.id`)).toBe(true);
    expect(compares(`if (g.id !== h.id) return false;`)).toBe(false);
    expect(compares(`typeof ref.id === "string"`)).toBe(false);
  });

  it("finds none", () => {
    const hits: string[] = [];
    for (const file of sources(join(root, "packages"))) {
      readFileSync(file, "utf8")
        .split("\n")
        .forEach((line, i) => {
          if (compares(line)) {
            hits.push(`${relative(root, file)}:${i + 1}: ${line.trim()}`);
          }
        });
    }
    expect(hits, hits.join("\n")).toEqual([]);
  });
});
