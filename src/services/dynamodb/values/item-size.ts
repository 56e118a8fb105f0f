import type { AttributeMap, AttributeValue } from './attribute-value.js';
import { scientificExponent, significantDigits, tryParseDecimal } from './number.js';
import { validationError } from './validation-error.js';

/** DynamoDB's maximum item size: 400 KiB, counting attribute names and values. */
export const MAX_ITEM_SIZE_BYTES = 409_600;

/** Size of a UTF-8 string in bytes. */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Decoded length of a base64 string, computed without decoding it. */
export function base64ByteLength(text: string): number {
  let length = text.length;
  while (length > 0 && text.charCodeAt(length - 1) === 61 /* = */) length--;
  return Math.floor((length * 3) / 4);
}

/**
 * Size of a number as DynamoDB counts it: digits are stored in base-100 pairs aligned on the
 * decimal exponent, plus one byte, plus one for negatives (reproduces the service's boundaries).
 */
export function numberSize(text: string): number {
  const n = tryParseDecimal(text);
  if (n === undefined || n.coefficient === 0n) return 1;
  const digits = significantDigits(n);
  let size = 1 + Math.ceil(digits / 2);
  if (digits % 2 === 0 && scientificExponent(n) % 2 === 0) size += 1;
  if (n.coefficient < 0n) size += 1;
  return size;
}

/** Size of one AttributeValue (without its name), per DG "Item sizes and formats". */
export function attributeValueSize(value: AttributeValue): number {
  if ('S' in value) return utf8Length(value.S);
  if ('N' in value) return numberSize(value.N);
  if ('B' in value) return base64ByteLength(value.B);
  if ('BOOL' in value || 'NULL' in value) return 1;
  if ('SS' in value) return value.SS.reduce((sum, e) => sum + utf8Length(e), 0);
  if ('NS' in value) return value.NS.reduce((sum, e) => sum + numberSize(e), 0);
  if ('BS' in value) return value.BS.reduce((sum, e) => sum + base64ByteLength(e), 0);
  if ('L' in value) {
    return value.L.reduce((sum, e) => sum + 1 + attributeValueSize(e), 3);
  }
  let size = 3;
  for (const [name, element] of Object.entries(value.M)) {
    size += 1 + utf8Length(name) + attributeValueSize(element);
  }
  return size;
}

/** Size of an item: every top-level name plus its value. */
export function itemSize(item: AttributeMap): number {
  let size = 0;
  for (const name in item) size += utf8Length(name) + attributeValueSize(item[name]!);
  return size;
}

/**
 * Throws AWS's error when an item exceeds 400 KB: `put` for PutItem/BatchWriteItem/transactional
 * Put, `update` for the result of an UpdateItem.
 */
export function checkItemSize(item: AttributeMap, kind: 'put' | 'update'): void {
  if (itemSize(item) > MAX_ITEM_SIZE_BYTES) {
    throw validationError(
      kind === 'put'
        ? 'Item size has exceeded the maximum allowed size'
        : 'Item size to update has exceeded the maximum allowed size',
    );
  }
}
