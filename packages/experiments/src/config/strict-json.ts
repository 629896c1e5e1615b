// JSON at the boundary: the values JSON.parse gives, but refusing what JSON.parse lets through silently —
// a key given twice (JSON.parse keeps the last one), a `__proto__` key, an integer literal beyond 2^53
// that a double cannot hold (rounded without a word), and nesting so deep that a recursive walk would overflow the stack.
// Errors carry the key path ("train.teacher.params.P") so the caller can name the field.

export const MAX_JSON_DEPTH = 256;

export class StrictJsonError extends Error {
  /** Dotted key path where the problem is ("" for the top level). */
  readonly path: string;
  /** True for a syntax error (not JSON at all), false for JSON that is refused (duplicate key, depth...). */
  readonly syntax: boolean;
  constructor(message: string, path: string, syntax: boolean) {
    super(message);
    this.name = "StrictJsonError";
    this.path = path;
    this.syntax = syntax;
  }
}

const FORBIDDEN_KEYS = new Set(["__proto__"]);

const joinPath = (path: string, key: string | number) =>
  typeof key === "number" ? `${path}[${key}]` : path === "" ? key : `${path}.${key}`;

/** Parses JSON text strictly (see the file comment); throws StrictJsonError. */
export function parseStrictJson(text: string): unknown {
  let i = 0;
  const n = text.length;

  const fail = (what: string, path: string): never => {
    const near = text.slice(Math.max(0, i - 10), i + 10).replace(/\s+/g, " ");
    throw new StrictJsonError(`${what} at position ${i} (near ${JSON.stringify(near)})`, path, true);
  };
  const ws = () => {
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    }
  };

  const parseString = (path: string): string => {
    // i is at the opening quote. Find the closing quote, then let JSON.parse decode the escapes.
    const start = i;
    i++;
    for (;;) {
      if (i >= n) fail("unterminated string", path);
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c === 0x5c) i += 2;
      else if (c < 0x20) fail("control character in a string", path);
      else i++;
    }
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return fail("invalid string escape", path);
    }
  };

  const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
  const parseNumber = (path: string): number => {
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m || m[0] === "-" || m[0] === "") return fail("invalid number", path);
    i += m[0].length;
    const value = Number(m[0]);
    // An integer literal beyond 2^53 that is not the shortest form of a double (9007199254740993) would
    // be rounded silently; the shortest forms JSON.stringify writes (-86876098066568370) read back as is.
    if (m[1] === undefined && m[2] === undefined && !Number.isSafeInteger(value) && String(value) !== m[0]) {
      throw new StrictJsonError(
        `the integer ${m[0]} is beyond 2^53 and cannot be represented exactly (it would become ${String(value)})`,
        path,
        false,
      );
    }
    return value;
  };

  const parseValue = (path: string, depth: number): unknown => {
    ws();
    if (i >= n) return fail("unexpected end of JSON", path);
    const c = text[i];
    if (c === "{" || c === "[") {
      if (depth >= MAX_JSON_DEPTH) {
        throw new StrictJsonError(`nested deeper than ${MAX_JSON_DEPTH} levels`, path, false);
      }
      return c === "{" ? parseObject(path, depth + 1) : parseArray(path, depth + 1);
    }
    if (c === '"') return parseString(path);
    if (c === "-" || (c >= "0" && c <= "9")) return parseNumber(path);
    for (const [word, value] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return value;
      }
    }
    return fail(`unexpected ${JSON.stringify(c)}`, path);
  };

  const parseObject = (path: string, depth: number): Record<string, unknown> => {
    i++; // {
    const out: Record<string, unknown> = {};
    ws();
    if (text[i] === "}") {
      i++;
      return out;
    }
    for (;;) {
      ws();
      if (text[i] !== '"') fail("expected a quoted key", path);
      const key = parseString(path);
      const keyPath = joinPath(path, key);
      if (FORBIDDEN_KEYS.has(key)) {
        throw new StrictJsonError(`the key "${key}" is not allowed`, keyPath, false);
      }
      if (Object.hasOwn(out, key)) {
        throw new StrictJsonError(`the key "${key}" appears twice`, keyPath, false);
      }
      ws();
      if (text[i] !== ":") fail("expected ':'", keyPath);
      i++;
      out[key] = parseValue(keyPath, depth);
      ws();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "}") {
        i++;
        return out;
      }
      fail("expected ',' or '}'", path);
    }
  };

  const parseArray = (path: string, depth: number): unknown[] => {
    i++; // [
    const out: unknown[] = [];
    ws();
    if (text[i] === "]") {
      i++;
      return out;
    }
    for (;;) {
      out.push(parseValue(joinPath(path, out.length), depth));
      ws();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "]") {
        i++;
        return out;
      }
      fail("expected ',' or ']'", path);
    }
  };

  // A UTF-8 byte-order mark is not JSON (JSON.parse refuses it too).
  const value = parseValue("", 0);
  ws();
  if (i < n) fail("unexpected text after the JSON value", "");
  return value;
}
