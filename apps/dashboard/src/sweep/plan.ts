// A sweep: the cartesian product of --grid values times --seeds seeds, one run each. The manifest
// (sweep.json) is the same for a sweep run here and for emitted cluster jobs, so `pupil report` merges both.
import { ConfigError, parseSetValue } from "@pupil/experiments";

export interface GridAxis {
  key: string;
  values: unknown[];
}

export interface SweepPoint {
  id: string;
  params: Record<string, unknown>;
  seed: number;
  /** Run directory relative to the sweep directory. */
  dir: string;
}

export interface SweepManifest {
  format: "pupil-sweep/1";
  name: string;
  grid: GridAxis[];
  seeds: number;
  points: SweepPoint[];
}

/** `key=v1,v2,...` or `key=[json array]`. */
export function parseGrid(arg: string): GridAxis {
  const eq = arg.indexOf("=");
  if (eq <= 0 || eq === arg.length - 1) {
    throw new ConfigError([
      { path: "--grid", value: arg, expected: "key=v1,v2,... (for example model.p=2,4,8)" },
    ]);
  }
  const key = arg.slice(0, eq);
  const text = arg.slice(eq + 1);
  let values: unknown[];
  if (text.trim().startsWith("[")) {
    const parsed = parseSetValue(text, `--grid ${key}`);
    if (!Array.isArray(parsed) || parsed.length === 0) {
      throw new ConfigError([
        { path: `--grid ${key}`, value: text, expected: "a non-empty JSON array of values" },
      ]);
    }
    values = parsed;
  } else {
    values = text.split(",").map((v) => parseSetValue(v.trim(), `--grid ${key}`));
  }
  if (values.some((v) => v === "")) {
    throw new ConfigError([
      { path: `--grid ${key}`, value: text, expected: "comma-separated values, none empty" },
    ]);
  }
  // A value listed twice would count one point twice in the mean ± std: refused, not merged.
  const seen = new Set<string>();
  for (const v of values) {
    const id = JSON.stringify(v);
    if (seen.has(id)) {
      throw new ConfigError([
        {
          path: `--grid ${key}`,
          value: text,
          expected: `each value once (${id} is listed twice; use --seeds K for repeats of a point)`,
        },
      ]);
    }
    seen.add(id);
  }
  return { key, values };
}

export function expandSweep(name: string, grid: GridAxis[], seeds: number, baseSeed: number): SweepManifest {
  let combos: Record<string, unknown>[] = [{}];
  for (const axis of grid) combos = combos.flatMap((c) => axis.values.map((v) => ({ ...c, [axis.key]: v })));
  const points: SweepPoint[] = [];
  for (const params of combos) {
    for (let s = 0; s < seeds; s++) {
      const id = String(points.length).padStart(4, "0");
      points.push({ id, params, seed: baseSeed + s, dir: `runs/${id}` });
    }
  }
  return { format: "pupil-sweep/1", name, grid, seeds, points };
}

/** The `--set` arguments that turn the base config into one point's config. */
export function pointSets(point: SweepPoint): string[] {
  return [...Object.entries(point.params).map(([k, v]) => `${k}=${JSON.stringify(v)}`), `seed=${point.seed}`];
}
