/**
 * What a message may contain (SQS-DG "Message metadata", "Amazon SQS message quotas"): body
 * characters, message attribute names, types and values, system attributes, and the size that
 * counts against MaximumMessageSize (body + attribute names, types and values).
 */
import { invalidParameterValue, missingParameter, sqsError } from './errors.js';
import type { MessageAttributeValue } from './md5.js';
import type { SqsInput } from './input.js';

const MAX_ATTRIBUTES = 10;
const MAX_ATTRIBUTE_NAME_LENGTH = 256;

// XML 1.0 Char: #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF. With the `u`
// flag a lone surrogate is its own code point and so falls outside every allowed range.
const INVALID_CHARACTER = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const ATTRIBUTE_NAME = /^[A-Za-z0-9_\-.\u00C0-\u00FF]+$/;
const DATA_TYPE = /^(String|Number|Binary)(\..+)?$/;

/** True when every character of `text` is one SQS accepts. */
export function hasOnlyValidCharacters(text: string): boolean {
  return !INVALID_CHARACTER.test(text);
}

export function invalidMessageContents(): ReturnType<typeof sqsError> {
  return sqsError(
    'InvalidMessageContents',
    'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF',
  );
}

/** Reads and validates `MessageAttributes`; returns undefined when none were given. */
export function readMessageAttributes(
  input: SqsInput,
  member = 'MessageAttributes',
): Record<string, MessageAttributeValue> | undefined {
  const raw = input[member];
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw invalidParameterValue(`The request has an invalid ${member} parameter.`);
  }
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length === 0) return undefined;
  if (entries.length > MAX_ATTRIBUTES) {
    throw invalidParameterValue(
      `Number of message attributes [${entries.length}] exceeds the allowed maximum [${MAX_ATTRIBUTES}].`,
    );
  }
  const out: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of entries) {
    checkAttributeName(name);
    out[name] = checkAttributeValue(name, value);
  }
  return out;
}

function checkAttributeName(name: string): void {
  if (name.length > MAX_ATTRIBUTE_NAME_LENGTH) {
    throw invalidParameterValue('Message (user) attribute names must be shorter than 256 Bytes');
  }
  const lower = name.toLowerCase();
  if (
    name === '' ||
    !ATTRIBUTE_NAME.test(name) ||
    name.startsWith('.') ||
    name.endsWith('.') ||
    name.includes('..')
  ) {
    throw invalidParameterValue(
      `Message (user) attribute name '${name}' is invalid. Names can contain alphanumeric characters, hyphens, underscores and periods, must not start or end with a period and must not contain consecutive periods.`,
    );
  }
  if (lower.startsWith('aws.') || lower.startsWith('amazon.')) {
    throw invalidParameterValue(
      `Message (user) attribute name '${name}' is invalid. Names starting with "AWS." or "Amazon." are reserved.`,
    );
  }
}

function checkAttributeValue(name: string, value: unknown): MessageAttributeValue {
  const v = (value !== null && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const dataType = typeof v['DataType'] === 'string' ? v['DataType'] : '';
  if (dataType === '') {
    throw invalidParameterValue(
      `The message attribute '${name}' must contain non-empty message attribute type.`,
    );
  }
  if (!DATA_TYPE.test(dataType) || dataType.length > 256) {
    throw invalidParameterValue(
      `The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
    );
  }
  if (dataType.startsWith('Binary')) {
    const b = v['BinaryValue'];
    const text =
      typeof b === 'string' ? b : b instanceof Uint8Array ? Buffer.from(b).toString('base64') : '';
    if (text === '' || Buffer.from(text, 'base64').length === 0) {
      throw invalidParameterValue(
        `Message (user) attribute '${name}' must contain a non-empty value of type 'Binary'.`,
      );
    }
    return { DataType: dataType, BinaryValue: text };
  }
  const base = dataType.startsWith('Number') ? 'Number' : 'String';
  const s = v['StringValue'];
  if (typeof s !== 'string' || s === '') {
    throw invalidParameterValue(
      `Message (user) attribute '${name}' must contain a non-empty value of type '${base}'.`,
    );
  }
  if (base === 'Number' && !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s.trim())) {
    throw invalidParameterValue(
      `Can't cast the value of message (user) attribute '${name}' to a number.`,
    );
  }
  if (!hasOnlyValidCharacters(s)) {
    throw invalidParameterValue(
      `Message (user) attribute '${name}' has an invalid value. Invalid characters found.`,
    );
  }
  return { DataType: dataType, StringValue: s };
}

/** Reads `MessageSystemAttributes` (only AWSTraceHeader exists); undefined when none. */
export function readSystemAttributes(
  input: SqsInput,
): Record<string, MessageAttributeValue> | undefined {
  const raw = input['MessageSystemAttributes'];
  if (raw === undefined || raw === null || typeof raw !== 'object') return undefined;
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length === 0) return undefined;
  const out: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of entries) {
    if (name !== 'AWSTraceHeader') {
      throw invalidParameterValue(`Message system attribute name '${name}' is invalid.`);
    }
    const v = (value ?? {}) as Record<string, unknown>;
    if (
      v['DataType'] !== 'String' ||
      typeof v['StringValue'] !== 'string' ||
      v['StringValue'] === ''
    ) {
      throw invalidParameterValue(
        `Message system attribute '${name}' must contain a non-empty value of type 'String'.`,
      );
    }
    out[name] = { DataType: 'String', StringValue: v['StringValue'] };
  }
  return out;
}

/** Bytes counted against MaximumMessageSize: body + each attribute's name, type and value. */
export function messageSize(
  body: string,
  attributes: Readonly<Record<string, MessageAttributeValue>> | undefined,
): number {
  let size = Buffer.byteLength(body, 'utf8');
  if (attributes !== undefined) {
    for (const [name, a] of Object.entries(attributes)) {
      size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(a.DataType, 'utf8');
      size +=
        a.BinaryValue !== undefined
          ? Buffer.from(a.BinaryValue, 'base64').length
          : Buffer.byteLength(a.StringValue ?? '', 'utf8');
    }
  }
  return size;
}

/** The body member, required and non-empty. */
export function readBody(input: SqsInput): string {
  const body = input['MessageBody'];
  if (typeof body !== 'string' || body === '') throw missingParameter('MessageBody');
  return body;
}

const ID_CHARACTERS = /^[!-~]{1,128}$/;

/** MessageGroupId / MessageDeduplicationId / ReceiveRequestAttemptId: 1–128 printable ASCII. */
export function checkTokenParameter(name: string, value: string): void {
  if (!ID_CHARACTERS.test(value)) {
    throw invalidParameterValue(
      `Value ${value} for parameter ${name} is invalid. Reason: ${name} can only include alphanumeric and punctuation characters. 1 to 128 in length.`,
    );
  }
}

/** Which message attributes a receive asked for: `All`, `.*`, `Prefix.*` or exact names. */
export function attributeNameFilter(
  names: readonly string[],
): ((name: string) => boolean) | undefined {
  if (names.length === 0) return undefined;
  if (names.some((n) => n === 'All' || n === '*' || n === '.*')) return () => true;
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const n of names) {
    if (n.endsWith('.*')) prefixes.push(n.slice(0, -2));
    else exact.add(n);
  }
  return (name) => exact.has(name) || prefixes.some((p) => name.startsWith(p));
}
