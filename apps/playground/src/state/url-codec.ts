// All playground state lives in the URL hash: the run config (the very object the CLI validates), flattened
// to dotted keys so a link stays short and readable (`#v=1&kind=paired&lr=0.2&model.p=4`), plus a few view
// keys that start with "_" (classroom hide/lock, stop conditions). Versioned by `v`; older versions are
// migrated forward, newer ones are refused with an error naming `v`.

export const URL_VERSION = 1;

export interface ViewState {
  /** Control or panel ids hidden (classroom mode). */
  hide: string[];
  /** Control ids shown but not editable. */
  lock: string[];
  /** Stop conditions: pause when eg < egBelow, or after wallSeconds of playing. */
  stop: { egBelow?: number; wallSeconds?: number };
  /** Loss axes: log–log or lin–log (linear α, log eg). */
  scale: "loglog" | "linlog";
  /** Seeds of the simulation drawn as a mean ± std band (1: no band). */
  seeds: number;
}

export interface UrlState {
  config: Record<string, unknown>;
  view: ViewState;
}

export interface UrlIssue {
  /** The field as it appears in the URL (`model.p`, `_stop.eg`, `v`). */
  field: string;
  value: string;
  expected: string;
}

export type Decoded = { ok: true; state: UrlState } | { ok: false; issues: UrlIssue[]; state?: UrlState };

/** A migration from version v to v+1 of the flat key/value form. */
export type Migration = (entries: [string, string][]) => [string, string][];

/** The most seeds a band runs (each is a whole simulation, one after another). */
export const MAX_SEEDS = 32;

export const defaultView = (): ViewState => ({ hide: [], lock: [], stop: {}, scale: "loglog", seeds: 1 });

const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" && x !== null && !Array.isArray(x);

/** A value as URL text: numbers and plain words bare, anything ambiguous as JSON. */
export function encodeValue(value: unknown): string {
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "string") {
    const plain = /^[A-Za-z][\w\-/().*]*$/.test(value) && value !== "true" && value !== "false";
    return plain ? value : JSON.stringify(value);
  }
  return JSON.stringify(value);
}

export function decodeValue(text: string): unknown {
  if (text === "true") return true;
  if (text === "false") return false;
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return Number(text);
  if (/^["[{]/.test(text) || text === "null") return JSON.parse(text);
  return text;
}

/** Objects become dotted keys; arrays and scalars are leaves. */
export function flatten(
  obj: Record<string, unknown>,
  prefix = "",
  isLeaf: (path: string) => boolean = () => false,
): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [key, value] of Object.entries(obj)) {
    if (value === undefined) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(value) && Object.keys(value).length > 0 && !isLeaf(path))
      out.push(...flatten(value, path, isLeaf));
    else out.push([path, value]);
  }
  return out;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split(".");
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(node[part])) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}

/** The URL hash (without "#") for a state: `v` first, config keys, then view keys. */
export function encodeState(state: UrlState, version: number = URL_VERSION): string {
  const params = new URLSearchParams();
  params.set("v", String(version));
  for (const [key, value] of flatten(state.config)) params.set(key, encodeValue(value));
  const { view } = state;
  if (view.hide.length > 0) params.set("_hide", view.hide.join(","));
  if (view.lock.length > 0) params.set("_lock", view.lock.join(","));
  if (view.stop.egBelow !== undefined) params.set("_stop.eg", String(view.stop.egBelow));
  if (view.stop.wallSeconds !== undefined) params.set("_stop.wall", String(view.stop.wallSeconds));
  if (view.scale !== "loglog") params.set("_scale", view.scale);
  if (view.seeds !== 1) params.set("_seeds", String(view.seeds));
  return params.toString();
}

const VIEW_KEYS = ["_hide", "_lock", "_stop.eg", "_stop.wall", "_scale", "_seeds"];

/**
 * Parses a hash. Problems with the URL itself (version, a view key, a value that is not valid text) are
 * reported here, each naming its field; the config is then validated by the CLI's schema (resolveConfig).
 */
