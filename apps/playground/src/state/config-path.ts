// Reading and writing a field of the raw config by its dotted path (the same paths the CLI's --set and the
// URL use), without mutating the original.

export function getPath(obj: unknown, path: string): unknown {
  let node = obj;
  for (const part of path.split(".")) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** A deep copy of `obj` with `path` set to `value` (undefined removes it). */
export function setPath<T extends Record<string, unknown>>(obj: T, path: string, value: unknown): T {
  const copy = structuredClone(obj) as Record<string, unknown>;
  const parts = path.split(".");
  let node = copy;
  for (const part of parts.slice(0, -1)) {
    if (typeof node[part] !== "object" || node[part] === null || Array.isArray(node[part])) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  const last = parts[parts.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy as T;
}
