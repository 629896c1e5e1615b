// A package README's example, as a user would copy it: the first fenced ```ts, ```js or ```sh block under
// its "## Example" heading, and the first ```sh block under "## Install". TypeScript examples are
// transpiled (types erased, nothing else changed) to an ES module that node runs as is.
import { readFileSync } from "node:fs";
import ts from "typescript";

export interface ReadmeExample {
  lang: "ts" | "js" | "sh";
  code: string;
}

function section(markdown: string, heading: string): string | undefined {
  const lines = markdown.split("\n");
  const start = lines.findIndex((l) => new RegExp(`^##\\s+${heading}\\b`, "i").test(l));
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && /^##\s/.test(l));
  return lines.slice(start + 1, end < 0 ? undefined : end).join("\n");
}

function firstBlock(text: string, langs: string[]): { lang: string; code: string } | undefined {
  const fence = /^```(\w+)[^\n]*\n([\s\S]*?)^```/gm;
  for (let m = fence.exec(text); m !== null; m = fence.exec(text)) {
    if (langs.includes(m[1])) return { lang: m[1], code: m[2] };
  }
  return undefined;
}

export function readmeExample(readmeFile: string): ReadmeExample | undefined {
  const body = section(readFileSync(readmeFile, "utf8"), "Example");
  if (body === undefined) return undefined;
  const block = firstBlock(body, ["ts", "typescript", "js", "javascript", "sh", "bash"]);
  if (!block) return undefined;
  const lang = block.lang.startsWith("t") ? "ts" : block.lang.startsWith("j") ? "js" : "sh";
  return { lang, code: block.code };
}

/** The install commands of the README's "## Install" block, comments dropped. */
export function readmeInstall(readmeFile: string): string[] {
  const body = section(readFileSync(readmeFile, "utf8"), "Install");
  const block = body === undefined ? undefined : firstBlock(body, ["sh", "bash"]);
  if (!block) return [];
  return block.code
    .split("\n")
    .map((l) => l.replace(/#.*$/, "").trim())
    .filter((l) => l !== "");
}

/** An ES module node can run: TypeScript's types erased, top-level await kept. */
export function runnableModule(example: ReadmeExample): string {
  if (example.lang === "js") return example.code;
  const out = ts.transpileModule(example.code, {
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: false,
    },
    reportDiagnostics: true,
  });
  if (out.diagnostics && out.diagnostics.length > 0) {
    const text = out.diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")).join("; ");
    throw new Error(`the README example does not parse: ${text}`);
  }
  return out.outputText;
}
