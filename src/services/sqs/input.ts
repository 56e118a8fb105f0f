/**
 * Typed reads of an operation's input. Both protocols hand operations the JSON shape (the query
 * protocol is converted first), so integers may arrive as numbers (JSON) or numeric strings
 * (query); both are accepted here.
 */
import { invalidParameterReason, invalidParameterValue, missingParameter } from './errors.js';

export type SqsInput = Record<string, unknown>;

/** A member value as AWS quotes it in messages: strings as they are, anything else as JSON. */
export function displayValue(v: unknown): string {
  return typeof v === 'string' ? v : (JSON.stringify(v) ?? 'null');
}

/** An optional string member; non-strings count as absent. */
export function optionalString(input: SqsInput, name: string): string | undefined {
  const v = input[name];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** A required, non-empty string member (MissingParameter otherwise). */
export function requiredString(input: SqsInput, name: string): string {
  const v = optionalString(input, name);
  if (v === undefined || v === '') throw missingParameter(name);
  return v;
}

/** An optional integer member; a non-integer is InvalidParameterValue. */
export function optionalInt(input: SqsInput, name: string): number | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isInteger(n)) {
    throw invalidParameterValue(
      `Value ${displayValue(v)} for parameter ${name} is invalid. Reason: Must be an integer.`,
    );
  }
  return n;
}

/** An optional integer within [min, max], with SQS's "Must be >= … and <= …" text. */
export function boundedInt(
  input: SqsInput,
  name: string,
  min: number,
  max: number,
  reason = `Must be >= ${min} and <= ${max}, if provided.`,
): number | undefined {
  const n = optionalInt(input, name);
  if (n !== undefined && (n < min || n > max)) throw invalidParameterReason(n, name, reason);
  return n;
}

/** An optional list of strings. */
export function stringList(input: SqsInput, name: string): string[] {
  const v = input[name];
  if (!Array.isArray(v)) return [];
  return v.filter((x): x is string => typeof x === 'string');
}

/** An optional string → string map (values stringified as the query protocol would). */
export function stringMap(input: SqsInput, name: string): Record<string, string> | undefined {
  const v = input[name];
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(v as Record<string, unknown>)) {
    out[k] = value === null || value === undefined ? '' : displayValue(value);
  }
  return out;
}

/** An optional list of objects (batch entries). */
export function objectList(input: SqsInput, name: string): SqsInput[] {
  const v = input[name];
  if (!Array.isArray(v)) return [];
  return v.filter((x): x is SqsInput => x !== null && typeof x === 'object' && !Array.isArray(x));
}
