import { canonicalizeNumber } from './number.js';
import { AwsError } from '../../../core/errors.js';
import { INVALID_PARAMETER_PREFIX, validationError } from './validation-error.js';

/**
 * A DynamoDB AttributeValue in Stratus's in-memory form, which is the wire form: binary values
 * (`B`, `BS`) stay base64 strings so an item goes from JSON to the store and back without
 * conversion; bytes are decoded only where they matter (ordering, size, begins_with, contains).
 * `N` values are kept as canonical number text once validated.
 */
export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: string }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] }
  | { M: AttributeMap }
  | { L: AttributeValue[] }
  | { BOOL: boolean }
  | { NULL: true };

/** A map of attribute names to values: an item, a key, or the content of an `M`. */
export type AttributeMap = { [name: string]: AttributeValue };

/** The ten type tags of an AttributeValue. */
export type AttributeType = 'S' | 'N' | 'B' | 'SS' | 'NS' | 'BS' | 'M' | 'L' | 'BOOL' | 'NULL';

export const ATTRIBUTE_TYPES: readonly AttributeType[] = [
  'S',
  'N',
  'B',
  'SS',
  'NS',
  'BS',
  'M',
  'L',
  'BOOL',
  'NULL',
];

const TYPE_SET = new Set<string>(ATTRIBUTE_TYPES);

/** Maximum nesting of `M`/`L` inside an item. */
export const MAX_NESTING_LEVELS = 32;

/** The type tag of a (valid) AttributeValue. */
export function typeOf(value: AttributeValue): AttributeType {
  for (const key in value) return key as AttributeType;
  // Unreachable for validated values; an empty object has no type.
  throw validationError(EMPTY_VALUE_MESSAGE);
}

const EMPTY_VALUE_MESSAGE =
  'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes';
const MULTIPLE_TYPES_MESSAGE =
  'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes';
const NESTING_MESSAGE =
  'Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit';
// LOCAL's text; the service's text for an empty attribute name is unverified.
const EMPTY_NAME_MESSAGE = 'Empty attribute name';

function serializationError(message: string): AwsError {
  return new AwsError('SerializationException', message, { status: 400 });
}

function decodeBase64(text: string): Buffer {
  return Buffer.from(text, 'base64');
}

function checkStringArray(value: unknown): string[] {
  if (!Array.isArray(value)) throw serializationError('Unexpected value type in payload');
  for (const element of value) {
    if (typeof element !== 'string') {
      throw serializationError(
        typeof element === 'number'
          ? 'NUMBER_VALUE cannot be converted to String'
          : 'Unexpected value type in payload',
      );
    }
  }
  return value as string[];
}

function validateInner(value: unknown, depth: number): AttributeValue {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw serializationError('Unexpected value type in payload');
  }
  // Unknown members are dropped by AWS's decoder, so they count as "no type".
  let type: AttributeType | undefined;
  let count = 0;
  for (const key of Object.keys(value)) {
    const member = (value as Record<string, unknown>)[key];
    if (!TYPE_SET.has(key) || member === undefined || member === null) continue;
    count += 1;
    type = key as AttributeType;
  }
  if (count === 0 || type === undefined) throw validationError(EMPTY_VALUE_MESSAGE);
  if (count > 1) throw validationError(MULTIPLE_TYPES_MESSAGE);
  const raw = (value as Record<string, unknown>)[type];
  switch (type) {
    case 'S':
    case 'B':
      if (typeof raw !== 'string') {
        throw serializationError(
          typeof raw === 'number'
            ? 'NUMBER_VALUE cannot be converted to String'
            : 'Unexpected value type in payload',
        );
      }
      return type === 'S' ? { S: raw } : { B: raw };
    case 'N':
      if (typeof raw !== 'string') {
        throw serializationError(
          typeof raw === 'number'
            ? 'NUMBER_VALUE cannot be converted to String'
            : 'Unexpected value type in payload',
        );
      }
      return { N: canonicalizeNumber(raw) };
    case 'BOOL':
      if (typeof raw !== 'boolean') throw serializationError('Unexpected value type in payload');
      return { BOOL: raw };
    case 'NULL':
      if (typeof raw !== 'boolean') throw serializationError('Unexpected value type in payload');
      if (!raw) {
        throw validationError(
          `${INVALID_PARAMETER_PREFIX}Null attribute value types must have the value of true`,
        );
      }
      return { NULL: true };
    case 'SS': {
      const elements = checkStringArray(raw);
      if (elements.length === 0) {
        // Two spaces and "An string" are the service's own text.
        throw validationError(`${INVALID_PARAMETER_PREFIX}An string set  may not be empty`);
      }
      if (new Set(elements).size !== elements.length) {
        throw validationError(
          `${INVALID_PARAMETER_PREFIX}Input collection [${elements.join(', ')}] contains duplicates.`,
        );
      }
      return { SS: [...elements] };
    }
    case 'NS': {
      const elements = checkStringArray(raw);
      if (elements.length === 0) {
        throw validationError(`${INVALID_PARAMETER_PREFIX}An number set  may not be empty`);
      }
      const canonical = elements.map(canonicalizeNumber);
      if (new Set(canonical).size !== canonical.length) {
        throw validationError('Input collection contains duplicates');
      }
      return { NS: canonical };
    }
    case 'BS': {
      const elements = checkStringArray(raw);
      if (elements.length === 0) {
        throw validationError(`${INVALID_PARAMETER_PREFIX}Binary sets should not be empty`);
      }
      const seen = new Set(elements.map((e) => decodeBase64(e).toString('hex')));
      if (seen.size !== elements.length) {
        throw validationError(
          `${INVALID_PARAMETER_PREFIX}Input collection [${elements.join(', ')}]of type BS contains duplicates.`,
        );
      }
      return { BS: [...elements] };
    }
    case 'L': {
      if (!Array.isArray(raw)) throw serializationError('Unexpected value type in payload');
      if (depth >= MAX_NESTING_LEVELS) throw validationError(NESTING_MESSAGE);
      return { L: raw.map((element) => validateInner(element, depth + 1)) };
    }
    case 'M': {
      if (typeof raw !== 'object' || Array.isArray(raw)) {
        throw serializationError('Unexpected value type in payload');
      }
      if (depth >= MAX_NESTING_LEVELS) throw validationError(NESTING_MESSAGE);
      return { M: validateMap(raw as Record<string, unknown>, depth + 1) };
    }
  }
}

function validateMap(raw: Record<string, unknown>, depth: number): AttributeMap {
  const out: AttributeMap = {};
  for (const name of Object.keys(raw)) {
    if (name === '') throw validationError(EMPTY_NAME_MESSAGE);
    out[name] = validateInner(raw[name], depth);
  }
  return out;
}

/**
 * Validates one AttributeValue as DynamoDB validates request values and returns a normalized copy
 * (canonical numbers). Throws ValidationException with AWS's message.
 */
export function validateAttributeValue(value: unknown): AttributeValue {
  return validateInner(value, 0);
}

/** Validates an item, key or EAV-like map of AttributeValues; returns a normalized copy. */
export function validateAttributeMap(map: unknown): AttributeMap {
  if (map === null || typeof map !== 'object' || Array.isArray(map)) {
    throw serializationError('Unexpected value type in payload');
  }
  return validateMap(map as Record<string, unknown>, 0);
}

/** Decoded bytes of a `B` value or `BS` element. */
export function binaryBytes(base64: string): Buffer {
  return decodeBase64(base64);
}
