// Reading a loss's params from a config: every value checked, every unknown key refused, errors naming the
// field as `params.<name>`, and the resolved values returned whole so a run can record them.

export type ParamValue = number | string;

export interface NumberRule {
  readonly default: number;
  readonly min?: number;
  readonly max?: number;
  /** min is exclusive. */
  readonly above?: number;
  readonly integer?: boolean;
  readonly choices?: readonly number[];
}

export interface ChoiceRule {
  readonly default: string;
  readonly choices: readonly string[];
}

export type Rules = Record<string, NumberRule | ChoiceRule>;

function isChoice(rule: NumberRule | ChoiceRule): rule is ChoiceRule {
  return typeof rule.default === "string";
}

/**
 * Applies `preset(values)` (a named mode's defaults) under the explicit values, checks each against its rule
 * and returns the full set.
 */
export function readParams<R extends Rules>(
  loss: string,
  raw: Readonly<Record<string, unknown>> | undefined,
  rules: R,
  preset?: (given: Readonly<Record<string, unknown>>) => Partial<Record<keyof R, ParamValue>>,
): { [K in keyof R]: R[K] extends ChoiceRule ? string : number } {
  const given = raw ?? {};
  if (typeof given !== "object" || Array.isArray(given))
    throw new Error(`params: ${loss} expects an object of params`);
  for (const key of Object.keys(given))
    if (!Object.hasOwn(rules, key))
      throw new Error(`params.${key}: ${loss} has no such param (known: ${Object.keys(rules).join(", ")})`);
  const fromPreset: Partial<Record<string, ParamValue>> = preset ? preset(given) : {};
  const out: Record<string, ParamValue> = {};
  for (const [key, rule] of Object.entries(rules)) {
    const value = given[key] ?? fromPreset[key] ?? rule.default;
    const field = `params.${key}`;
    if (isChoice(rule)) {
      if (typeof value !== "string" || !rule.choices.includes(value))
        throw new Error(`${field}: expected one of ${rule.choices.join(", ")}, got ${JSON.stringify(value)}`);
    } else {
      if (typeof value !== "number" || !Number.isFinite(value))
        throw new Error(`${field}: expected a finite number, got ${JSON.stringify(value)}`);
      if (rule.integer && !Number.isInteger(value))
        throw new Error(`${field}: expected an integer, got ${value}`);
      if (rule.choices && !rule.choices.includes(value))
        throw new Error(`${field}: expected one of ${rule.choices.join(", ")}, got ${value}`);
      if (rule.min !== undefined && value < rule.min)
        throw new Error(`${field}: must be ≥ ${rule.min}, got ${value}`);
      if (rule.above !== undefined && value <= rule.above)
        throw new Error(`${field}: must be > ${rule.above}, got ${value}`);
      if (rule.max !== undefined && value > rule.max)
        throw new Error(`${field}: must be ≤ ${rule.max}, got ${value}`);
    }
    out[key] = value as ParamValue;
  }
  return out as { [K in keyof R]: R[K] extends ChoiceRule ? string : number };
}

/** [H, W, C] of a transfer point, or an error naming the field. */
export function mapShape(field: string, shape: readonly number[] | undefined): [number, number, number] {
  if (shape?.length !== 3 || !shape.every((n) => Number.isInteger(n) && n > 0))
    throw new Error(`${field}: expected a feature map shape [H, W, C], got ${JSON.stringify(shape)}`);
  return [shape[0], shape[1], shape[2]];
}
