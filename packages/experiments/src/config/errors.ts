// Config errors live in @pupil/plugin (plugin refs and params report them too); one class for every host.
export { ConfigError, type ConfigIssue, formatIssue, formatValue } from "@pupil/plugin";

export function pathToString(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}
