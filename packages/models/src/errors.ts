// Validation at the boundary: every error names the field and what was expected.

export function positiveInt(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new Error(`${field} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

export function positiveNumber(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new Error(`${field} must be a positive finite number, got ${String(value)}`);
  }
  return value;
}

export function nonNegative(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new Error(`${field} must be a finite number ≥ 0, got ${String(value)}`);
  }
  return value;
}

export function inUnitInterval(field: string, value: unknown): number {
  if (typeof value !== "number" || !(value >= 0 && value <= 1)) {
    throw new Error(`${field} must be a number in [0, 1], got ${String(value)}`);
  }
  return value;
}

export function lengthIs(field: string, array: ArrayLike<number>, expected: number): void {
  if (array.length !== expected) {
    throw new Error(`${field} must have length ${expected}, got ${array.length}`);
  }
}
