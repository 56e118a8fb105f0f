/** Small type guards and coercions for template values, which arrive as `unknown`. */

/** A plain object (not an array, not null). */
export type PlainObject = Record<string, unknown>;

/** True when `value` is a plain object. */
export function isRecord(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for strings, numbers and booleans: the values CloudFormation turns into text. */
export function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** A scalar as CloudFormation would render it as a string. */
export function scalarToString(value: string | number | boolean): string {
  return typeof value === 'string' ? value : String(value);
}

/** Joins path segments as `A.B.C`, with `[i]` for list indexes. */
export function childPath(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
}

/** The keys of `value` if it is an object, else an empty list. */
export function keysOf(value: unknown): string[] {
  return isRecord(value) ? Object.keys(value) : [];
}

/** Deep copy of JSON-like data (the templates never hold anything else). */
export function cloneJson<T>(value: T): T {
  return structuredClone(value);
}