export function decodeState(
  hash: string,
  migrations: Record<number, Migration> = {},
  current: number = URL_VERSION,
): Decoded {
  const text = hash.startsWith("#") ? hash.slice(1) : hash;
  let entries = [...new URLSearchParams(text).entries()];
  const issues: UrlIssue[] = [];
  const vText = entries.find(([k]) => k === "v")?.[1];
  const version = vText === undefined ? Number.NaN : Number(vText);
  if (vText === undefined) {
    return { ok: false, issues: [{ field: "v", value: "", expected: `v=${current} (the URL's version)` }] };
  }
  if (!Number.isInteger(version) || version < 1 || version > current) {
    return {
      ok: false,
      issues: [{ field: "v", value: vText, expected: `a version from 1 to ${current} (this playground)` }],
    };
  }
  for (let from = version; from < current; from++) {
    const migrate = migrations[from];
    if (!migrate) {
      return {
        ok: false,
        issues: [
          { field: "v", value: vText, expected: `a version this playground can migrate to ${current}` },
        ],
      };
    }
    entries = migrate(entries.filter(([k]) => k !== "v"));
  }
  const config: Record<string, unknown> = {};
  const view = defaultView();
  for (const [key, raw] of entries) {
    if (key === "v") continue;
    if (key.startsWith("_")) {
      decodeViewKey(key, raw, view, issues);
      continue;
    }
    if (!/^[A-Za-z$][\w$]*(\.[A-Za-z$][\w$]*)*$/.test(key)) {
      issues.push({ field: key, value: raw, expected: "a config field path such as model.p" });
      continue;
    }
    try {
      setPath(config, key, decodeValue(raw));
    } catch {
      issues.push({ field: key, value: raw, expected: "a number, true/false, a word, or JSON" });
    }
  }
  const state = { config, view };
  return issues.length > 0 ? { ok: false, issues, state } : { ok: true, state };
}

function decodeViewKey(key: string, raw: string, view: ViewState, issues: UrlIssue[]): void {
  const positive = (field: string) => {
    const n = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(n) || n <= 0) {
      issues.push({ field, value: raw, expected: "a number > 0" });
      return undefined;
    }
    return n;
  };
  switch (key) {
    case "_hide":
    case "_lock": {
      const ids = raw.split(",").filter(Boolean);
      const bad = ids.find((id) => !/^[\w.-]+$/.test(id));
      if (bad) issues.push({ field: key, value: raw, expected: "comma-separated control ids" });
      else view[key === "_hide" ? "hide" : "lock"] = ids;
      return;
    }
    case "_stop.eg":
      view.stop.egBelow = positive(key);
      return;
    case "_stop.wall":
      view.stop.wallSeconds = positive(key);
      return;
    case "_scale":
      if (raw === "loglog" || raw === "linlog") view.scale = raw;
      else issues.push({ field: key, value: raw, expected: '"loglog" or "linlog"' });
      return;
    case "_seeds": {
      const n = Number(raw);
      if (/^\d+$/.test(raw) && n >= 1 && n <= MAX_SEEDS) view.seeds = n;
      else
        issues.push({ field: key, value: raw, expected: `a whole number of seeds from 1 to ${MAX_SEEDS}` });
      return;
    }
    default:
      issues.push({
        field: key,
        value: raw,
        expected: `no such view field (known: ${VIEW_KEYS.join(", ")})`,
      });
  }
}

/** The config issues of resolveConfig in the URL's terms (its paths are already the dotted keys). */
export function configIssuesToUrl(issues: { path: string; value: unknown; expected: string }[]): UrlIssue[] {
  return issues.map((i) => ({
    field: i.path || "(config)",
    value: i.value === undefined ? "(missing)" : encodeValue(i.value),
    expected: i.expected,
  }));
}

/** The playground loads only its built-in plugin packs: a URL never names code to load. */
export function urlSafetyIssues(config: Record<string, unknown>): UrlIssue[] {
  const plugins = config.plugins;
  if (plugins === undefined || (Array.isArray(plugins) && plugins.length === 0)) return [];
  return [
    {
      field: "plugins",
      value: encodeValue(plugins),
      expected: "nothing: the playground never loads code named in a URL (built-in plugins only)",
    },
  ];
}
