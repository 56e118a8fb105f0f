/** Publish message attributes: reading them from the query tree and AWS's validation (§11.1). */
import type { QueryValue } from '../../protocol/query.js';
import { queryMapEntries, queryString } from '../../protocol/query.js';
import { parameterValueInvalid, validationError } from './errors.js';

/** A message attribute as SNS keeps it (`BinaryValue` base64, as on the wire). */
export interface SnsMessageAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

export type SnsMessageAttributes = Record<string, SnsMessageAttribute>;

const NAME_CHARS = /^[A-Za-z0-9_\-.]*$/;
const TYPE = /^(String|Number|Binary)(\..+)?$/;

/**
 * Reads and validates `MessageAttributes` (`entry.N.Name`, `entry.N.Value.DataType`, …).
 * `path` is the member path AWS names in ValidationError texts (`messageAttributes` or
 * `publishBatchRequestEntries.1.member.messageAttributes`).
 */
export function parseMessageAttributes(
  tree: QueryValue | undefined,
  path = 'messageAttributes',
): SnsMessageAttributes {
  const out: SnsMessageAttributes = {};
  const entries = queryMapEntries(tree, { entry: 'entry', key: 'Name', value: 'Value' }) ?? [];
  for (const [name, raw] of entries) {
    validateName(name);
    const value = typeof raw === 'object' && !Array.isArray(raw) ? raw : {};
    const dataType = queryString(value['DataType']);
    if (dataType === undefined) {
      throw validationError(
        `1 validation error detected: Value null at '${path}.${name}.member.dataType' failed to satisfy constraint: Member must not be null`,
      );
    }
    const m = TYPE.exec(dataType);
    if (m === null || dataType.endsWith('.')) {
      throw parameterValueInvalid(
        `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
      );
    }
    const base = m[1]!;
    const stringValue = queryString(value['StringValue']);
    const binaryValue = queryString(value['BinaryValue']);
    if (base === 'Binary') {
      if (binaryValue === undefined) {
        if (stringValue !== undefined) {
          throw parameterValueInvalid(
            `The message attribute '${name}' with type 'Binary' must use field 'Binary'.`,
          );
        }
        throw emptyValue(name, dataType);
      }
      if (binaryValue === '') throw emptyValue(name, dataType);
      out[name] = { DataType: dataType, BinaryValue: binaryValue };
      continue;
    }
    if (stringValue === undefined) {
      if (binaryValue !== undefined) {
        throw parameterValueInvalid(
          `The message attribute '${name}' with type '${base}' must use field 'String'.`,
        );
      }
      throw emptyValue(name, dataType);
    }
    if (stringValue === '') throw emptyValue(name, dataType);
    if (base === 'Number' && !isSnsNumber(stringValue)) {
      throw parameterValueInvalid(
        `An error occurred while processing message attribute '${name}': the value '${stringValue}' is not a valid number.`,
      );
    }
    if (dataType === 'String.Array' && !isStringArray(stringValue)) {
      throw parameterValueInvalid(
        `The message attribute '${name}' with type 'String.Array' has an invalid value: ${stringValue}`,
      );
    }
    out[name] = { DataType: dataType, StringValue: stringValue };
  }
  return out;
}

function emptyValue(name: string, dataType: string): Error {
  return parameterValueInvalid(
    `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${dataType.split('.')[0]!}'.`,
  );
}

function validateName(name: string): void {
  if (Buffer.byteLength(name, 'utf8') > 256) {
    throw parameterValueInvalid('Length of message attribute name must be less than 256 bytes.');
  }
  if (!NAME_CHARS.test(name)) {
    const bad = [...name].find((c) => !/[A-Za-z0-9_\-.]/.test(c)) ?? '';
    const hex = (bad.codePointAt(0) ?? 0).toString(16).toUpperCase();
    throw parameterValueInvalid(
      `Invalid non-alphanumeric character '#x${hex}' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots.`,
    );
  }
  if (name.startsWith('.')) {
    throw parameterValueInvalid(
      "Invalid message attribute name starting with character '.' was found.",
    );
  }
  if (name.endsWith('.')) {
    throw parameterValueInvalid(
      "Invalid message attribute name ending with character '.' was found.",
    );
  }
  if (name.includes('..')) {
    throw parameterValueInvalid("Message attribute name can not have successive '.' character.");
  }
  if (/^(AWS|Amazon)\./i.test(name)) {
    throw parameterValueInvalid(
      `The message attribute name '${name}' is reserved for use by AWS and cannot be used.`,
    );
  }
}

/** SNS numbers: decimal, ±10^9, up to 5 decimal digits. */
function isSnsNumber(text: string): boolean {
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text.trim())) return false;
  const n = Number(text);
  return Number.isFinite(n) && Math.abs(n) <= 1e9;
}

function isStringArray(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return (
      Array.isArray(v) &&
      v.every((e) => e === null || ['string', 'number', 'boolean'].includes(typeof e))
    );
  } catch {
    return false;
  }
}

/** Bytes the attributes add to a message's size: name + type + value. */
export function attributesSize(attributes: SnsMessageAttributes): number {
  let size = 0;
  for (const [name, a] of Object.entries(attributes)) {
    size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(a.DataType, 'utf8');
    if (a.StringValue !== undefined) size += Buffer.byteLength(a.StringValue, 'utf8');
    if (a.BinaryValue !== undefined) size += Buffer.from(a.BinaryValue, 'base64').length;
  }
  return size;
}
